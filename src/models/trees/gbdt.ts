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
import { checkGbdtParams, gbdtDefaults, type GbdtParams } from './gbdt-params';

export { gbdtDefaults, type GbdtParams } from './gbdt-params';


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

registerModel({
  key: 'gbdt',
  description: 'Histogram gradient-boosted trees (depth-wise or leaf-wise, NaN-aware, early stopping)',
  tasks: ['binary', 'ternary', 'multiclass', 'regression'],
  inputRank: 2,
  create: (params) => new GbdtModel(params),
  load: async (dir, manifest) => GbdtModel.fromManifest(dir, manifest ?? readManifest(dir)),
});
