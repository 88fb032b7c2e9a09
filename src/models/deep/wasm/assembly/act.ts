// AssemblyScript: vectorised exp / sigmoid / tanh (Cephes expf: range reduction by ln 2, degree-5
// polynomial, 2^n built in the exponent bits). Relative error ≈ 1e-7 over the clamped range.

const LOG2E: f32 = 1.44269504088896341;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline export function expv(x0: v128): v128 {
  const x1 = f32x4.min(f32x4.max(x0, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x1, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  const r = f32x4.sub(f32x4.sub(x1, f32x4.mul(n, f32x4.splat(C1))), f32x4.mul(n, f32x4.splat(C2)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1));
  const e = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, e);
}

// @ts-ignore: decorator
@inline export function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline export function tanhv(x: v128): v128 {
  // tanh x = 1 - 2 / (exp(2x) + 1)
  const one = f32x4.splat(1);
  return f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(expv(f32x4.add(x, x)), one)));
}

/** Lane 0 of a vector function applied to a splat: the scalar tails use the same formula as the vectors. */
// @ts-ignore: decorator
@inline export function sigmoids(x: f32): f32 {
  return f32x4.extract_lane(sigmoidv(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline export function tanhs(x: f32): f32 {
  return f32x4.extract_lane(tanhv(f32x4.splat(x)), 0);
}

/** In place: sigmoid on n floats at p. */
export function sigmoidRun(p: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const q = p + (<usize>j << 2);
    v128.store(q, sigmoidv(v128.load(q)));
  }
  for (; j < n; j++) {
    const q = p + (<usize>j << 2);
    store<f32>(q, sigmoids(load<f32>(q)));
  }
}

/** In place: tanh on n floats at p. */
export function tanhRun(p: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const q = p + (<usize>j << 2);
    v128.store(q, tanhv(v128.load(q)));
  }
  for (; j < n; j++) {
    const q = p + (<usize>j << 2);
    store<f32>(q, tanhs(load<f32>(q)));
  }
}
