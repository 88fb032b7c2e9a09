// AssemblyScript: the LSTM recurrence over a whole sequence, forward and backpropagation through time,
// on raw f32 memory. Layout (all row-major, time-major): xp/a [T, B, 4U] with gates [i, f, o, g];
// h/c/tc [T, B, U]; wh [U, 4U]. Pointers are byte offsets chosen by the JS side (lstm-fused.ts).
import { gemmAcc, transpose } from './gemm';
import { sigmoidRun, tanhRun, tanhv, tanhs } from './act';


/** First free byte after the module's static data (where the JS side may start its buffers). */
export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/**
 * Forward pass. Writes a (activated gates), c (cell), tc (tanh c) and h (hidden) for every step;
 * xp is copied into a, then a[t] += h[t-1]·wh, activations in place, then the cell update.
 */
export function lstmForward(xp: usize, wh: usize, a: usize, c: usize, tc: usize, h: usize, T: i32, B: i32, U: i32): void {
  memory.copy(a, xp, <usize>(T * B * 4 * U) << 2);
  recur(wh, a, c, tc, h, T, B, U);
}

/** The forward recurrence on a, which holds the input projection on entry and the activated gates on exit. */
export function recur(wh: usize, a: usize, c: usize, tc: usize, h: usize, T: i32, B: i32, U: i32): void {
  const G = 4 * U;
  for (let t = 0; t < T; t++) {
    const at_ = at(a, t * B * G);
    if (t > 0) gemmAcc(at(h, (t - 1) * B * U), U, 1, wh, G, at_, G, B, G, U);
    for (let b = 0; b < B; b++) {
      const row = at(at_, b * G);
      sigmoidRun(row, 3 * U);
      tanhRun(at(row, 3 * U), U);
      const o = t * B * U + b * U;
      const cprev = t > 0 ? at(c, o - B * U) : 0;
      cellForward(row, cprev, at(c, o), at(tc, o), at(h, o), U);
    }
  }
}

function cellForward(row: usize, cprev: usize, c: usize, tc: usize, h: usize, U: i32): void {
  const ip = row;
  const fp = at(row, U);
  const op = at(row, 2 * U);
  const gp = at(row, 3 * U);
  let j = 0;
  for (; j + 4 <= U; j += 4) {
    const off = <usize>j << 2;
    const cp = cprev ? v128.load(cprev + off) : f32x4.splat(0);
    const cv = f32x4.add(f32x4.mul(v128.load(fp + off), cp), f32x4.mul(v128.load(ip + off), v128.load(gp + off)));
    const tv = tanhv(cv);
    v128.store(c + off, cv);
    v128.store(tc + off, tv);
    v128.store(h + off, f32x4.mul(v128.load(op + off), tv));
  }
  for (; j < U; j++) {
    const off = <usize>j << 2;
    const cp: f32 = cprev ? load<f32>(cprev + off) : 0;
    const cv = load<f32>(fp + off) * cp + load<f32>(ip + off) * load<f32>(gp + off);
    const tv = tanhs(cv);
    store<f32>(c + off, cv);
    store<f32>(tc + off, tv);
    store<f32>(h + off, load<f32>(op + off) * tv);
  }
}

/**
 * Backward pass (BPTT). Inputs: dy [T, B, U] (gradient w.r.t. h), the forward's a, c, tc, h, and wh.
 * Outputs: dz [T, B, 4U] (gradient w.r.t. the pre-activation projection, i.e. w.r.t. xp) and dwh [U, 4U].
 * Scratch: wht [4U, U], dh [B, U], dc [B, U].
 */
export function lstmBackward(dy: usize, wh: usize, a: usize, c: usize, tc: usize, h: usize, dz: usize, dwh: usize, wht: usize, dh: usize, dc: usize, T: i32, B: i32, U: i32): void {
  const G = 4 * U;
  const BU = B * U;
  transpose(wh, wht, U, G);
  memory.fill(dh, 0, <usize>BU << 2);
  memory.fill(dc, 0, <usize>BU << 2);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const o = t * BU + b * U;
      const cprev = t > 0 ? at(c, o - BU) : 0;
      cellBackward(at(dy, o), at(a, (t * B + b) * G), cprev, at(tc, o), at(dz, (t * B + b) * G), at(dh, b * U), at(dc, b * U), U);
    }
    if (t > 0) {
      memory.fill(dh, 0, <usize>BU << 2);
      gemmAcc(at(dz, t * B * G), G, 1, wht, U, dh, U, B, U, G);
    }
  }
  memory.fill(dwh, 0, <usize>(U * G) << 2);
  // dwh = Σ_t h[t-1]ᵀ · dz[t]: rows B … TB of dz against rows 0 … (T-1)B of h, one transposed product.
  if (T > 1) gemmAcc(h, 1, U, at(dz, B * G), G, dwh, G, U, G, (T - 1) * B);
}

/** One row of the backward cell: reads dh (carried) + dy, dc (carried); writes dz and the carried dc. */
function cellBackward(dy: usize, row: usize, cprev: usize, tc: usize, dz: usize, dh: usize, dc: usize, U: i32): void {
  const ip = row;
  const fp = at(row, U);
  const op = at(row, 2 * U);
  const gp = at(row, 3 * U);
  const one = f32x4.splat(1);
  let j = 0;
  for (; j + 4 <= U; j += 4) {
    const off = <usize>j << 2;
    const iv = v128.load(ip + off), fv = v128.load(fp + off), ov = v128.load(op + off), gv = v128.load(gp + off);
    const tv = v128.load(tc + off);
    const dhv = f32x4.add(v128.load(dy + off), v128.load(dh + off));
    const dcv = f32x4.add(f32x4.mul(f32x4.mul(dhv, ov), f32x4.sub(one, f32x4.mul(tv, tv))), v128.load(dc + off));
    const cp = cprev ? v128.load(cprev + off) : f32x4.splat(0);
    v128.store(dz + off, f32x4.mul(f32x4.mul(dcv, gv), f32x4.mul(iv, f32x4.sub(one, iv))));
    v128.store(at(dz + off, U), f32x4.mul(f32x4.mul(dcv, cp), f32x4.mul(fv, f32x4.sub(one, fv))));
    v128.store(at(dz + off, 2 * U), f32x4.mul(f32x4.mul(dhv, tv), f32x4.mul(ov, f32x4.sub(one, ov))));
    v128.store(at(dz + off, 3 * U), f32x4.mul(f32x4.mul(dcv, iv), f32x4.sub(one, f32x4.mul(gv, gv))));
    v128.store(dc + off, f32x4.mul(dcv, fv));
  }
  for (; j < U; j++) {
    const off = <usize>j << 2;
    const iv = load<f32>(ip + off), fv = load<f32>(fp + off), ov = load<f32>(op + off), gv = load<f32>(gp + off);
    const tv = load<f32>(tc + off);
    const dhv = load<f32>(dy + off) + load<f32>(dh + off);
    const dcv = dhv * ov * (1 - tv * tv) + load<f32>(dc + off);
    const cp: f32 = cprev ? load<f32>(cprev + off) : 0;
    store<f32>(dz + off, dcv * gv * iv * (1 - iv));
    store<f32>(at(dz + off, U), dcv * cp * fv * (1 - fv));
    store<f32>(at(dz + off, 2 * U), dhv * tv * ov * (1 - ov));
    store<f32>(at(dz + off, 3 * U), dcv * iv * (1 - gv * gv));
    store<f32>(dc + off, dcv * fv);
  }
}
