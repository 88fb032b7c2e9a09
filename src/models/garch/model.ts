/**
 * GARCH(1,1) behind the Model interface (registry key `garch`, task regression, tabular input).
 *
 * How a dataset maps: rows are consecutive trading days in time order; the model reads ONE column,
 * the daily log return at t (param `feature`, default: the first of `log_ret_1`, `logret_1`, `ret_1`, …
 * present; for `[n, steps, f]` data, the last step). `y` is not used by fit (the likelihood is of the
 * returns themselves). Leading NaN returns (feature warm-up) are skipped; a NaN later is an InputError
 * in fit, and in predict leaves the variance to evolve by its expectation.
 *
 * Prediction at row t = forecast daily volatility over t+1..t+h (h = `horizon`):
 * √(mean of the variance forecasts h_{t+1..t+h}), × √252 when `annualize`. The variance state is
 * filtered through the given rows in order, using returns up to t only. It starts from the end of the
 * training series when the rows' dates come after the training dates, else from the long-run variance
 * (its effect decays as (α+β)^k).
 */
import { inputError } from '../../util/errors';
import { notFitted, resolveParams, writeManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, PredictOptions, TrainHistory } from '../types';
import { checkShape } from '../linear/data';
import { findFeature, readColumn, RETURN_FEATURE_ALIASES } from '../baselines/columns';
import { fitGarch, garchFilter, garchForecast, garchLongRunVariance, type GarchFit } from './garch';

/** Hyperparameters of the `garch` model. */
export const garchModelDefaults = {
  task: 'regression' as string,
  /** Column holding the daily log return at t; `''` = first of log_ret_1, logret_1, ret_1, log_return_1, return_1. */
  feature: '',
  /** Forecast horizon in trading days (prediction = vol over t+1..t+horizon). */
  horizon: 1,
  /** `normal` or `studentT` innovations. */
  dist: 'normal' as string,
  /** Multiply the daily vol by √252. */
  annualize: false,
  /** Nelder–Mead iteration limit. */
  maxIterations: 2000,
  /** Fewest returns accepted by fit. */
  minObservations: 100,
};

/** Saved state of a fitted `garch` model. */
export interface GarchModelState {
  fit: GarchFit;
  /** Index of the return column in `featureNames`. */
  column: number;
  /** Variance forecast for the first day after the training series, h_{T+1}. */
  nextVariance: number;
  /** Last training date (days since epoch), when the training data had dates. */
  lastDate?: number;
}

/** GARCH(1,1) volatility forecaster; create it through the registry (`createModel('garch', …)`). */
export class GarchModel implements Model {
  readonly key = 'garch';
  readonly task = 'regression' as const;
  readonly inputRank = 2 as const;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly p: typeof garchModelDefaults;
  private state: GarchModelState | undefined;
  private names: string[] = [];
  private hist: TrainHistory = { loss: [] };

  /** @param params see {@link garchModelDefaults}; unknown keys are InputErrors */
  constructor(params: Record<string, unknown>) {
    const p = resolveParams('garch', garchModelDefaults, params);
    if (p.task !== 'regression') throw inputError({ key: 'garch.task' }, '"regression" (GARCH forecasts volatility)', JSON.stringify(p.task));
    if (!(Number.isInteger(p.horizon) && p.horizon >= 1)) throw inputError({ key: 'garch.horizon' }, 'an integer >= 1', String(p.horizon));
    if (p.dist !== 'normal' && p.dist !== 'studentT') throw inputError({ key: 'garch.dist' }, '"normal" or "studentT"', JSON.stringify(p.dist));
    this.p = p;
    this.params = { ...p };
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  /** The fitted coefficients, standard errors and log-likelihood. */
  garchFit(): GarchFit {
    if (!this.state) throw notFitted('garch', 'garchFit');
    return { ...this.state.fit, se: { ...this.state.fit.se } };
  }

  private trainingReturns(data: Dataset, column: number): Float64Array {
    const r = readColumn(data, column);
    let first = 0;
    while (first < r.length && !Number.isFinite(r[first])) first++;
    const out = r.subarray(first);
    const bad = out.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw inputError({ key: 'garch.x', column: data.featureNames[column] }, 'finite returns after the leading warm-up rows', `${out[bad]} at row ${first + bad}`);
    }
    return out;
  }

  private learn(data: Dataset, options: FitOptions, start?: GarchFit): void {
    checkShape(data, 'garch', [2, 3]);
    options.signal?.throwIfAborted();
    const column = this.state && start ? this.state.column : findFeature(data.featureNames, this.p.feature, RETURN_FEATURE_ALIASES, 'garch');
    const r = this.trainingReturns(data, column);
    const fit = fitGarch(r, {
      dist: this.p.dist as 'normal' | 'studentT',
      maxIterations: this.p.maxIterations,
      minObservations: this.p.minObservations,
      ...(start ? { start: { mu: start.mu, omega: start.omega, alpha: start.alpha, beta: start.beta, nu: start.nu } } : {}),
    });
    const nextVariance = garchForecast(fit, fit.lastReturn, fit.lastVariance, 1)[0];
    const state: GarchModelState = { fit, column, nextVariance };
    if (data.dates && data.dates.length > 0) state.lastDate = data.dates[data.dates.length - 1];
    this.names = data.featureNames.slice();
    this.state = state;
    this.hist = { loss: [-fit.logLik / fit.n] };
    options.onProgress?.({ stage: 'fit', model: 'garch', iteration: fit.iterations, iterations: fit.iterations, loss: -fit.logLik / fit.n, fraction: 1 });
  }

  /** Fits by maximum likelihood on the return column of `train` (rows in time order); returns `this`. */
  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    this.state = undefined;
    this.learn(train, options);
    return this;
  }

  /** Re-estimates on `data` starting from the current coefficients (warm start); returns `this`. */
  async finetune(data: Dataset, options: FinetuneOptions = {}): Promise<this> {
    if (!this.state) throw notFitted('garch', 'finetune');
    this.checkColumn(data);
    this.learn(data, options, this.state.fit);
    return this;
  }

  private checkColumn(data: Dataset): number {
    const st = this.state as GarchModelState;
    checkShape(data, 'garch', [2, 3]);
    const name = this.names[st.column];
    const j = data.featureNames.indexOf(name);
    if (j < 0) throw inputError({ key: 'garch.featureNames' }, `the return feature \`${name}\` the model was fitted on`, `features ${data.featureNames.slice(0, 12).join(', ')}`);
    return j;
  }

  /**
   * Conditional variances of each row's NEXT day, h_{t+1}, filtered through the rows in order.
   * @param data rows in time order
   * @returns length n
   */
  nextDayVariance(data: Dataset): Float64Array {
    const st = this.state;
    if (!st) throw notFitted('garch', 'predict');
    const j = this.checkColumn(data);
    const r = readColumn(data, j);
    const f = st.fit;
    const after = st.lastDate !== undefined && data.dates !== undefined && data.dates.length > 0 && data.dates[0] > st.lastDate;
    let h = after ? st.nextVariance : garchLongRunVariance(f);
    if (!Number.isFinite(h)) h = st.nextVariance;
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) {
      const e = r[i] - f.mu;
      h = Number.isFinite(r[i]) ? f.omega + f.alpha * e * e + f.beta * h : f.omega + (f.alpha + f.beta) * h;
      out[i] = h;
    }
    return out;
  }

  async predictProba(_data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    throw inputError({ key: 'garch.task' }, 'a classification model for predictProba()', '`garch` (regression: use predict)');
  }

  /** Forecast volatility over t+1..t+horizon per row (daily units, or annualised), length n. */
  async predict(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    const next = this.nextDayVariance(data);
    const f = (this.state as GarchModelState).fit;
    const hz = this.p.horizon;
    const scale = this.p.annualize ? Math.sqrt(252) : 1;
    const out = new Float32Array(next.length);
    const pers = f.alpha + f.beta;
    const longRun = garchLongRunVariance(f);
    for (let i = 0; i < next.length; i++) {
      let mean = next[i];
      if (hz > 1) {
        // mean of h_{t+1..t+hz} from the closed-form recursion: σ̄² + (h_{t+1} − σ̄²)·(1 − p^hz) / (hz (1 − p))
        mean = Number.isFinite(longRun) ? longRun + ((next[i] - longRun) * (1 - pers ** hz)) / (hz * (1 - pers)) : next[i];
      }
      out[i] = Math.sqrt(mean) * scale;
    }
    return out;
  }

  /** Variance forecasts 1..h days after the end of the training series (see {@link garchForecast}). */
  forecast(h: number = this.p.horizon): Float64Array {
    const st = this.state;
    if (!st) throw notFitted('garch', 'forecast');
    return garchForecast(st.fit, st.fit.lastReturn, st.fit.lastVariance, h);
  }

  /** In-sample conditional variances of the training returns (for charts); see {@link garchFilter}. */
  conditionalVariance(returns: ArrayLike<number>): Float64Array {
    if (!this.state) throw notFitted('garch', 'conditionalVariance');
    return garchFilter(this.state.fit, returns);
  }

  async save(dir: string): Promise<void> {
    if (!this.state) throw notFitted('garch', 'save');
    writeManifest(dir, { key: 'garch', task: 'regression', params: { ...this.params }, featureNames: this.names, state: this.state });
  }

  /** Restores fitted state (used by the registry loader). */
  restore(featureNames: string[], state: GarchModelState): this {
    const f = state?.fit;
    if (!f || !(f.omega > 0) || !(f.alpha >= 0) || !(f.beta >= 0) || !(state.column >= 0 && state.column < featureNames.length)) {
      throw inputError({ key: 'garch.state' }, 'GARCH coefficients with omega > 0, alpha, beta >= 0 and a return column', 'a corrupt model.json');
    }
    this.names = featureNames.slice();
    // JSON writes NaN standard errors as null
    const se = Object.fromEntries(Object.entries(f.se ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : NaN])) as GarchFit['se'];
    this.state = { ...state, fit: { ...f, se } };
    return this;
  }

  sizeBytes(): number {
    return Buffer.byteLength(JSON.stringify({ state: this.state ?? null, names: this.names }));
  }

  history(): TrainHistory {
    return { loss: this.hist.loss.slice() };
  }
}
