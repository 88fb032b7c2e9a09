/**
 * The `ensemble` model family: tabular member models combined by an average, a weighted average (weights
 * given, or learned on the validation set) or stacking (a logistic meta-learner fitted on forward
 * out-of-fold member predictions only; the members are then refitted on all training rows).
 */
import * as path from 'path';
import { inputError } from '../../util/errors';
import { fitStacker, outOfFoldPredictions, stackPredict, type Stacker } from './stacking';
import { loadModel, notFitted, writeManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, PredictOptions, Task, TrainHistory } from '../types';
import { taskClasses } from '../types';
import { averageProba, learnBlendWeights } from './combine';
import { forwardFoldIds, forwardTrainRows, subsetRows, timePositions } from './folds';
import { createMember, createMembers, resolveEnsembleParams, type EnsembleParams } from './params';

/** One stacking fold as recorded during fit: which rows (and dates) trained the members, which were predicted. */
export interface StackingFoldRecord {
  fold: number;
  /** Row indices (into the fit's training set) the members were fitted on. */
  trainRows: number[];
  /** Row indices predicted out of fold (the meta-learner's inputs). */
  testRows: number[];
}

/** Fitted state of an ensemble (saved in model.json). */
export interface EnsembleState {
  /** Normalised member weights (average / weighted). */
  weights: number[];
  /** Meta-learner (stacking). */
  stacker?: Stacker;
  /** Member registry keys, in order (folders member-0/, member-1/, …). */
  memberKeys: string[];
  /** Stacking: the row indices of the meta-learner's training rows (all out of fold). */
  metaRows?: number[];
}

/** An ensemble of tabular models; create it through the registry (`createModel('ensemble', …)`). */
export class EnsembleModel implements Model {
  readonly key = 'ensemble';
  readonly task: Task;
  readonly classes: number;
  readonly inputRank = 2 as const;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly p: EnsembleParams;
  private members: Model[];
  private state: EnsembleState | undefined;
  private names: string[] = [];
  private folds: StackingFoldRecord[] = [];

  /**
   * @param params hyperparameters (see `ensembleDefaults`); unknown keys, rank-3 members and bad weights are InputErrors
   */
  constructor(params: Record<string, unknown>) {
    const { p, specs } = resolveEnsembleParams(params);
    this.p = p;
    this.task = p.task as Task;
    this.classes = taskClasses(this.task, p.classes);
    this.params = { ...p, members: specs.map((s) => ({ key: s.key, params: { ...s.params } })) };
    this.members = createMembers(p, specs);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  /** The member models (read-only view; for inspection). */
  memberModels(): readonly Model[] {
    return this.members.slice();
  }

  /** The fitted combiner: normalised member weights and (stacking) the meta-learner. */
  combination(): { weights: number[]; stacker?: Stacker } {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'combination');
    return { weights: st.weights.slice(), ...(st.stacker ? { stacker: { ...st.stacker, weights: st.stacker.weights.slice() } } : {}) };
  }

  /** Stacking folds of the last fit (empty for other methods or after load). */
  stackingFolds(): StackingFoldRecord[] {
    return this.folds.map((f) => ({ fold: f.fold, trainRows: f.trainRows.slice(), testRows: f.testRows.slice() }));
  }

  private checkData(data: Dataset): void {
    if (data.shape.length !== 2) throw inputError({ key: 'ensemble.x' }, 'a tabular dataset of shape [n, features]', `shape [${data.shape.join(', ')}]`);
  }

  /** Fits every member (and the combiner) from scratch on `train` (`[n, features]`); returns `this`. */
  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    this.checkData(train);
    if (train.shape[0] === 0) throw inputError({ key: 'ensemble.x' }, 'at least one training row', '0 rows');
    const spec = this.params.members as { key: string; params: Record<string, unknown> }[];
    const fresh = createMembers(this.p, spec);
    const k = this.members.length;
    let weights = new Array<number>(k).fill(1 / k);
    let stacker: Stacker | undefined;
    let metaRows: number[] | undefined;
    const folds: StackingFoldRecord[] = [];
    const report = (stage: string, j: number) => options.onProgress?.({ stage, model: this.key, iteration: j, iterations: k, fraction: j / k });
    if (this.p.method === 'stacking') {
      if (!train.y) throw inputError({ key: 'ensemble.y' }, 'training targets `y` for stacking', 'a dataset without y');
      const { pos, count } = timePositions(train);
      const ids = forwardFoldIds(pos, count, this.p.folds);
      const oof: Float64Array[] = [];
      for (let j = 0; j < k; j++) {
        report('stacking folds', j);
        oof.push(
          await outOfFoldPredictions(ids, async (_others, testRows) => {
            // outOfFoldPredictions offers every other predicted fold; keep only strictly earlier rows (block 0 included)
            const rows = forwardTrainRows(pos, testRows, this.p.purge);
            if (rows.length === 0) throw inputError({ key: 'ensemble.folds' }, 'training rows before every stacking fold (fewer folds or a smaller purge)', '0 rows');
            if (j === 0) folds.push({ fold: ids[testRows[0]], trainRows: Array.from(rows), testRows: Array.from(testRows) });
            const m = createMember(this.p, spec[j], j);
            await m.fit(subsetRows(train, rows), { signal: options.signal });
            const proba = await m.predictProba(subsetRows(train, testRows));
            m.dispose?.();
            return Float64Array.from({ length: testRows.length }, (_, r) => proba[2 * r + 1]);
          }),
        );
      }
      stacker = fitStacker(oof, train.y, { l2: this.p.l2 });
      metaRows = [];
      for (let i = 0; i < train.shape[0]; i++) if (ids[i] >= 0) metaRows.push(i);
    }
    for (let j = 0; j < k; j++) {
      report('fit members', j);
      await fresh[j].fit(train, { validation: options.validation, labelSpan: options.labelSpan, signal: options.signal });
    }
    if (this.p.method === 'weighted') {
      if (this.p.weights) weights = this.p.weights.slice();
      else if (options.validation?.y) {
        this.checkData(options.validation);
        const probas = await Promise.all(fresh.map((m) => m.predictProba(options.validation as Dataset)));
        weights = learnBlendWeights(probas, options.validation.y, this.classes);
      }
      const s = weights.reduce((a, b) => a + b, 0);
      weights = weights.map((w) => w / s);
    }
    for (const m of this.members) m.dispose?.();
    this.members = fresh;
    this.names = train.featureNames.slice();
    this.folds = folds;
    this.state = { weights, stacker, memberKeys: fresh.map((m) => m.key), ...(metaRows ? { metaRows } : {}) };
    report('done', k);
    return this;
  }

  /** Finetunes every member on `data` (combiner weights / meta-learner unchanged); returns `this`. */
  async finetune(data: Dataset, options: FinetuneOptions = {}): Promise<this> {
    if (!this.state) throw notFitted(this.key, 'finetune');
    this.checkData(data);
    for (const m of this.members) await m.finetune(data, options);
    return this;
  }

  /** Class probabilities `[n, classes]` row-major. */
  async predictProba(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'predictProba');
    this.checkData(data);
    const probas: Float32Array[] = [];
    for (const m of this.members) probas.push(await m.predictProba(data));
    if (!st.stacker) return averageProba(probas, st.weights);
    const n = data.shape[0];
    const up = stackPredict(st.stacker, probas.map((p) => Float64Array.from({ length: n }, (_, i) => p[2 * i + 1])));
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      out[2 * i + 1] = up[i];
      out[2 * i] = 1 - out[2 * i + 1];
    }
    return out;
  }

  /** Most probable class per row, length n. */
  async predict(data: Dataset, options?: PredictOptions): Promise<Float32Array> {
    if (!this.state) throw notFitted(this.key, 'predict');
    const proba = await this.predictProba(data, options);
    const k = this.classes;
    const n = data.shape[0];
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** Writes each member into `dir/member-<j>/`, then `dir/model.json` (weights / meta-learner in `state`). */
  async save(dir: string): Promise<void> {
    if (!this.state) throw notFitted(this.key, 'save');
    for (let j = 0; j < this.members.length; j++) await this.members[j].save(path.join(dir, `member-${j}`));
    writeManifest(dir, { key: this.key, task: this.task, params: { ...this.params }, featureNames: this.names, state: this.state });
  }

  /** Restores the fitted state and loads the members from `dir/member-<j>/` (used by the registry loader). */
  async restore(dir: string, featureNames: string[], state: EnsembleState): Promise<this> {
    if (!Array.isArray(state?.memberKeys) || state.memberKeys.length !== this.members.length || !Array.isArray(state.weights)) {
      throw inputError({ file: path.join(dir, 'model.json'), key: 'state' }, `${this.members.length} member keys and weights`, 'a corrupt ensemble manifest');
    }
    const loaded: Model[] = [];
    for (let j = 0; j < state.memberKeys.length; j++) {
      const m = await loadModel(path.join(dir, `member-${j}`));
      if (m.key !== state.memberKeys[j]) throw inputError({ file: path.join(dir, `member-${j}`, 'model.json'), key: 'key' }, `\`${state.memberKeys[j]}\``, `\`${m.key}\``);
      loaded.push(m);
    }
    for (const m of this.members) m.dispose?.();
    this.members = loaded;
    this.names = featureNames.slice();
    this.state = { ...state, weights: state.weights.slice() };
    return this;
  }

  sizeBytes(): number {
    return this.members.reduce((a, m) => a + m.sizeBytes(), 0) + Buffer.byteLength(JSON.stringify({ state: this.state ?? null, names: this.names }));
  }

  /** Empty `loss` plus each member's loss as `member<j>_loss`. */
  history(): TrainHistory {
    const h: TrainHistory = { loss: [] };
    this.members.forEach((m, j) => (h[`member${j}_loss`] = m.history().loss.slice()));
    return h;
  }

  dispose(): void {
    for (const m of this.members) m.dispose?.();
  }
}
