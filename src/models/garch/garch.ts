/**
 * GARCH(1,1) with constant mean, fitted by maximum likelihood:
 * r_t = μ + e_t, e_t = √h_t·z_t, h_t = ω + α·e²_{t-1} + β·h_{t-1}, z_t ~ N(0,1) or standardised Student-t(ν).
 * Constraints ω > 0, α, β ≥ 0, α + β < 1 hold by construction: the optimiser works on
 * (μ, log ω, logit(α+β), logit(α/(α+β)) [, log(ν − 2)]) after scaling returns to unit variance.
 * h_1 is the sample variance of the residuals (backcast), as in most packages.
 */
import { inputError } from '../../util/errors';
import { minimizeLbfgs } from '../linear/lbfgs';
import { invertMatrix, logGamma, nelderMead, numericalGradient, numericalHessian } from './optimize';
import { fillDefaults } from '../../util/options';

/** Options of {@link fitGarch}. */
export interface GarchOptions {
  /** Innovation distribution: `normal` or `studentT` (ν estimated, ν > 2). Default `normal`. */
  dist: 'normal' | 'studentT';
  /** Nelder–Mead iteration limit of the main search (default 2000). */
  maxIterations: number;
  /** Fewest returns accepted (default 100). */
  minObservations: number;
  /** Starting values to try first (natural units, e.g. `{omega: 1e-6, alpha: 0.05, beta: 0.9}`); a grid of others follows. */
  start?: { omega?: number; alpha?: number; beta?: number; mu?: number; nu?: number };
  /** Also try the built-in grid of starting values (default true; false = only `start`, or the first grid point). */
  grid: boolean;
}

/** Defaults of {@link GarchOptions}. */
export const garchDefaults: GarchOptions = { dist: 'normal', maxIterations: 2000, minObservations: 100, grid: true };

/** Parameters of a GARCH(1,1) in the units of the returns. */
export interface GarchParams {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Student-t degrees of freedom (absent for normal errors). */
  nu?: number;
}

/** A fitted GARCH(1,1). */
export interface GarchFit extends GarchParams {
  dist: 'normal' | 'studentT';
  /** Maximised log-likelihood (returns' units). */
  logLik: number;
  /** Standard errors from the inverse negative Hessian of the log-likelihood; NaN when it is singular. */
  se: { mu: number; omega: number; alpha: number; beta: number; nu?: number };
  /** True when the simplex search and the gradient polish both met their tolerances. */
  converged: boolean;
  /** Optimiser iterations (simplex + polish). */
  iterations: number;
  /** Returns used. */
  n: number;
  /** Conditional variance of the last return, h_T. */
  lastVariance: number;
  /** Last return r_T. */
  lastReturn: number;
}

const P_MAX = 1 - 1e-6;

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * Conditional variances h_t of every return (h_t = variance of r_t given returns before t).
 * @param p parameters
 * @param returns daily returns (not modified)
 * @param h1 variance of the first return (default: mean squared residual, the backcast)
 * @returns h, length of `returns`
 */
export function garchFilter(p: GarchParams, returns: ArrayLike<number>, h1?: number): Float64Array {
  const n = returns.length;
  const h = new Float64Array(n);
  let back = 0;
  if (h1 === undefined) {
    for (let i = 0; i < n; i++) back += (returns[i] - p.mu) ** 2;
    back /= Math.max(1, n);
  }
  let hPrev = h1 ?? back;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const e = returns[i - 1] - p.mu;
      hPrev = p.omega + p.alpha * e * e + p.beta * hPrev;
    }
    h[i] = hPrev;
  }
  return h;
}

/**
 * Log-likelihood of returns under a GARCH(1,1) (−Infinity when some h_t ≤ 0 or ν ≤ 2).
 * @param p parameters (`nu` set = Student-t errors)
 * @param returns daily returns
 * @param h1 variance of the first return (default backcast)
 * @returns Σ log-density
 */
export function garchLogLik(p: GarchParams, returns: ArrayLike<number>, h1?: number): number {
  const n = returns.length;
  let back = 0;
  if (h1 === undefined) {
    for (let i = 0; i < n; i++) back += (returns[i] - p.mu) ** 2;
    back /= Math.max(1, n);
  }
  let h = h1 ?? back;
  const t = p.nu !== undefined;
  const nu = p.nu ?? 0;
  if (t && !(nu > 2)) return -Infinity;
  const cT = t ? logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2)) : 0;
  let ll = 0;
  let ePrev = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) h = p.omega + p.alpha * ePrev * ePrev + p.beta * h;
    if (!(h > 0)) return -Infinity;
    const e = returns[i] - p.mu;
    if (t) ll += cT - 0.5 * Math.log(h) - ((nu + 1) / 2) * Math.log1p((e * e) / (h * (nu - 2)));
    else ll += -0.5 * (Math.log(2 * Math.PI) + Math.log(h) + (e * e) / h);
    ePrev = e;
  }
  return ll;
}

/**
 * Variance forecasts 1..h days ahead from the state at day T (closed-form recursion):
 * h_{T+1} = ω + α·(r_T − μ)² + β·h_T, h_{T+k} = σ̄² + (α+β)^{k−1}·(h_{T+1} − σ̄²), σ̄² = ω / (1 − α − β).
 * @param fit parameters
 * @param lastReturn r_T
 * @param lastVariance h_T (conditional variance of r_T)
 * @param h horizon in days (>= 1)
 * @returns variances for T+1..T+h, length h
 */
export function garchForecast(fit: GarchParams, lastReturn: number, lastVariance: number, h: number): Float64Array {
  if (!(Number.isInteger(h) && h >= 1)) throw inputError({ key: 'garch.horizon' }, 'an integer horizon >= 1', String(h));
  const out = new Float64Array(h);
  const e = lastReturn - fit.mu;
  const one = fit.omega + fit.alpha * e * e + fit.beta * lastVariance;
  const pers = fit.alpha + fit.beta;
  const longRun = pers < 1 ? fit.omega / (1 - pers) : NaN;
  let pk = 1;
  for (let k = 0; k < h; k++) {
    out[k] = pers < 1 ? longRun + pk * (one - longRun) : one + k * fit.omega;
    pk *= pers;
  }
  return out;
}

/** Unconditional variance ω / (1 − α − β) (Infinity when α + β ≥ 1). */
export function garchLongRunVariance(p: GarchParams): number {
  const pers = p.alpha + p.beta;
  return pers < 1 ? p.omega / (1 - pers) : Infinity;
}

function checkReturns(returns: ArrayLike<number>, o: GarchOptions): number {
  const n = returns.length;
  if (n < o.minObservations) {
    throw inputError({ key: 'garch.returns' }, `at least ${o.minObservations} returns to fit a GARCH(1,1)`, `${n}`);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(returns[i])) throw inputError({ key: 'garch.returns' }, 'finite returns', `${returns[i]} at index ${i}`);
    mean += returns[i];
  }
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (returns[i] - mean) ** 2;
  const sd = Math.sqrt(v / n);
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) {
    throw inputError({ key: 'garch.returns' }, 'returns that vary (a GARCH needs a non-constant series)', `a constant series (${mean})`);
  }
  return sd;
}

/**
 * Fits a GARCH(1,1) with constant mean by maximum likelihood: Nelder–Mead from several starting
 * values, then an L-BFGS polish with numerical gradients; standard errors from the numerical Hessian.
 * @param returns daily returns (log returns, as fractions: 0.01 = 1 %); at least `minObservations`, not constant
 * @param options see {@link garchDefaults}
 * @returns parameters in the units of `returns`, log-likelihood, standard errors, convergence
 */
export function fitGarch(returns: ArrayLike<number>, options: Partial<GarchOptions> = {}): GarchFit {
  const o = fillDefaults(garchDefaults, options);
  if (o.dist !== 'normal' && o.dist !== 'studentT') throw inputError({ key: 'garch.dist' }, '"normal" or "studentT"', JSON.stringify(o.dist));
  const s = checkReturns(returns, o);
  const n = returns.length;
  const x = Float64Array.from(returns, (v) => v / s);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  const t = o.dist === 'studentT';
  const dim = t ? 5 : 4;
  const toParams = (th: ArrayLike<number>): GarchParams => {
    const pers = P_MAX * logistic(th[2]);
    const share = logistic(th[3]);
    const p: GarchParams = { mu: th[0], omega: Math.exp(th[1]), alpha: pers * share, beta: pers * (1 - share) };
    if (t) p.nu = 2 + Math.min(Math.exp(th[4]), 1000);
    return p;
  };
  const toTheta = (p: GarchParams): number[] => {
    const pers = Math.min(Math.max(p.alpha + p.beta, 1e-4), P_MAX * 0.9999) / P_MAX;
    const share = Math.min(Math.max(p.alpha / Math.max(p.alpha + p.beta, 1e-12), 1e-4), 1 - 1e-4);
    const th = [p.mu, Math.log(Math.max(p.omega, 1e-12)), logit(pers), logit(share)];
    if (t) th.push(Math.log(Math.max((p.nu ?? 8) - 2, 0.05)));
    return th;
  };
  const nll = (th: Float64Array): number => -garchLogLik(toParams(th), x) / n;
  // starting values (scaled units: unconditional variance ≈ 1), user's first
  const starts: GarchParams[] = [];
  if (o.start) {
    const st = o.start;
    const a = st.alpha ?? 0.05;
    const b = st.beta ?? 0.9;
    starts.push({ mu: (st.mu ?? mean * s) / s, omega: st.omega !== undefined ? st.omega / (s * s) : Math.max(1 - a - b, 0.01), alpha: a, beta: b, nu: st.nu ?? 8 });
  }
  for (const [a, b] of [[0.05, 0.9], [0.1, 0.85], [0.03, 0.96], [0.15, 0.6], [0.2, 0.2]]) {
    if (!o.grid && starts.length > 0) break;
    starts.push({ mu: mean, omega: Math.max(1 - a - b, 0.01), alpha: a, beta: b, nu: 8 });
  }
  let iterations = 0;
  let best = { x: new Float64Array(dim), f: Infinity, converged: false };
  // short scouting runs from each start, then a full run from the best of them
  for (const st of starts) {
    const r = nelderMead(nll, toTheta(st), { maxIterations: 150 * dim, step: 0.3 });
    iterations += r.iterations;
    if (r.f < best.f) best = r;
  }
  const main = nelderMead(nll, best.x, { maxIterations: o.maxIterations, step: 0.1 });
  iterations += main.iterations;
  if (main.f <= best.f) best = main;
  const polish = minimizeLbfgs(
    (th, g) => {
      const f = nll(th);
      g.set(numericalGradient(nll, th, 1e-6, 1e-2));
      return f;
    },
    best.x,
    { maxIterations: 100, gradientTolerance: 1e-7 },
  );
  iterations += polish.iterations;
  const thBest = polish.f <= best.f ? polish.x : best.x;
  const fBest = Math.min(polish.f, best.f);
  const gNorm = Math.max(...Array.from(numericalGradient(nll, thBest, 1e-6, 1e-2), Math.abs));
  const converged = main.converged || polish.converged || gNorm < 1e-5;
  const ps = toParams(thBest);
  // standard errors in scaled natural units from the Hessian of the log-likelihood
  const nat = [ps.mu, ps.omega, ps.alpha, ps.beta];
  if (t) nat.push(ps.nu as number);
  const llNat = (v: Float64Array): number => garchLogLik({ mu: v[0], omega: v[1], alpha: v[2], beta: v[3], ...(t ? { nu: v[4] } : {}) }, x);
  const H = numericalHessian(llNat, nat, 1e-4, 1e-3);
  const inv = invertMatrix(H.map((v) => -v), dim);
  const seAt = (i: number): number => {
    const v = inv ? inv[i * dim + i] : NaN;
    return v > 0 ? Math.sqrt(v) : NaN;
  };
  const fit: GarchFit = {
    mu: ps.mu * s,
    omega: ps.omega * s * s,
    alpha: ps.alpha,
    beta: ps.beta,
    dist: o.dist,
    logLik: -fBest * n - n * Math.log(s),
    se: { mu: seAt(0) * s, omega: seAt(1) * s * s, alpha: seAt(2), beta: seAt(3) },
    converged,
    iterations,
    n,
    lastVariance: 0,
    lastReturn: returns[n - 1],
  };
  if (t) {
    fit.nu = ps.nu;
    fit.se.nu = seAt(4);
  }
  const h = garchFilter(fit, returns);
  fit.lastVariance = h[n - 1];
  return fit;
}
