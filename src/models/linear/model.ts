/**
 * L2-penalised linear models behind the Model interface: `logistic` (binary sigmoid or multinomial
 * softmax for ternary) and `ridge` (squared error, regression). Inputs are standardised internally
 * with mean/std fitted on the training rows and saved with the model; the regression target is
 * standardised too. Optimised with L-BFGS to a gradient tolerance.
 */
import { inputError } from '../../util/errors';
import { fitPlatt, plattProbability, type Platt } from '../calibration';
import { notFitted, writeManifest } from '../registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, PredictOptions, Task, TrainHistory } from '../types';
import { taskClasses } from '../types';
import { assertFinite, checkSameFeatures, classLabels, dateRange, rowWeights } from './data';
import { minimizeLbfgs } from './lbfgs';
import { linearObjective, linearScores, type LinearProblem, type LossKind } from './objective';
import { AUTO_FALLBACK_L2, resolveLinearParams, type LinearParams, type LinearState } from './params';
import { regularisationPath, type PathChoice } from './select';
import { fitStandardizer, standardize, type Standardizer } from './standardize';

/** A fitted-state holder for `logistic` and `ridge`; create it through the registry. */
export class LinearModel implements Model {
  readonly key: string;
  readonly task: Task;
  readonly inputRank = 2 as const;
  readonly classes: number;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly p: LinearParams;
  private readonly l2: number | 'auto';
  private state: LinearState | undefined;
  private scaler: Standardizer | undefined;
  private names: string[] = [];
  private hist: TrainHistory = { loss: [] };

  /**
   * @param key `logistic` or `ridge`
   * @param params hyperparameters (see {@link logisticDefaults}, {@link ridgeDefaults}); unknown keys are InputErrors
   */
  constructor(key: 'logistic' | 'ridge', params: Record<string, unknown>) {
    const r = resolveLinearParams(key, params);
    this.key = key;
    this.task = r.p.task as Task;
    this.p = r.p;
    this.l2 = r.l2;
    this.classes = taskClasses(this.task, r.p.classes);
    this.params = r.params;
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  private get kind(): LossKind {
    return this.task === 'regression' ? 'squared' : this.task === 'binary' ? 'binary' : 'softmax';
  }

  private get outputs(): number {
    return this.task === 'binary' || this.task === 'regression' ? 1 : this.classes;
  }

  /** Builds the optimisation problem for `data` with the current scaler. */
  private problem(data: Dataset, scaler: Standardizer, yMean: number, yStd: number, classWeighted: boolean, l2: number): LinearProblem {
    const n = data.shape[0];
    const d = data.shape[1];
    const z = standardize(scaler, data.x, n);
    let target: ArrayLike<number>;
    let weight: Float64Array;
    if (this.task === 'regression') {
      if (!data.y) throw inputError({ key: `${this.key}.y` }, 'training targets `y`', 'a dataset without y');
      const y = data.y;
      target = Float64Array.from(y, (v) => (Number.isFinite(v) ? (v - yMean) / yStd : 0));
      weight = rowWeights(undefined, 1, 'none', data, this.key);
    } else {
      const labels = classLabels(data, this.classes, this.key);
      target = labels;
      weight = rowWeights(labels, this.classes, classWeighted ? this.p.classWeight : 'none', data, this.key);
    }
    return { kind: this.kind, z, n, d, k: this.outputs, target, weight, l2 };
  }

  /**
   * Minimises the training loss from `theta0`: at the fixed `l2`, or along the `l2Path` (choosing λ on the
   * validation loss) under `l2: "auto"`; then fits the Platt map of binary probabilities on the validation rows.
   */
  private optimise(train: Dataset, theta0: Float64Array, maxIterations: number, options: FitOptions): void {
    const scaler = this.scaler as Standardizer;
    const st = this.state as LinearState;
    const val = options.validation;
    let vp: LinearProblem | undefined;
    let valF: ((x: Float64Array) => number) | undefined;
    if (val) {
      assertFinite(val, this.key);
      checkSameFeatures(this.names, val, this.key);
      vp = this.problem(val, scaler, st.yMean, st.yStd, false, 0);
      const vf = linearObjective(vp);
      const g = new Float64Array(theta0.length);
      valF = (x) => vf(x, g);
    }
    const hist: TrainHistory = { loss: [] };
    if (valF) hist.valLoss = [];
    options.signal?.throwIfAborted();
    let step = 0;
    const solve = (l2: number, start: Float64Array): { theta: Float64Array; iterations: number; converged: boolean } => {
      const f = linearObjective(this.problem(train, scaler, st.yMean, st.yStd, true, l2));
      const res = minimizeLbfgs(f, start, {
        maxIterations,
        memory: this.p.memory,
        gradientTolerance: this.p.tolerance,
        onIteration: (iteration, loss, x) => {
          options.signal?.throwIfAborted();
          step++;
          hist.loss.push(loss);
          const vl = valF ? valF(x) : undefined;
          if (vl !== undefined) hist.valLoss?.push(vl);
          options.onProgress?.({ stage: 'fit', model: this.key, iteration: step, iterations: maxIterations, loss, valLoss: vl, fraction: Math.min(1, iteration / maxIterations) });
        },
      });
      return { theta: res.x, iterations: res.iterations, converged: res.converged };
    };
    let choice: Pick<PathChoice, 'l2' | 'theta' | 'iterations' | 'converged'> & { valLoss?: number };
    if (this.l2 === 'auto' && valF) choice = regularisationPath(this.p.l2Path, theta0, solve, valF);
    else {
      const l2 = this.l2 === 'auto' ? AUTO_FALLBACK_L2 : this.l2;
      choice = { l2, ...solve(l2, theta0) };
      if (valF) choice.valLoss = valF(choice.theta);
    }
    let platt: Platt | undefined;
    if (vp && this.task === 'binary' && this.p.calibration === 'platt') {
      platt = fitPlatt(linearScores(choice.theta, vp.z, vp.n, vp.d, 1), vp.target, { span: options.labelSpan ?? 1 });
    }
    this.hist = hist;
    this.state = { ...st, theta: Array.from(choice.theta), iterations: choice.iterations, converged: choice.converged, l2: choice.l2, valLoss: choice.valLoss, platt };
  }

  /**
   * The capacity chosen by the last fit/finetune: `l2` (the penalty used), `valLoss` (validation log loss
   * or squared error of the chosen penalty, when validation rows were given), `plattA`/`plattB` (calibration).
   */
  selection(): Record<string, number | string> {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'selection');
    const out: Record<string, number | string> = { l2: st.l2 ?? (this.l2 === 'auto' ? AUTO_FALLBACK_L2 : this.l2) };
    if (st.valLoss !== undefined && Number.isFinite(st.valLoss)) out.valLoss = st.valLoss;
    if (st.platt) {
      out.plattA = st.platt.a;
      out.plattB = st.platt.b;
    }
    return out;
  }

  /** Fits scaler and weights from scratch on `train` (`[n, features]`, finite values); returns `this`. */
  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    assertFinite(train, this.key);
    const n = train.shape[0];
    const d = train.shape[1];
    if (n === 0) throw inputError({ key: `${this.key}.x` }, 'at least one training row', '0 rows');
    const scaler = fitStandardizer(train.x, n, d);
    const range = dateRange(train);
    if (range) scaler.dateRange = range;
    let yMean = 0;
    let yStd = 1;
    if (this.task === 'regression' && train.y) {
      const ys = Array.from(train.y).filter((v) => Number.isFinite(v));
      if (ys.length > 0) {
        yMean = ys.reduce((a, b) => a + b, 0) / ys.length;
        const sd = Math.sqrt(ys.reduce((a, b) => a + (b - yMean) * (b - yMean), 0) / ys.length);
        yStd = sd > 0 ? sd : 1;
      }
    }
    this.names = train.featureNames.slice();
    this.scaler = scaler;
    const previous = this.state;
    this.state = { theta: [], yMean, yStd, iterations: 0, converged: false };
    try {
      this.optimise(train, new Float64Array(this.outputs * (d + 1)), this.p.maxIterations, options);
    } catch (err) {
      this.state = previous;
      throw err;
    }
    return this;
  }

  /**
   * Continues L-BFGS from the current weights on `data` (the scaler fitted by `fit` is kept);
   * `options.epochs` = iteration limit (default `maxIterations`). Returns `this`.
   */
  async finetune(data: Dataset, options: FinetuneOptions = {}): Promise<this> {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'finetune');
    assertFinite(data, this.key);
    checkSameFeatures(this.names, data, this.key);
    this.optimise(data, Float64Array.from(st.theta), options.epochs ?? this.p.maxIterations, options);
    return this;
  }

  private scores(data: Dataset, method: string): Float64Array {
    const st = this.state;
    if (!st || !this.scaler) throw notFitted(this.key, method);
    assertFinite(data, this.key);
    checkSameFeatures(this.names, data, this.key);
    const n = data.shape[0];
    return linearScores(st.theta, standardize(this.scaler, data.x, n), n, this.names.length, this.outputs);
  }

  /** Class probabilities `[n, classes]` row-major (2 binary, 3 ternary, k multiclass). Not for `ridge`. */
  async predictProba(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    if (this.task === 'regression') throw inputError({ key: `${this.key}.task` }, 'a classification model for predictProba()', '`regression`');
    const s = this.scores(data, 'predictProba');
    const n = data.shape[0];
    const k = this.classes;
    const out = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      if (k === 2) {
        const p = plattProbability(this.state?.platt, s[i]);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      } else {
        let mx = -Infinity;
        for (let c = 0; c < k; c++) mx = Math.max(mx, s[i * k + c]);
        let tot = 0;
        for (let c = 0; c < k; c++) tot += Math.exp(s[i * k + c] - mx);
        for (let c = 0; c < k; c++) out[i * k + c] = Math.exp(s[i * k + c] - mx) / tot;
      }
    }
    return out;
  }

  /** Most probable class per row (classification) or predicted value in target units (ridge). */
  async predict(data: Dataset, _options?: PredictOptions): Promise<Float32Array> {
    const s = this.scores(data, 'predict');
    const n = data.shape[0];
    const out = new Float32Array(n);
    const st = this.state as LinearState;
    if (this.task === 'regression') {
      for (let i = 0; i < n; i++) out[i] = s[i] * st.yStd + st.yMean;
    } else if (this.task === 'binary') {
      const platt = st.platt;
      for (let i = 0; i < n; i++) out[i] = (platt ? platt.a * s[i] + platt.b : s[i]) > 0 ? 1 : 0;
    } else {
      const k = this.classes;
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (s[i * k + c] > s[i * k + best]) best = c;
        out[i] = best;
      }
    }
    return out;
  }

  /** Standardised coefficients: per output, intercept and one weight per feature name. */
  coefficients(): { intercept: number[]; weights: Record<string, number>[] } {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'coefficients');
    const d = this.names.length;
    const intercept: number[] = [];
    const weights: Record<string, number>[] = [];
    for (let c = 0; c < this.outputs; c++) {
      intercept.push(st.theta[c * (d + 1)]);
      weights.push(Object.fromEntries(this.names.map((nm, j) => [nm, st.theta[c * (d + 1) + 1 + j]])));
    }
    return { intercept, weights };
  }

  /** |standardised coefficient| per feature, summed over outputs. */
  featureImportance(): Record<string, number> {
    const { weights } = this.coefficients();
    return Object.fromEntries(this.names.map((nm) => [nm, weights.reduce((a, w) => a + Math.abs(w[nm]), 0)]));
  }

  /** Writes `model.json` (weights in `state`, standardiser in `scaler`). */
  async save(dir: string): Promise<void> {
    if (!this.state) throw notFitted(this.key, 'save');
    writeManifest(dir, { key: this.key, task: this.task, params: { ...this.params }, featureNames: this.names, state: this.state, scaler: this.scaler });
  }

  /** Restores fitted state (used by the registry loader). */
  restore(featureNames: string[], state: LinearState, scaler: Standardizer): this {
    const d = featureNames.length;
    if (!Array.isArray(state?.theta) || state.theta.length !== this.outputs * (d + 1) || scaler?.mean?.length !== d) {
      throw inputError({ key: `${this.key}.state` }, `${this.outputs * (d + 1)} weights and a ${d}-column scaler`, 'a corrupt model.json');
    }
    this.names = featureNames.slice();
    this.state = { ...state, theta: state.theta.slice() };
    this.scaler = scaler;
    return this;
  }

  sizeBytes(): number {
    return Buffer.byteLength(JSON.stringify({ state: this.state ?? null, scaler: this.scaler ?? null, names: this.names }));
  }

  history(): TrainHistory {
    return { ...this.hist, loss: this.hist.loss.slice(), ...(this.hist.valLoss ? { valLoss: this.hist.valLoss.slice() } : {}) };
  }

  /** Iterations and convergence flag of the last fit/finetune. */
  convergence(): { iterations: number; converged: boolean } {
    const st = this.state;
    if (!st) throw notFitted(this.key, 'convergence');
    return { iterations: st.iterations, converged: st.converged };
  }
}
