/**
 * Derivative-free numerics for maximum likelihood: Nelder–Mead simplex search, central-difference
 * gradients and Hessians, symmetric matrix inversion, and log Γ.
 */
import { fillDefaults } from '../../util/options';

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Iteration limit (default 1000). */
  maxIterations: number;
  /** Stop when f_max − f_min <= ftol·(|f_min| + 1e-12) … (default 1e-10) */
  ftol: number;
  /** … and the simplex's largest coordinate spread is <= xtol (default 1e-7). */
  xtol: number;
  /** Initial simplex edge per coordinate (default 0.25). */
  step: number;
}

/** Defaults of {@link NelderMeadOptions}. */
export const nelderMeadDefaults: NelderMeadOptions = { maxIterations: 1000, ftol: 1e-10, xtol: 1e-7, step: 0.25 };

/** Result of a minimisation. */
export interface MinimizeResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimises `f` with the Nelder–Mead simplex (reflection 1, expansion 2, contraction ½, shrink ½).
 * Non-finite values count as +∞, so infeasible points are simply avoided.
 * @param f objective
 * @param x0 starting point (not modified)
 * @param options see {@link nelderMeadDefaults}
 * @returns best point, its value, iterations, and whether both tolerances were met
 */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: Partial<NelderMeadOptions> = {}): MinimizeResult {
  const o = fillDefaults(nelderMeadDefaults, options);
  const d = x0.length;
  const val = (x: Float64Array): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0);
    p[i] += o.step;
    pts.push(p);
  }
  const fv = pts.map(val);
  const centroid = new Float64Array(d);
  const along = (t: number): Float64Array => {
    const w = pts[d];
    const p = new Float64Array(d);
    for (let j = 0; j < d; j++) p[j] = centroid[j] + t * (w[j] - centroid[j]);
    return p;
  };
  let it = 0;
  let converged = false;
  while (it < o.maxIterations) {
    // order best..worst
    const idx = fv.map((_, i) => i).sort((a, b) => fv[a] - fv[b]);
    const sp = idx.map((i) => pts[i]);
    const sf = idx.map((i) => fv[i]);
    for (let i = 0; i <= d; i++) {
      pts[i] = sp[i];
      fv[i] = sf[i];
    }
    let spread = 0;
    for (let i = 1; i <= d; i++) for (let j = 0; j < d; j++) spread = Math.max(spread, Math.abs(pts[i][j] - pts[0][j]));
    if (fv[d] - fv[0] <= o.ftol * (Math.abs(fv[0]) + 1e-12) && spread <= o.xtol) {
      converged = true;
      break;
    }
    it++;
    centroid.fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += pts[i][j] / d;
    const xr = along(-1);
    const fr = val(xr);
    if (fr < fv[0]) {
      const xe = along(-2);
      const fe = val(xe);
      if (fe < fr) {
        pts[d] = xe;
        fv[d] = fe;
      } else {
        pts[d] = xr;
        fv[d] = fr;
      }
    } else if (fr < fv[d - 1]) {
      pts[d] = xr;
      fv[d] = fr;
    } else {
      const outside = fr < fv[d];
      const xc = along(outside ? -0.5 : 0.5);
      const fc = val(xc);
      if (fc < (outside ? fr : fv[d])) {
        pts[d] = xc;
        fv[d] = fc;
      } else {
        for (let i = 1; i <= d; i++) {
          for (let j = 0; j < d; j++) pts[i][j] = pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]);
          fv[i] = val(pts[i]);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (fv[i] < fv[best]) best = i;
  return { x: Float64Array.from(pts[best]), f: fv[best], iterations: it, converged };
}

/**
 * Central-difference gradient, step hᵢ = rel·max(|xᵢ|, floor).
 * @param f function
 * @param x point (not modified)
 * @param rel relative step (default 1e-5)
 * @param floor smallest step scale (default 1e-3)
 * @returns gradient, length of x
 */
export function numericalGradient(f: (x: Float64Array) => number, x: ArrayLike<number>, rel = 1e-5, floor = 1e-3): Float64Array {
  const p = Float64Array.from(x);
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const h = rel * Math.max(Math.abs(p[i]), floor);
    const xi = p[i];
    p[i] = xi + h;
    const fp = f(p);
    p[i] = xi - h;
    const fm = f(p);
    p[i] = xi;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/**
 * Central-difference Hessian (symmetric), steps hᵢ = rel·max(|xᵢ|, floor).
 * @param f twice-differentiable function
 * @param x point (not modified)
 * @param rel relative step (default 1e-4)
 * @param floor smallest step scale (default 1e-3)
 * @returns row-major `[d, d]` matrix
 */
export function numericalHessian(f: (x: Float64Array) => number, x: ArrayLike<number>, rel = 1e-4, floor = 1e-3): Float64Array {
  const d = x.length;
  const p = Float64Array.from(x);
  const h = Array.from(p, (v) => rel * Math.max(Math.abs(v), floor));
  const H = new Float64Array(d * d);
  const f0 = f(p);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let v: number;
      if (i === j) {
        const xi = p[i];
        p[i] = xi + h[i];
        const fp = f(p);
        p[i] = xi - h[i];
        const fm = f(p);
        p[i] = xi;
        v = (fp - 2 * f0 + fm) / (h[i] * h[i]);
      } else {
        const at = (si: number, sj: number): number => {
          const xi = p[i];
          const xj = p[j];
          p[i] = xi + si * h[i];
          p[j] = xj + sj * h[j];
          const r = f(p);
          p[i] = xi;
          p[j] = xj;
          return r;
        };
        v = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j]);
      }
      H[i * d + j] = v;
      H[j * d + i] = v;
    }
  }
  return H;
}

/**
 * Inverts a square matrix by Gauss–Jordan elimination with partial pivoting.
 * @param a row-major `[d, d]` (not modified)
 * @param d size
 * @returns the inverse, or undefined when the matrix is singular or not finite
 */
export function invertMatrix(a: ArrayLike<number>, d: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale = Math.max(scale, Math.abs(m[i]));
  if (!(scale > 0) || !Number.isFinite(scale)) return undefined;
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]) > Math.abs(m[piv * d + c])) piv = r;
    if (Math.abs(m[piv * d + c]) <= 1e-13 * scale) return undefined;
    if (piv !== c) {
      for (let k = 0; k < d; k++) {
        [m[c * d + k], m[piv * d + k]] = [m[piv * d + k], m[c * d + k]];
        [inv[c * d + k], inv[piv * d + k]] = [inv[piv * d + k], inv[c * d + k]];
      }
    }
    const pv = m[c * d + c];
    for (let k = 0; k < d; k++) {
      m[c * d + k] /= pv;
      inv[c * d + k] /= pv;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const fct = m[r * d + c];
      if (fct === 0) continue;
      for (let k = 0; k < d; k++) {
        m[r * d + k] -= fct * m[c * d + k];
        inv[r * d + k] -= fct * inv[c * d + k];
      }
    }
  }
  return inv;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Natural log of the gamma function for x > 0 (Lanczos approximation, g = 7; ~15 significant digits).
 * @param x positive argument
 * @returns ln Γ(x)
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
