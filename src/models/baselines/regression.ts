/**
 * `baseline_vol_naive`: tomorrow's volatility = today's realized volatility (the persistence
 * forecast every volatility model must beat). It reads the feature `feature` (default: the first of
 * `ret_std_20`, `rv_20`, `std_20`, `realized_vol_20`, `vol_20` present; for `[n, steps, f]` data the
 * last step) and predicts it unchanged (× √252 when `annualize`), for any horizon. A NaN feature value
 * predicts the mean of the feature over the training rows. `y` is not used.
 */
import { inputError } from '../../util/errors';
import { notFitted, resolveParams, writeManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, PredictOptions, TrainHistory } from '../types';
import { checkShape } from '../linear/data';
import { findFeature, readColumn, VOL_FEATURE_ALIASES } from './columns';

/** Hyperparameters of `baseline_vol_naive`. */
export const volNaiveDefaults = {
  task: 'regression' as string,
  /** Column with today's realized daily volatility; `''` = first of ret_std_20, rv_20, std_20, realized_vol_20, vol_20. */
  feature: '',
  /** Multiply by √252 (when the target is annualised but the feature is daily). */
  annualize: false,
};

/** Saved state of `baseline_vol_naive`. */
export interface VolNaiveState {
  column: number;
  /** Mean of the feature over the training rows (fallback for NaN values). */
  mean: number;
  /** Finite training rows seen (fit + finetune). */
  rows: number;
}

/** Persistence volatility forecaster; create it through the registry (`baseline_vol_naive`). */
export class VolNaiveModel implements Model {
  readonly key = 'baseline_vol_naive';
  readonly task = 'regression' as const;
  readonly inputRank = 2 as const;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly p: typeof volNaiveDefaults;
  private state: VolNaiveState | undefined;
  private names: string[] = [];

  /** @param params see {@link volNaiveDefaults} */
  constructor(params: Record<string, unknown>) {
    const p = resolveParams('baseline_vol_naive', volNaiveDefaults, params);
    if (p.task !== 'regression') throw inputError({ key: 'baseline_vol_naive.task' }, '"regression"', JSON.stringify(p.task));
    this.p = p;
    this.params = { ...p };
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  private stats(data: Dataset, column: number): { sum: number; rows: number } {
    const v = readColumn(data, column);
    let sum = 0;
    let rows = 0;
    for (let i = 0; i < v.length; i++) {
      if (Number.isFinite(v[i])) {
        sum += v[i];
        rows++;
      }
    }
    return { sum, rows };
  }

  /** Finds the volatility column and its training mean; returns `this`. */
  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    checkShape(train, this.key, [2, 3]);
    options.signal?.throwIfAborted();
    const column = findFeature(train.featureNames, this.p.feature, VOL_FEATURE_ALIASES, this.key);
    const { sum, rows } = this.stats(train, column);
    if (rows === 0) throw inputError({ key: `${this.key}.x`, column: train.featureNames[column] }, 'at least one finite volatility value', 'only NaN');
    this.names = train.featureNames.slice();
    this.state = { column, mean: sum / rows, rows };
    return this;
  }

  /** Updates the fallback mean with the rows of `data`; returns `this`. */
  async finetune(data: Dataset, _options: FinetuneOptions = {}): Promise<this> {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'finetune');
    const { sum, rows } = this.stats(data, this.column(data));
    const total = st.rows + rows;
    this.state = { ...st, mean: total > 0 ? (st.mean * st.rows + sum) / total : st.mean, rows: total };
    return this;
  }

  private column(data: Dataset): number {
    const st = this.state as VolNaiveState;
    checkShape(data, this.key, [2, 3]);
    const name = this.names[st.column];
    const j = data.featureNames.indexOf(name);
    if (j < 0) throw inputError({ key: `${this.key}.featureNames` }, `the volatility feature \`${name}\` the model was fitted on`, `features ${data.featureNames.slice(0, 12).join(', ')}`);
    return j;
  }

  async predictProba(_data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    throw inputError({ key: `${this.key}.task` }, 'a classification model for predictProba()', '`baseline_vol_naive` (regression: use predict)');
  }

  /** Today's realized volatility per row (× √252 when `annualize`), length n. */
  async predict(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'predict');
    const v = readColumn(data, this.column(data));
    const scale = this.p.annualize ? Math.sqrt(252) : 1;
    return Float32Array.from(v, (x) => (Number.isFinite(x) ? x : st.mean) * scale);
  }

  async save(dir: string): Promise<void> {
    if (!this.state) throw notFitted(this.key, 'save');
    writeManifest(dir, { key: this.key, task: 'regression', params: { ...this.params }, featureNames: this.names, state: this.state });
  }

  /** Restores fitted state (used by the registry loader). */
  restore(featureNames: string[], state: VolNaiveState): this {
    if (!(state?.column >= 0 && state.column < featureNames.length) || typeof state.mean !== 'number') {
      throw inputError({ key: `${this.key}.state` }, 'a volatility column and mean', 'a corrupt model.json');
    }
    this.names = featureNames.slice();
    this.state = { ...state };
    return this;
  }

  sizeBytes(): number {
    return Buffer.byteLength(JSON.stringify({ state: this.state ?? null, names: this.names }));
  }

  history(): TrainHistory {
    return { loss: [] };
  }
}
