/**
 * `random_forest`: bagged histogram trees with features drawn per split, averaged leaf class
 * frequencies (Gini or entropy splits) or leaf means (regression), out-of-bag score.
 * Tabular (rank 2); a rank-3 dataset contributes its last time step.
 */
import * as path from 'path';
import { inputError } from '../../util/errors';
import { calibrateBinaryProba, fitPlatt, probabilityScore, type Platt } from '../calibration';
import { Rng } from '../../util/rng';
import { notFitted, registerModel, resolveParams, writeManifest, type ModelManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, Task, TrainHistory } from '../types';
import { bag, oobScoreOf } from './bagging';
import { binMatrix, fitBinMatrix, mapperFromUpper, type BinMapper } from './binning';
import { decodeF64, encodeArray, type EncodedArray } from './codec';
import { checkTask, classesOf, probaToClass } from './common';
import { balancedWeights, checkFeatureNames, labelled, tabular } from './data';
import { averagedLeaves, gainImportance } from './ensemble';
import { decodeTree, encodeTree, type EncodedTree, type Tree } from './tree';

/** Hyperparameters of `random_forest` (scikit-learn names in brackets). */
export const forestDefaults = {
  /** `binary`, `ternary`, `multiclass` (set `classes`) or `regression`. */
  task: 'binary' as string,
  /** Class count for task `multiclass` (0 = not used). */
  classes: 0,
  /** Optional display names of the classes (metadata only). */
  classNames: [] as string[],
  /** Trees [n_estimators]. */
  nTrees: 100,
  /** Maximum depth, 0 = unlimited [max_depth]. */
  maxDepth: 10,
  /**
   * Features tried per split [max_features]: null = sqrt(features) for classification, features/3 for
   * regression; `"sqrt"`, `"log2"`, `"all"`; a number in (0, 1) = fraction; an integer >= 1 = count.
   */
  maxFeatures: null as null | string | number,
  /** `gini` or `entropy` (classification) [criterion]. */
  criterion: 'gini' as string,
  /**
   * Minimum weight (bootstrap draws × sample weight) in a leaf [min_samples_leaf]. 20 (scikit-learn: 1) keeps
   * leaf frequencies of small noisy daily samples from being 0/1 (measured, AR(1) φ = 0.3 signal benchmark:
   * 1 → accuracy 0.575, random-walk log loss 0.706; 20 → 0.590, 0.700).
   */
  minSamplesLeaf: 20,
  /** Draw a bootstrap sample per tree (false: every tree sees every row) [bootstrap]. */
  bootstrap: true,
  /** Draws per bootstrap sample as a fraction of the rows [max_samples]. */
  maxSamples: 1,
  /** Maximum value bins per feature, <= 255. */
  maxBins: 255,
  /** `none` or `balanced` [class_weight]. */
  classWeight: 'none' as string,
  /** Trees added by finetune() when `epochs` is not given (warm start). */
  finetuneTrees: 10,
  /**
   * `platt`: binary vote shares recalibrated by Platt scaling of their logit on the validation rows (when
   * given; overlapping labels counted, src/models/calibration.ts); `none`.
   */
  calibration: 'platt' as string,
  seed: 42,
};

/** Resolved `random_forest` hyperparameters. */
export type ForestParams = typeof forestDefaults;

interface ForestState {
  upper: EncodedArray[];
  trees: EncodedTree[];
  oobScore: number | null;
  rngState: [number, number, number, number];
  platt?: Platt;
}

/** The `random_forest` model (also the engine of `regime_rf`). */
export class RandomForestModel implements Model {
  readonly key: string;
  readonly inputRank = 2 as const;
  readonly task: Task;
  readonly classes: number;
  readonly params: Readonly<ForestParams>;
  /** Out-of-bag score of the last fit: accuracy (classification) or R² (regression); NaN without bootstrap. */
  oobScore = NaN;
  private mapper: BinMapper | undefined;
  private trees: Tree[] = [];
  private names: string[] = [];
  private rng: Rng;
  private platt: Platt | undefined;

  /**
   * @param params see {@link forestDefaults}
   * @param key registry key (`random_forest`, or a preset such as `regime_rf`)
   * @param defaults the preset's defaults
   */
  constructor(params: Record<string, unknown> = {}, key = 'random_forest', defaults: ForestParams = forestDefaults) {
    this.key = key;
    const p = resolveParams(key, defaults, params);
    this.task = checkTask(key, p.task);
    this.classes = classesOf(key, this.task, p.classes);
    checkForestParams(key, p);
    this.params = p;
    this.rng = new Rng(p.seed);
  }

  get fitted(): boolean {
    return this.mapper !== undefined;
  }

  private get regression(): boolean {
    return this.task === 'regression';
  }

  private featuresPerSplit(F: number): number {
    const mf = this.params.maxFeatures;
    if (mf === null) return this.regression ? Math.max(1, Math.floor(F / 3)) : Math.max(1, Math.floor(Math.sqrt(F)));
    if (mf === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(F)));
    if (mf === 'log2') return Math.max(1, Math.floor(Math.log2(F)));
    if (mf === 'all') return F;
    const v = mf as number;
    return v < 1 ? Math.max(1, Math.floor(v * F)) : Math.min(F, v);
  }

  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    const p = this.params;
    const lab = labelled(train, this.task, this.classes, this.key);
    const { mapper, bins } = fitBinMatrix(lab.tab.x, lab.tab.n, lab.tab.features, { maxBins: p.maxBins, seed: p.seed });
    this.rng = new Rng(p.seed);
    this.mapper = undefined;
    this.names = lab.tab.names.slice();
    this.trees = [];
    const w = p.classWeight === 'balanced' && !this.regression ? balancedWeights(lab.y, lab.w, this.classes) : lab.w;
    const res = await this.grow(mapper, lab.tab.x, lab.tab.n, lab.y, w, p.nTrees, options, bins);
    this.oobScore = p.bootstrap ? oobScoreOf(res, lab.y, w, this.classes, this.regression) : NaN;
    this.mapper = mapper;
    this.calibrate(options);
    return this;
  }

  /** Fits the Platt map of binary vote shares on the validation rows (`calibration: "platt"`); clears it otherwise. */
  private calibrate(options: FitOptions): void {
    this.platt = undefined;
    if (!options.validation || this.params.calibration !== 'platt' || this.task !== 'binary' || this.classes !== 2) return;
    const v = labelled(options.validation, this.task, this.classes, this.key);
    const shares = averagedLeaves(this.trees, 2, v.tab.x, v.tab.n, v.tab.features);
    const s = new Float64Array(v.tab.n);
    for (let i = 0; i < s.length; i++) s[i] = probabilityScore(shares[2 * i + 1]);
    this.platt = fitPlatt(s, v.y, { span: options.labelSpan ?? 1 });
  }

  /** The Platt map of the last fit/finetune (`plattA`, `plattB`), empty without one. */
  selection(): Record<string, number | string> {
    if (!this.mapper) throw notFitted(this.key, 'selection');
    return this.platt ? { plattA: this.platt.a, plattB: this.platt.b } : {};
  }

  /** Warm start: adds `epochs` (default `finetuneTrees`) trees grown on `data` with the original bins; oobScore is kept. */
  async finetune(data: Dataset, options: FinetuneOptions = {}): Promise<this> {
    if (!this.mapper) throw notFitted(this.key, 'finetune');
    const lab = labelled(data, this.task, this.classes, this.key);
    checkFeatureNames(this.key, this.names, lab.tab.names);
    const count = options.epochs ?? this.params.finetuneTrees;
    if (!(Number.isInteger(count) && count >= 0)) throw inputError({ key: `${this.key}.finetune.epochs` }, 'an integer >= 0', String(count));
    const w = this.params.classWeight === 'balanced' && !this.regression ? balancedWeights(lab.y, lab.w, this.classes) : lab.w;
    await this.grow(this.mapper, lab.tab.x, lab.tab.n, lab.y, w, count, options);
    this.calibrate(options);
    return this;
  }

  private async grow(
    mapper: BinMapper, x: Float32Array, n: number, y: Float64Array, w: Float64Array, trees: number, options: FitOptions, bins?: Uint8Array,
  ) {
    const p = this.params;
    const F = mapper.upper.length;
    const res = await bag(
      {
        trees, classes: this.classes, regression: this.regression, criterion: p.criterion as 'gini' | 'entropy',
        minSamplesLeaf: p.minSamplesLeaf, bootstrap: p.bootstrap, maxSamples: p.maxSamples, rng: this.rng, family: this.key,
        grow: { growPolicy: 'depthwise', maxDepth: p.maxDepth, maxLeaves: 0, featuresPerNode: this.featuresPerSplit(F) },
      },
      { bins: bins ?? binMatrix(mapper, x, n), n, mapper, y, w },
      options,
    );
    this.trees = this.trees.concat(res.trees);
    return res;
  }

  private averaged(data: Dataset, method: string): { v: Float64Array; n: number } {
    if (!this.mapper) throw notFitted(this.key, method);
    const tab = tabular(data, this.key);
    checkFeatureNames(this.key, this.names, tab.names);
    return { v: averagedLeaves(this.trees, this.regression ? 1 : this.classes, tab.x, tab.n, tab.features), n: tab.n };
  }

  async predictProba(data: Dataset): Promise<Float32Array> {
    if (this.regression) throw inputError({ key: `${this.key}.task` }, 'a classification task for predictProba()', 'regression');
    return Float32Array.from(calibrateBinaryProba(this.platt, this.averaged(data, 'predictProba').v));
  }

  async predict(data: Dataset): Promise<Float32Array> {
    const { v, n } = this.averaged(data, 'predict');
    return this.regression ? Float32Array.from(v) : probaToClass(calibrateBinaryProba(this.platt, v), n, this.classes);
  }

  featureImportance(): Record<string, number> {
    if (!this.mapper) throw notFitted(this.key, 'featureImportance');
    return gainImportance(this.trees, this.names);
  }

  /** Forests have no rounds: empty loss history. */
  history(): TrainHistory {
    return { loss: [] };
  }

  /** Bytes of the saved model.json (trees as base64 typed arrays), 0 before fit. */
  sizeBytes(): number {
    return this.mapper ? Buffer.byteLength(JSON.stringify(this.manifest(), null, 2)) : 0;
  }

  private manifest(): Omit<ModelManifest, 'format' | 'savedAt'> {
    const mapper = this.mapper as BinMapper;
    const state: ForestState = {
      upper: mapper.upper.map((u) => encodeArray(u)),
      trees: this.trees.map(encodeTree),
      oobScore: Number.isNaN(this.oobScore) ? null : this.oobScore,
      rngState: this.rng.state(),
      ...(this.platt ? { platt: this.platt } : {}),
    };
    return { key: this.key, task: this.task, params: { ...this.params }, featureNames: this.names, state };
  }

  async save(dir: string): Promise<void> {
    if (!this.mapper) throw notFitted(this.key, 'save');
    writeManifest(dir, this.manifest());
  }

  /** Restores a model saved by {@link RandomForestModel.save}. */
  static fromManifest(dir: string, manifest: ModelManifest, defaults: ForestParams = forestDefaults): RandomForestModel {
    const m = new RandomForestModel(manifest.params, manifest.key, defaults);
    const s = manifest.state as ForestState;
    if (!s || !Array.isArray(s.trees) || !Array.isArray(s.upper)) {
      throw inputError({ file: path.join(dir, 'model.json'), key: 'state' }, `${manifest.key} state {upper, trees}`, 'missing');
    }
    m.mapper = mapperFromUpper(s.upper.map((u, f) => decodeF64(u, `state.upper[${f}]`)));
    m.trees = s.trees.map((t, i) => decodeTree(t, `state.trees[${i}]`));
    m.oobScore = s.oobScore ?? NaN;
    m.names = manifest.featureNames.slice();
    m.rng = Rng.fromState(s.rngState);
    m.platt = s.platt;
    return m;
  }
}

function checkForestParams(key: string, p: ForestParams): void {
  const bad = (k: string, expected: string, v: unknown): never => {
    throw inputError({ key: `${key}.${k}` }, expected, JSON.stringify(v));
  };
  if (!(Number.isInteger(p.nTrees) && p.nTrees >= 1)) bad('nTrees', 'an integer >= 1', p.nTrees);
  if (!(Number.isInteger(p.maxDepth) && p.maxDepth >= 0)) bad('maxDepth', 'an integer >= 0', p.maxDepth);
  const mf = p.maxFeatures;
  const okMf = mf === null || mf === 'sqrt' || mf === 'log2' || mf === 'all' || (typeof mf === 'number' && mf > 0 && (mf < 1 || Number.isInteger(mf)));
  if (!okMf) bad('maxFeatures', 'null, "sqrt", "log2", "all", a fraction in (0, 1) or an integer count >= 1', mf);
  if (p.criterion !== 'gini' && p.criterion !== 'entropy') bad('criterion', '"gini" or "entropy"', p.criterion);
  if (!(p.minSamplesLeaf > 0)) bad('minSamplesLeaf', 'a number > 0', p.minSamplesLeaf);
  if (!(p.maxSamples > 0 && p.maxSamples <= 1)) bad('maxSamples', 'a fraction in (0, 1]', p.maxSamples);
  if (!(Number.isInteger(p.maxBins) && p.maxBins >= 2 && p.maxBins <= 255)) bad('maxBins', 'an integer in 2..255', p.maxBins);
  if (p.classWeight !== 'none' && p.classWeight !== 'balanced') bad('classWeight', '"none" or "balanced"', p.classWeight);
  if (!(Number.isInteger(p.finetuneTrees) && p.finetuneTrees >= 0)) bad('finetuneTrees', 'an integer >= 0', p.finetuneTrees);
  if (p.calibration !== 'platt' && p.calibration !== 'none') bad('calibration', '"platt" or "none"', p.calibration);
  if (p.classNames.length > 0 && p.classNames.length !== (p.task === 'multiclass' ? p.classes : p.task === 'ternary' ? 3 : 2)) {
    bad('classNames', 'one name per class', p.classNames);
  }
}

registerModel({
  key: 'random_forest',
  description: 'Random forest on histogram trees (bootstrap, features per split, out-of-bag score)',
  tasks: ['binary', 'ternary', 'multiclass', 'regression'],
  inputRank: 2,
  create: (params) => new RandomForestModel(params),
  load: async (dir, manifest) => RandomForestModel.fromManifest(dir, manifest),
});
