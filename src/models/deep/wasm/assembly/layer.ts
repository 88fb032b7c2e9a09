// AssemblyScript: a whole LSTM layer as one kernel per direction — input projection (x·wx + b), the
// recurrence, and in the backward pass dwx, db and (optionally) dx — so no tfjs op runs around it.
// x is batch-major [B, T, F]; everything else is laid out as in lstm.ts.
import { gemmAcc, transpose } from './gemm';
import { lstmBackward, recur } from './lstm';


// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Forward: a[t, b] = bias + x[b, t]·wx, then the recurrence (a, c, tc, h as in lstmForward). */
export function layerForward(x: usize, wx: usize, bias: usize, wh: usize, a: usize, c: usize, tc: usize, h: usize, T: i32, B: i32, U: i32, F: i32): void {
  const G = 4 * U;
  const rows = T * B;
  for (let r = 0; r < rows; r++) memory.copy(at(a, r * G), bias, <usize>G << 2);
  // Step t's rows of x are x[b, t, :] at stride T·F.
  for (let t = 0; t < T; t++) gemmAcc(at(x, t * F), T * F, 1, wx, G, at(a, t * B * G), G, B, G, F);
  recur(wh, a, c, tc, h, T, B, U);
}

/**
 * Backward: dz and dwh as in lstmBackward, then dwx = Σ_t x_tᵀ·dz_t, db = Σ dz over steps and rows and,
 * when wantDx is non-zero, dx[b, t] = dz[t, b]·wxᵀ. Scratch as in lstmBackward plus wxt [G, F].
 */
export function layerBackward(
  dy: usize, x: usize, wx: usize, wh: usize, a: usize, c: usize, tc: usize, h: usize,
  dz: usize, dwh: usize, wht: usize, dh: usize, dc: usize, dwx: usize, db: usize, dx: usize, wxt: usize,
  T: i32, B: i32, U: i32, F: i32, wantDx: i32,
): void {
  const G = 4 * U;
  lstmBackward(dy, wh, a, c, tc, h, dz, dwh, wht, dh, dc, T, B, U);
  memory.fill(dwx, 0, <usize>(F * G) << 2);
  for (let t = 0; t < T; t++) gemmAcc(at(x, t * F), 1, T * F, at(dz, t * B * G), G, dwx, G, F, G, B);
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
