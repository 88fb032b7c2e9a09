/**
 * Limited-memory BFGS for smooth unconstrained minimisation (Nocedal & Wright, Algorithm 7.4/7.5):
 * two-loop recursion with a backtracking Armijo line search.
 */
import { fillDefaults } from '../../util/options';

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Maximum iterations (default 200). */
  maxIterations: number;
  /** Correction pairs kept (default 10). */
  memory: number;
  /** Stop when max |gradient| <= this (default 1e-6). */
  gradientTolerance: number;
  /** Stop when the relative decrease of f in one iteration is below this (default 1e-10). */
  functionTolerance: number;
  /** Called after every iteration with its number (1-based), f and the current point; may throw to abort. */
  onIteration?: (iteration: number, f: number, x: Float64Array) => void;
}

/** Defaults of {@link LbfgsOptions}. */
export const lbfgsDefaults: LbfgsOptions = {
  maxIterations: 200,
  memory: 10,
  gradientTolerance: 1e-6,
  functionTolerance: 1e-10,
};

/** Result of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  /** Minimiser found (new array). */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** Iterations run. */
  iterations: number;
  /** Function/gradient evaluations. */
  evaluations: number;
  /** True when a tolerance was met (not the iteration limit or a failed line search). */
  converged: boolean;
}

/** Objective: returns f(x) and writes the gradient into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * Minimises a smooth function with L-BFGS.
 * @param fg objective returning f and filling the gradient
 * @param x0 starting point (not modified)
 * @param options see {@link lbfgsDefaults}
 * @returns the minimiser, its value, iteration count and whether it converged
 */
export function minimizeLbfgs(fg: ObjectiveWithGradient, x0: ArrayLike<number>, options: Partial<LbfgsOptions> = {}): LbfgsResult {
  const o = fillDefaults(lbfgsDefaults, options);
  const m = o.memory;
  const dim = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(dim);
  let f = fg(x, g);
  let evaluations = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(dim);
  const alphas = new Float64Array(m);
  let xNew = new Float64Array(dim);
  let gNew = new Float64Array(dim);
  if (!Number.isFinite(f)) return { x, f, iterations: 0, evaluations, converged: false };
  if (maxAbs(g) <= o.gradientTolerance) return { x, f, iterations: 0, evaluations, converged: true };
  let converged = false;
  let smallBefore = false;
  let it = 0;
  while (it < o.maxIterations) {
    it++;
    // two-loop recursion: dir = -H g
    for (let i = 0; i < dim; i++) dir[i] = -g[i];
    for (let j = S.length - 1; j >= 0; j--) {
      alphas[j] = rho[j] * dot(S[j], dir);
      const yj = Y[j];
      for (let i = 0; i < dim; i++) dir[i] -= alphas[j] * yj[i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < dim; i++) dir[i] *= gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < dim; i++) dir[i] *= scale;
    }
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j] * dot(Y[j], dir);
      const sj = S[j];
      for (let i = 0; i < dim; i++) dir[i] += (alphas[j] - beta) * sj[i];
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // not a descent direction: reset memory, use steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < dim; i++) dir[i] = -g[i] * scale;
      slope = dot(g, dir);
    }
    // backtracking Armijo line search
    let step = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < dim; i++) xNew[i] = x[i] + step * dir[i];
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // no decrease possible along the direction: we are at the numerical minimum
      converged = maxAbs(g) <= Math.sqrt(o.gradientTolerance);
      break;
    }
    const s = new Float64Array(dim);
    const y = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fOld = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    o.onIteration?.(it, f, x);
    // a small decrease must repeat on two iterations in a row (a first, badly scaled step is often tiny)
    const small = (fOld - f) / Math.max(1, Math.abs(f)) <= o.functionTolerance;
    if (maxAbs(g) <= o.gradientTolerance || (small && smallBefore)) {
      converged = true;
      break;
    }
    smallBefore = small;
  }
  return { x: Float64Array.from(x), f, iterations: it, evaluations, converged };
}
