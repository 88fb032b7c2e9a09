// AssemblyScript: a whole LSTM layer as one kernel per direction — input projection (x·wx + b), the
// recurrence, and in the backward pass dwx, db and (optionally) dx — so no tfjs op runs around it.
// x arrives batch-major [B, T, F]; the forward rewrites it time-major [T, B, F] (rows in the order of a, so
// the input projection and dwx are one product each over all T·B rows); everything else as in lstm.ts.
import { gemmAcc, transpose } from './gemm';
import { lstmBackward, recur } from './lstm';


// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/**
 * Forward: x is reordered time-major in place (through the scratch xt, B·T·F floats), then
 * a[t, b] = bias + x[t, b]·wx as one product, then the recurrence (a, c, tc, h as in lstmForward).
 */
export function layerForward(x: usize, xt: usize, wx: usize, bias: usize, wh: usize, a: usize, c: usize, tc: usize, h: usize, T: i32, B: i32, U: i32, F: i32): void {
  const G = 4 * U;
  const rows = T * B;
  const rowBytes = <usize>F << 2;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) memory.copy(at(xt, (t * B + b) * F), at(x, (b * T + t) * F), rowBytes);
  }
  memory.copy(x, xt, <usize>(rows * F) << 2);
  for (let r = 0; r < rows; r++) memory.copy(at(a, r * G), bias, <usize>G << 2);
  gemmAcc(x, F, 1, wx, G, a, G, rows, G, F);
  recur(wh, a, c, tc, h, T, B, U);
}

/**
 * Backward (x time-major, as the forward left it): dz and dwh as in lstmBackward, then dwx = xᵀ·dz over all
 * T·B rows, db = Σ dz over steps and rows and, when wantDx is non-zero, dx[b, t] = dz[t, b]·wxᵀ (batch-major).
 * Scratch as in lstmBackward plus wxt [G, F].
 */
export function layerBackward(
  dy: usize, x: usize, wx: usize, wh: usize, a: usize, c: usize, tc: usize, h: usize,
  dz: usize, dwh: usize, wht: usize, dh: usize, dc: usize, dwx: usize, db: usize, dx: usize, wxt: usize,
  T: i32, B: i32, U: i32, F: i32, wantDx: i32,
): void {
  const G = 4 * U;
  lstmBackward(dy, wh, a, c, tc, h, dz, dwh, wht, dh, dc, T, B, U);
  memory.fill(dwx, 0, <usize>(F * G) << 2);
  gemmAcc(x, 1, F, dz, G, dwx, G, F, G, T * B);
  columnSums(dz, db, T * B, G);
  if (wantDx) {
    transpose(wx, wxt, F, G);
    memory.fill(dx, 0, <usize>(B * T * F) << 2);
    for (let t = 0; t < T; t++) gemmAcc(at(dz, t * B * G), G, 1, wxt, F, at(dx, t * F), T * F, B, F, G);
  }
}

/** out[j] = Σ_r m[r, j] for a row-major [rows, cols] matrix. */
function columnSums(m: usize, out: usize, rows: i32, cols: i32): void {
  memory.fill(out, 0, <usize>cols << 2);
  for (let r = 0; r < rows; r++) {
    const row = at(m, r * cols);
    let j = 0;
    for (; j + 4 <= cols; j += 4) v128.store(at(out, j), f32x4.add(v128.load(at(out, j)), v128.load(at(row, j))));
    for (; j < cols; j++) store<f32>(at(out, j), load<f32>(at(out, j)) + load<f32>(at(row, j)));
  }
}
