// AssemblyScript: causal 1-D convolution over time + bias + ReLU as one kernel per direction.
// x [B, T, Fin] batch-major; w [K·Fin, Fout], row block j multiplies input step t-K+1+j (zero before step 0);
// y [B, T, Fout] = relu(bias + Σ_j x[b, t-K+1+j]·w_j).
import { gemmAcc, transpose } from './gemm';

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Forward: writes y (after ReLU). */
export function convForward(x: usize, w: usize, bias: usize, y: usize, B: i32, T: i32, K: i32, Fin: i32, Fout: i32): void {
  for (let r = 0; r < B * T; r++) memory.copy(at(y, r * Fout), bias, <usize>Fout << 2);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < K; j++) {
      const t0 = K - 1 - j; // first output step whose tap j is inside the sequence
      if (t0 >= T) continue;
      gemmAcc(at(x, (b * T + t0 - K + 1 + j) * Fin), Fin, 1, at(w, j * Fin * Fout), Fout, at(y, (b * T + t0) * Fout), Fout, T - t0, Fout, Fin);
    }
  }
  const n = B * T * Fout;
  let i = 0;
  const zero = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.max(v128.load(at(y, i)), zero));
  for (; i < n; i++) store<f32>(at(y, i), max(load<f32>(at(y, i)), 0));
}

/**
 * Backward: dy (w.r.t. the ReLU output) is masked in place by y > 0, then dw = Σ x_shiftedᵀ·dy, db = Σ dy and,
 * when wantDx is non-zero, dx = Σ dy·w_jᵀ (shifted back). Scratch: wt [Fout, K·Fin].
 */
export function convBackward(x: usize, w: usize, y: usize, dy: usize, dw: usize, db: usize, dx: usize, wt: usize, B: i32, T: i32, K: i32, Fin: i32, Fout: i32, wantDx: i32): void {
  const n = B * T * Fout;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const keep = f32x4.gt(v128.load(at(y, i)), zero);
    v128.store(at(dy, i), v128.and(v128.load(at(dy, i)), keep));
  }
  for (; i < n; i++) if (load<f32>(at(y, i)) <= 0) store<f32>(at(dy, i), 0);
  memory.fill(dw, 0, <usize>(K * Fin * Fout) << 2);
  memory.fill(db, 0, <usize>Fout << 2);
  for (let r = 0; r < B * T; r++) {
    const row = at(dy, r * Fout);
    let j = 0;
    for (; j + 4 <= Fout; j += 4) v128.store(at(db, j), f32x4.add(v128.load(at(db, j)), v128.load(at(row, j))));
    for (; j < Fout; j++) store<f32>(at(db, j), load<f32>(at(db, j)) + load<f32>(at(row, j)));
  }
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < K; j++) {
      const t0 = K - 1 - j;
      if (t0 >= T) continue;
      // dw_j[Fin, Fout] += x[b, s0 … s0+T-t0-1]ᵀ · dy[b, t0 … T-1]
      gemmAcc(at(x, (b * T + t0 - K + 1 + j) * Fin), 1, Fin, at(dy, (b * T + t0) * Fout), Fout, at(dw, j * Fin * Fout), Fout, Fin, Fout, T - t0);
    }
  }
  if (!wantDx) return;
  transpose(w, wt, K * Fin, Fout);
  memory.fill(dx, 0, <usize>(B * T * Fin) << 2);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < K; j++) {
      const t0 = K - 1 - j;
      if (t0 >= T) continue;
      // dx[b, s0 …] += dy[b, t0 …] · w_jᵀ, w_jᵀ = columns j·Fin … of wt [Fout, K·Fin]
      gemmAcc(at(dy, (b * T + t0) * Fout), Fout, 1, at(wt, j * Fin), K * Fin, at(dx, (b * T + t0 - K + 1 + j) * Fin), Fin, T - t0, Fin, Fout);
    }
  }
}
