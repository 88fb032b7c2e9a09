/**
 * `gbdt`: histogram gradient-boosted trees (XGBoost-style second-order boosting) for binary, ternary,
 * multiclass and regression tasks. Tabular (rank 2); a rank-3 dataset contributes its last time step.
 */
import * as path from 'path';
import { inputError } from '../../util/errors';
import { Rng } from '../../util/rng';
import { notFitted, readManifest, registerModel, resolveParams, writeManifest, type ModelManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, Task, TrainHistory } from '../types';
import { binMatrix, fitBinMatrix, mapperFromUpper, type BinMapper } from './binning';
import { boost, type BoostConfig } from './boost';
import { fitPlatt, type Platt } from '../calibration';
import { capacityCandidates, type GbdtCapacity } from './capacity';
import { decodeF64, encodeArray, type EncodedArray } from './codec';
import { balancedWeights, checkFeatureNames, labelled, tabular } from './data';
import { boostedMargins, boostedMarginsBinned, gainImportance } from './ensemble';
import { baseScore, type ObjectiveKind } from './objectives';
import { checkTask, classesOf, marginsToProba, probaToClass } from './common';
import { decodeTree, encodeTree, type EncodedTree, type Tree } from './tree';

/** Hyperparameters of `gbdt` (XGBoost names in brackets). */
export const gbdtDefaults = {
  /** `binary`, `ternary`, `multiclass` (set `classes`) or `regression`. */
  task: 'binary' as string,
  /** Class count for task `multiclass` (0 = not used). */
  classes: 0,
  /** Boosting rounds [n_estimators]. */
  nRounds: 100,
  /** Shrinkage of each tree's leaf values [eta]. */
  learningRate: 0.1,
  /** `depthwise` (level by level) or `leafwise` (best-first, LightGBM style) [grow_policy]. */
  growPolicy: 'depthwise' as string,
  /** Maximum depth, 0 = unlimited [max_depth]. */
  maxDepth: 6,
  /** Maximum leaves per tree, 0 = unlimited (leafwise: 0 means 31) [max_leaves]. */
  maxLeaves: 0,
  /** L2 regularisation of leaf weights [lambda]. */
  lambda: 1,
  /** Minimum gain a split must exceed (pre-pruning) [gamma]. */
  gamma: 0,
  /** Minimum hessian sum per child [min_child_weight]. */
  minChildWeight: 1,
  /** Fraction of rows sampled per round [subsample]. */
  subsample: 1,
  /** Fraction of features sampled per tree [colsample_bytree]. */
  colsampleByTree: 1,
  /** Maximum value bins per feature, <= 255 (NaN has its own bin) [max_bin]. */
  maxBins: 255,
  /**
   * Stop when the validation loss has not improved for this many rounds, keeping the best round; 0 = off.
   * Applies whenever FitOptions.validation is given; set explicitly without validation it is an error.
   */
  earlyStoppingRounds: 20,
  /**
   * `auto`: with validation rows, every fit tries the capacity candidates (depth, shrinkage, minimum leaf
   * weight; see `trees/capacity.ts`; keys given explicitly stay fixed) and keeps the lowest validation loss;
   * `none`: use the parameters as given.
   */
  select: 'auto' as string,
  /** `platt`: binary probabilities recalibrated by Platt scaling on the validation rows (when given); `none`. */
  calibration: 'platt' as string,
  /** `none` or `balanced` (weights n / (k · n_c)). */
  classWeight: 'none' as string,
  /** Rounds added by finetune() when `epochs` is not given. */
  finetuneRounds: 10,
  seed: 42,
};

/** Resolved `gbdt` hyperparameters. */
export type GbdtParams = typeof gbdtDefaults;

interface GbdtState {
  upper: EncodedArray[];
  base: number[];
  trees: EncodedTree[];
  rounds: number;
  rngState: [number, number, number, number];
  history: TrainHistory;
  /** Capacity used (chosen under `select: "auto"`). */
  chosen?: GbdtCapacity;
  platt?: Platt;
}

/** The `gbdt` model. Construct through `createModel('gbdt', params)` or directly. */
export class GbdtModel implements Model {
  readonly key = 'gbdt';
  readonly inputRank = 2 as const;
  readonly task: Task;
  readonly classes: number;
  readonly params: Readonly<GbdtParams>;
  private mapper: BinMapper | undefined;
  private trees: Tree[] = [];
  private base = new Float64Array(1);
  private names: string[] = [];
  private rng: Rng;
  private hist: TrainHistory = { loss: [] };
  private rounds = 0;
  private chosen: GbdtCapacity;
  private platt: Platt | undefined;
  /** Hyperparameters the caller set explicitly (a loaded model: none, its manifest holds every default). */
  private given: Record<string, unknown>;

  /** @param params see {@link gbdtDefaults} */
  constructor(params: Record<string, unknown> = {}) {
    const p = resolveParams('gbdt', gbdtDefaults, params);
    checkGbdtParams(p);
    this.params = p;
    this.task = checkTask('gbdt', p.task);
    this.classes = classesOf('gbdt', this.task, p.classes);
    this.rng = new Rng(p.seed);
    this.given = { ...params };
    this.chosen = { maxDepth: p.maxDepth, learningRate: p.learningRate, minChildWeight: p.minChildWeight };
  }

  get fitted(): boolean {
    return this.mapper !== undefined;
  }

  private get kind(): ObjectiveKind {
    return this.task === 'regression' ? 'squared' : this.classes === 2 ? 'binary' : 'softmax';
  }

  private get K(): number {
    return this.kind === 'softmax' ? this.classes : 1;
  }

  /** Number of boosting rounds in the ensemble. */
  get nRounds(): number {
    return this.rounds;
  }

  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    const p = this.params;
    const lab = labelled(train, this.task, this.classes, 'gbdt');
    const { mapper, bins } = fitBinMatrix(lab.tab.x, lab.tab.n, lab.tab.features, { maxBins: p.maxBins, seed: p.seed });
    const w = p.classWeight === 'balanced' && this.task !== 'regression' ? balancedWeights(lab.y, lab.w, this.classes) : lab.w;
    this.mapper = undefined;
    this.names = lab.tab.names.slice();
    const auto = p.select === 'auto' && options.validation !== undefined;
    const candidates = auto ? capacityCandidates(this.given) : [{ maxDepth: p.maxDepth, learningRate: p.learningRate, minChildWeight: p.minChildWeight }];
    let best: { score: number; trees: Tree[]; rounds: number; hist: TrainHistory; rng: Rng; chosen: GbdtCapacity } | undefined;
    for (const c of candidates) {
      this.chosen = c;
      this.rng = new Rng(p.seed);
      this.base = baseScore(this.kind, lab.y, w, this.K);
      this.trees = [];
      this.rounds = 0;
      this.hist = { loss: [] };
      await this.run(mapper, lab.tab.x, lab.tab.n, lab.y, w, p.nRounds, options, bins);
      const score = this.hist.valLoss?.length ? Math.min(...this.hist.valLoss) : 0;
      if (!best || score < best.score - 1e-9) best = { score, trees: this.trees, rounds: this.rounds, hist: this.hist, rng: this.rng, chosen: c };
    }
    const b = best as NonNullable<typeof best>;
    Object.assign(this, { trees: b.trees, rounds: b.rounds, hist: b.hist, rng: b.rng, chosen: b.chosen });
    this.calibrate(options);
    this.mapper = mapper;
    return this;
  }

  /** Fits the Platt map on the validation margins (binary, `calibration: "platt"`); clears it otherwise. */
  private calibrate(options: FitOptions): void {
    this.platt = undefined;
    if (!options.validation || this.params.calibration !== 'platt' || this.kind !== 'binary') return;
    const v = labelled(options.validation, this.task, this.classes, 'gbdt');
    const m = boostedMargins(this.trees, 1, this.base, v.tab.x, v.tab.n, v.tab.features);
    this.platt = fitPlatt(m, v.y, { span: options.labelSpan ?? 1 });
  }

  /** The capacity of the last fit (`maxDepth`, `learningRate`, `minChildWeight`), the rounds kept and the Platt map. */
  selection(): Record<string, number | string> {
    if (!this.mapper) throw notFitted(this.key, 'selection');
    const out: Record<string, number | string> = { ...this.chosen, rounds: this.rounds };
    if (this.platt) {
      out.plattA = this.platt.a;
      out.plattB = this.platt.b;
    }
    return out;
  }

  async finetune(data: Dataset, options: FinetuneOptions = {}): Promise<this> {
    if (!this.mapper) throw notFitted(this.key, 'finetune');
    const lab = labelled(data, this.task, this.classes, 'gbdt');
    checkFeatureNames('gbdt', this.names, lab.tab.names);
    const rounds = options.epochs ?? this.params.finetuneRounds;
    if (!(Number.isInteger(rounds) && rounds >= 0)) throw inputError({ key: 'gbdt.finetune.epochs' }, 'an integer >= 0', String(rounds));
    const w = this.params.classWeight === 'balanced' && this.task !== 'regression' ? balancedWeights(lab.y, lab.w, this.classes) : lab.w;
    await this.run(this.mapper, lab.tab.x, lab.tab.n, lab.y, w, rounds, options);
    this.calibrate(options);
    return this;
  }

  private async run(
    mapper: BinMapper, x: Float32Array, n: number, y: Float64Array, w: Float64Array, rounds: number, options: FitOptions, binned?: Uint8Array,
  ): Promise<void> {
    const p = this.params;
    const F = mapper.upper.length;
    const bins = binned ?? binMatrix(mapper, x, n);
    const K = this.K;
    let val;
    if (options.validation) {
      const v = labelled(options.validation, this.task, this.classes, 'gbdt');
      checkFeatureNames('gbdt', this.names, v.tab.names);
      val = { x: v.tab.x, n: v.tab.n, features: F, y: v.y, w: v.w, margin: boostedMargins(this.trees, K, this.base, v.tab.x, v.tab.n, F) };
    } else if (p.earlyStoppingRounds > 0 && this.given.earlyStoppingRounds !== undefined) {
      throw inputError({ key: 'gbdt.earlyStoppingRounds' }, 'a validation set (FitOptions.validation) when early stopping is on', 'none');
    }
    const leafwise = p.growPolicy === 'leafwise';
    const cfg: BoostConfig = {
      kind: this.kind, K, rounds, learningRate: this.chosen.learningRate, lambda: p.lambda, gamma: p.gamma, minChildWeight: this.chosen.minChildWeight,
      subsample: p.subsample, colsampleByTree: p.colsampleByTree, earlyStoppingRounds: val ? p.earlyStoppingRounds : 0, keepBest: this.trees.length > 0, rng: this.rng, family: 'gbdt',
      grow: { growPolicy: leafwise ? 'leafwise' : 'depthwise', maxDepth: this.chosen.maxDepth, maxLeaves: leafwise && p.maxLeaves === 0 ? 31 : p.maxLeaves, featuresPerNode: 0 },
    };
    const margin = boostedMarginsBinned(this.trees, K, this.base, bins, n, mapper.nBins);
    const res = await boost(cfg, { bins, n, mapper, y, w, margin }, val, options);
    this.trees = this.trees.concat(res.trees);
    this.rounds += res.rounds;
    const h: TrainHistory = { loss: this.hist.loss.concat(res.loss) };
    if (res.valLoss) h.valLoss = (this.hist.valLoss ?? []).concat(res.valLoss);
    this.hist = h;
  }

  private margins(data: Dataset, method: string): { m: Float64Array; n: number } {
    if (!this.mapper) throw notFitted(this.key, method);
    const tab = tabular(data, 'gbdt');
    checkFeatureNames('gbdt', this.names, tab.names);
    return { m: boostedMargins(this.trees, this.K, this.base, tab.x, tab.n, tab.features), n: tab.n };
  }

  async predictProba(data: Dataset): Promise<Float32Array> {
    if (this.task === 'regression') throw inputError({ key: 'gbdt.task' }, 'a classification task for predictProba()', 'regression');
    const { m, n } = this.margins(data, 'predictProba');
    this.applyPlatt(m, n);
    return marginsToProba(m, n, this.classes);
  }

  async predict(data: Dataset): Promise<Float32Array> {
    const { m, n } = this.margins(data, 'predict');
    if (this.task === 'regression') return Float32Array.from(m);
    this.applyPlatt(m, n);
    return probaToClass(marginsToProba(m, n, this.classes), n, this.classes);
  }

  /** Maps binary margins to calibrated logits a·m + b in place (no-op without a Platt map). */
  private applyPlatt(m: Float64Array, n: number): void {
    const pl = this.platt;
    if (pl && m.length === n) for (let i = 0; i < n; i++) m[i] = pl.a * m[i] + pl.b;
  }

  featureImportance(): Record<string, number> {
    if (!this.mapper) throw notFitted(this.key, 'featureImportance');
    return gainImportance(this.trees, this.names);
  }

  history(): TrainHistory {
    return { ...this.hist, loss: this.hist.loss.slice(), ...(this.hist.valLoss ? { valLoss: this.hist.valLoss.slice() } : {}) };
  }

  /** Bytes of the saved model.json (trees as base64 typed arrays), 0 before fit. */
  sizeBytes(): number {
    return this.mapper ? Buffer.byteLength(JSON.stringify(this.manifest(), null, 2)) : 0;
  }

  private manifest(): Omit<ModelManifest, 'format' | 'savedAt'> {
    const mapper = this.mapper as BinMapper;
    const state: GbdtState = {
      upper: mapper.upper.map((u) => encodeArray(u)),
      base: Array.from(this.base),
      trees: this.trees.map(encodeTree),
      rounds: this.rounds,
      rngState: this.rng.state(),
      history: this.hist,
      chosen: this.chosen,
      ...(this.platt ? { platt: this.platt } : {}),
    };
    return { key: this.key, task: this.task, params: { ...this.params }, featureNames: this.names, state };
  }

  async save(dir: string): Promise<void> {
    if (!this.mapper) throw notFitted(this.key, 'save');
    writeManifest(dir, this.manifest());
  }

  /** Restores a model saved by {@link GbdtModel.save}. */
  static fromManifest(dir: string, manifest: ModelManifest): GbdtModel {
    const m = new GbdtModel(manifest.params);
    const s = manifest.state as GbdtState;
    const file = path.join(dir, 'model.json');
    if (!s || !Array.isArray(s.trees) || !Array.isArray(s.upper)) throw inputError({ file, key: 'state' }, 'gbdt state {upper, base, trees}', 'missing');
    m.mapper = mapperFromUpper(s.upper.map((u, f) => decodeF64(u, `state.upper[${f}]`)));
    m.base = Float64Array.from(s.base);
    m.trees = s.trees.map((t, i) => decodeTree(t, `state.trees[${i}]`));
    m.rounds = s.rounds;
    m.names = manifest.featureNames.slice();
    m.rng = Rng.fromState(s.rngState);
    m.hist = s.history ?? { loss: [] };
    m.given = {};
    if (s.chosen) m.chosen = s.chosen;
    m.platt = s.platt;
    return m;
  }
}

function checkGbdtParams(p: GbdtParams): void {
  const bad = (key: string, expected: string, v: unknown): never => {
    throw inputError({ key: `gbdt.${key}` }, expected, JSON.stringify(v));
  };
  if (!(Number.isInteger(p.nRounds) && p.nRounds >= 0)) bad('nRounds', 'an integer >= 0', p.nRounds);
  if (!(p.learningRate > 0)) bad('learningRate', 'a number > 0', p.learningRate);
  if (p.growPolicy !== 'depthwise' && p.growPolicy !== 'leafwise') bad('growPolicy', '"depthwise" or "leafwise"', p.growPolicy);
  if (!(Number.isInteger(p.maxDepth) && p.maxDepth >= 0)) bad('maxDepth', 'an integer >= 0', p.maxDepth);
  if (!(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 0 && p.maxLeaves !== 1)) bad('maxLeaves', 'an integer >= 2 (or 0 = unlimited)', p.maxLeaves);
  if (p.growPolicy === 'depthwise' && p.maxDepth === 0 && p.maxLeaves === 0) bad('maxDepth', 'a depth > 0 (or maxLeaves > 0) for depthwise growth', p.maxDepth);
  if (!(p.lambda >= 0)) bad('lambda', 'a number >= 0', p.lambda);
  if (!(p.gamma >= 0)) bad('gamma', 'a number >= 0', p.gamma);
  if (!(p.minChildWeight >= 0)) bad('minChildWeight', 'a number >= 0', p.minChildWeight);
  if (!(p.subsample > 0 && p.subsample <= 1)) bad('subsample', 'a fraction in (0, 1]', p.subsample);
  if (!(p.colsampleByTree > 0 && p.colsampleByTree <= 1)) bad('colsampleByTree', 'a fraction in (0, 1]', p.colsampleByTree);
  if (!(Number.isInteger(p.maxBins) && p.maxBins >= 2 && p.maxBins <= 255)) bad('maxBins', 'an integer in 2..255', p.maxBins);
  if (!(Number.isInteger(p.earlyStoppingRounds) && p.earlyStoppingRounds >= 0)) bad('earlyStoppingRounds', 'an integer >= 0', p.earlyStoppingRounds);
  if (p.select !== 'auto' && p.select !== 'none') bad('select', '"auto" or "none"', p.select);
  if (p.calibration !== 'platt' && p.calibration !== 'none') bad('calibration', '"platt" or "none"', p.calibration);
  if (p.classWeight !== 'none' && p.classWeight !== 'balanced') bad('classWeight', '"none" or "balanced"', p.classWeight);
  if (!(Number.isInteger(p.finetuneRounds) && p.finetuneRounds >= 0)) bad('finetuneRounds', 'an integer >= 0', p.finetuneRounds);
}

registerModel({
  key: 'gbdt',
  description: 'Histogram gradient-boosted trees (depth-wise or leaf-wise, NaN-aware, early stopping)',
  tasks: ['binary', 'ternary', 'multiclass', 'regression'],
  inputRank: 2,
  create: (params) => new GbdtModel(params),
  load: async (dir, manifest) => GbdtModel.fromManifest(dir, manifest ?? readManifest(dir)),
});
