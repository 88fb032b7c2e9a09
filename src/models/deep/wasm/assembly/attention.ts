// AssemblyScript: the core of multi-head scaled dot-product self-attention as one kernel per direction.
// q, k, v, ctx are [B, T, D] with head h in columns h·dh … (h+1)·dh-1 (no transposes needed); att [B, H, T, T]
// holds the softmax weights for the backward pass. No mask: every step of a window is in the past.
import { expv } from './act';
import { gemmAcc } from './gemm';

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Σ x[c]·y[c] over n floats. */
function dot(x: usize, y: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= n; c += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(at(x, c)), v128.load(at(y, c))));
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; c < n; c++) s += load<f32>(at(x, c)) * load<f32>(at(y, c));
  return s;
}

/** In place: softmax of n floats at p. */
function softmaxRow(p: usize, n: i32): void {
  let m = load<f32>(p);
  for (let j = 1; j < n; j++) m = max(m, load<f32>(at(p, j)));
  let j = 0;
  let s: f32 = 0;
  const mv = f32x4.splat(m);
  for (; j + 4 <= n; j += 4) {
    const e = expv(f32x4.sub(v128.load(at(p, j)), mv));
    v128.store(at(p, j), e);
    s += f32x4.extract_lane(e, 0) + f32x4.extract_lane(e, 1) + f32x4.extract_lane(e, 2) + f32x4.extract_lane(e, 3);
  }
  for (; j < n; j++) {
    const e = f32x4.extract_lane(expv(f32x4.splat(load<f32>(at(p, j)) - m)), 0);
    store<f32>(at(p, j), e);
    s += e;
  }
  const inv: f32 = 1 / s;
  for (j = 0; j < n; j++) store<f32>(at(p, j), load<f32>(at(p, j)) * inv);
}

/** dst[b, col, t] = src[b, t, col] per batch row: each head's block of columns becomes [dh, T], row-major. */
function headsT(src: usize, dst: usize, B: i32, T: i32, D: i32): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const s = at(src, (b * T + t) * D);
      const d = at(dst, b * D * T + t);
      for (let c = 0; c < D; c++) store<f32>(d + (<usize>(c * T) << 2), load<f32>(at(s, c)));
    }
  }
}

/**
 * Forward: att = softmax(q_h·k_hᵀ·scale) per batch row and head; ctx_h = att·v_h — small products on the
 * blocked GEMM. Scratch: kt [B·T·D] (keys transposed per head).
 */
export function attentionForward(q: usize, k: usize, v: usize, att: usize, ctx: usize, kt: usize, B: i32, T: i32, D: i32, H: i32): void {
  const dh = D / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  headsT(k, kt, B, T, D);
  memory.fill(ctx, 0, <usize>(B * T * D) << 2);
  memory.fill(att, 0, <usize>(B * H * T * T) << 2);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = b * T * D + h * dh;
      const blk = at(att, (b * H + h) * T * T);
      gemmAcc(at(q, base), D, 1, at(kt, (b * D + h * dh) * T), T, blk, T, T, T, dh);
      for (let i = 0; i < T; i++) {
        const row = at(blk, i * T);
        for (let j = 0; j < T; j++) store<f32>(at(row, j), load<f32>(at(row, j)) * scale);
        softmaxRow(row, T);
      }
      gemmAcc(blk, T, 1, at(v, base), D, at(ctx, base), D, T, dh, T);
    }
  }
}

/**
 * Backward: from dctx and the forward's att, writes dq, dk, dv (small products on the blocked GEMM).
 * Scratch: [B·T·D + T·T] floats (values transposed per head, then one head's score gradients).
 */
export function attentionBackward(q: usize, k: usize, v: usize, att: usize, dctx: usize, dq: usize, dk: usize, dv: usize, scratch: usize, B: i32, T: i32, D: i32, H: i32): void {
  const dh = D / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  const n = <usize>(B * T * D) << 2;
  const vt = scratch;
  const ds = scratch + n;
  headsT(v, vt, B, T, D);
  memory.fill(dq, 0, n);
  memory.fill(dk, 0, n);
  memory.fill(dv, 0, n);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = b * T * D + h * dh;
      const blk = at(att, (b * H + h) * T * T);
      // dv_h += attᵀ·dctx_h; datt = dctx_h·v_hᵀ
      gemmAcc(blk, 1, T, at(dctx, base), D, at(dv, base), D, T, dh, T);
      memory.fill(ds, 0, <usize>(T * T) << 2);
      gemmAcc(at(dctx, base), D, 1, at(vt, (b * D + h * dh) * T), T, ds, T, T, T, dh);
      // dscores = att ⊙ (datt - Σ att·datt), times the scale
      for (let i = 0; i < T; i++) {
        const row = at(blk, i * T);
        const dr = at(ds, i * T);
        const s = dot(row, dr, T);
        for (let j = 0; j < T; j++) store<f32>(at(dr, j), load<f32>(at(row, j)) * (load<f32>(at(dr, j)) - s) * scale);
      }
      // dq_h += ds·k_h; dk_h += dsᵀ·q_h
      gemmAcc(ds, T, 1, at(k, base), D, at(dq, base), D, T, dh, T);
      gemmAcc(ds, 1, T, at(q, base), D, at(dk, base), D, T, dh, T);
    }
  }
}
