/**
 * Naive direction baselines every evaluation reports beside the models:
 * - `baseline_majority`: the majority class of the training window (ties: lowest class index);
 *   predictProba = the training class frequencies, the same for every row.
 * - `baseline_up`: always "up" (class 1 for binary, 2 for ternary); predictProba is one-hot.
 * - `baseline_last_move`: the last move persists — up when the daily log return at t is > 0
 *   (ternary: up when > `neutralBand`, down when < −`neutralBand`, else neutral); predictProba is
 *   one-hot. It reads the feature `feature` (default: the first of `log_ret_1`, `logret_1`, `ret_1`, …
 *   present; for `[n, steps, f]` data the last step). A NaN return predicts like `baseline_majority`.
 * All accept `[n, f]` and `[n, steps, f]` data; `finetune` adds the new rows to the class counts.
 */
import { inputError } from '../../util/errors';
import { notFitted, resolveParams, writeManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, PredictOptions, Task, TrainHistory } from '../types';
import { taskClasses } from '../types';
import { checkShape, classLabels } from '../linear/data';
import { findFeature, readColumn, RETURN_FEATURE_ALIASES } from './columns';

/** The classification baselines' rules. */
export type BaselineRule = 'majority' | 'up' | 'last_move';

/** Hyperparameters of `baseline_majority`. */
export const majorityDefaults = {
  /** `binary`, `ternary` or `multiclass`. */
  task: 'binary' as string,
  /** Number of classes for `multiclass` (>= 2). */
  classes: 0,
};

/** Hyperparameters of `baseline_up` (`binary` or `ternary`). */
export const upDefaults = { task: 'binary' as string };

/** Hyperparameters of `baseline_last_move`. */
export const lastMoveDefaults = {
  /** `binary` or `ternary`. */
  task: 'binary' as string,
  /** Column with the daily log return at t; `''` = first of log_ret_1, logret_1, ret_1, log_return_1, return_1. */
  feature: '',
  /** Ternary only: |return| <= band (log-return units) predicts neutral. */
  neutralBand: 0,
};

/** Saved state of a classification baseline. */
export interface BaselineClassifierState {
  /** Weighted count of each class in the training rows (sample weights respected). */
  counts: number[];
  /** Index of the return column (`last_move` only). */
  column?: number;
}

const TASKS: Record<BaselineRule, Task[]> = {
  majority: ['binary', 'ternary', 'multiclass'],
  up: ['binary', 'ternary'],
  last_move: ['binary', 'ternary'],
};

/** A naive direction classifier; create it through the registry (`baseline_majority`, …). */
export class BaselineClassifier implements Model {
  readonly key: string;
  readonly task: Task;
  readonly inputRank = 2 as const;
  readonly classes: number;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly rule: BaselineRule;
  private readonly feature: string;
  private readonly band: number;
  private state: BaselineClassifierState | undefined;
  private names: string[] = [];

  /**
   * @param rule which baseline
   * @param params hyperparameters (see {@link majorityDefaults}, {@link upDefaults}, {@link lastMoveDefaults})
   */
  constructor(rule: BaselineRule, params: Record<string, unknown>) {
    const key = `baseline_${rule}`;
    const defaults = rule === 'majority' ? majorityDefaults : rule === 'up' ? upDefaults : lastMoveDefaults;
    const p = resolveParams(key, defaults as Record<string, unknown>, params) as Record<string, unknown>;
    const task = p.task as Task;
    if (!TASKS[rule].includes(task)) throw inputError({ key: `${key}.task` }, `one of ${TASKS[rule].join(', ')}`, JSON.stringify(task));
    if (task === 'multiclass' && !(Number.isInteger(p.classes) && (p.classes as number) >= 2)) {
      throw inputError({ key: `${key}.classes` }, 'an integer >= 2 for task `multiclass`', String(p.classes));
    }
    this.key = key;
    this.rule = rule;
    this.task = task;
    this.classes = taskClasses(task, p.classes as number);
    this.feature = (p.feature as string) ?? '';
    this.band = (p.neutralBand as number) ?? 0;
    if (!(this.band >= 0)) throw inputError({ key: `${key}.neutralBand` }, 'a band >= 0', String(this.band));
    this.params = { ...p };
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  private counts(data: Dataset): number[] {
    const labels = classLabels(data, this.classes, this.key);
    const c = new Array<number>(this.classes).fill(0);
    for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) c[labels[i]] += data.weight ? data.weight[i] : 1;
    return c;
  }

  /** Counts the training classes (and finds the return column for `last_move`); returns `this`. */
  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    checkShape(train, this.key, [2, 3]);
    options.signal?.throwIfAborted();
    const state: BaselineClassifierState = { counts: this.counts(train) };
    if (this.rule === 'last_move') state.column = findFeature(train.featureNames, this.feature, RETURN_FEATURE_ALIASES, this.key);
    this.names = train.featureNames.slice();
    this.state = state;
    options.onProgress?.({ stage: 'fit', model: this.key, fraction: 1 });
    return this;
  }

  /** Adds the class counts of `data` to the training counts; returns `this`. */
  async finetune(data: Dataset, _options: FinetuneOptions = {}): Promise<this> {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'finetune');
    checkShape(data, this.key, [2, 3]);
    const c = this.counts(data);
    this.state = { ...st, counts: st.counts.map((v, i) => v + c[i]) };
    return this;
  }

  private frequencies(): number[] {
    const c = (this.state as BaselineClassifierState).counts;
    const tot = c.reduce((a, b) => a + b, 0);
    return tot > 0 ? c.map((v) => v / tot) : c.map(() => 1 / c.length);
  }

  private majority(): number {
    const c = (this.state as BaselineClassifierState).counts;
    let best = 0;
    for (let i = 1; i < c.length; i++) if (c[i] > c[best]) best = i;
    return best;
  }

  /** Class per row as a number, or -1 for "use the training frequencies". */
  private decide(data: Dataset, method: string): Int32Array {
    const st = this.state;
    if (!st) throw notFitted(this.key, method);
    const n = checkShape(data, this.key, [2, 3]).n;
    const out = new Int32Array(n).fill(-1);
    if (this.rule === 'up') out.fill(this.classes - 1);
    if (this.rule !== 'last_move') return out;
    const name = this.names[st.column as number];
    const j = data.featureNames.indexOf(name);
    if (j < 0) throw inputError({ key: `${this.key}.featureNames` }, `the return feature \`${name}\` the model was fitted on`, `features ${data.featureNames.slice(0, 12).join(', ')}`);
    const r = readColumn(data, j);
    for (let i = 0; i < n; i++) {
      const v = r[i];
      if (!Number.isFinite(v)) continue;
      out[i] = this.task === 'binary' ? (v > 0 ? 1 : 0) : v > this.band ? 2 : v < -this.band ? 0 : 1;
    }
    return out;
  }

  /** `[n, classes]`: one-hot for `up`/`last_move`, training class frequencies for `majority` (and NaN returns). */
  async predictProba(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    const cls = this.decide(data, 'predictProba');
    const k = this.classes;
    const freq = this.frequencies();
    const out = new Float32Array(cls.length * k);
    for (let i = 0; i < cls.length; i++) {
      if (cls[i] >= 0) out[i * k + cls[i]] = 1;
      else for (let c = 0; c < k; c++) out[i * k + c] = freq[c];
    }
    return out;
  }

  /** Class index per row, length n. */
  async predict(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    const cls = this.decide(data, 'predict');
    const maj = this.majority();
    return Float32Array.from(cls, (c) => (c >= 0 ? c : maj));
  }

  async save(dir: string): Promise<void> {
    if (!this.state) throw notFitted(this.key, 'save');
    writeManifest(dir, { key: this.key, task: this.task, params: { ...this.params }, featureNames: this.names, state: this.state });
  }

  /** Restores fitted state (used by the registry loader). */
  restore(featureNames: string[], state: BaselineClassifierState): this {
    if (!Array.isArray(state?.counts) || state.counts.length !== this.classes) {
      throw inputError({ key: `${this.key}.state` }, `${this.classes} class counts`, 'a corrupt model.json');
    }
    this.names = featureNames.slice();
    this.state = { ...state, counts: state.counts.slice() };
    return this;
  }

  sizeBytes(): number {
    return Buffer.byteLength(JSON.stringify({ state: this.state ?? null, names: this.names }));
  }

  history(): TrainHistory {
    return { loss: [] };
  }
}
