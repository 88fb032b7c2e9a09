// AssemblyScript: the core of multi-head scaled dot-product self-attention as one kernel per direction.
// q, k, v, ctx are [B, T, D] with head h in columns h·dh … (h+1)·dh-1 (no transposes needed); att [B, H, T, T]
// holds the softmax weights for the backward pass. No mask: every step of a window is in the past.
import { expv } from './act';

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

/** y[c] += alpha·x[c] over n floats. */
function axpy(alpha: f32, x: usize, y: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  let c = 0;
  for (; c + 4 <= n; c += 4) v128.store(at(y, c), f32x4.add(v128.load(at(y, c)), f32x4.mul(a, v128.load(at(x, c)))));
  for (; c < n; c++) store<f32>(at(y, c), load<f32>(at(y, c)) + alpha * load<f32>(at(x, c)));
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

/** Forward: att = softmax(q_h·k_hᵀ·scale) per batch row and head; ctx_h = att·v_h. */
export function attentionForward(q: usize, k: usize, v: usize, att: usize, ctx: usize, B: i32, T: i32, D: i32, H: i32): void {
  const dh = D / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  memory.fill(ctx, 0, <usize>(B * T * D) << 2);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = b * T * D + h * dh;
      for (let i = 0; i < T; i++) {
        const row = at(att, ((b * H + h) * T + i) * T);
        const qi = at(q, base + i * D);
        for (let j = 0; j < T; j++) store<f32>(at(row, j), dot(qi, at(k, base + j * D), dh) * scale);
        softmaxRow(row, T);
        const ci = at(ctx, base + i * D);
        for (let j = 0; j < T; j++) axpy(load<f32>(at(row, j)), at(v, base + j * D), ci, dh);
      }
    }
  }
}

/** Backward: from dctx and the forward's att, writes dq, dk, dv. Scratch: ds [T]. */
export function attentionBackward(q: usize, k: usize, v: usize, att: usize, dctx: usize, dq: usize, dk: usize, dv: usize, ds: usize, B: i32, T: i32, D: i32, H: i32): void {
  const dh = D / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  const n = <usize>(B * T * D) << 2;
  memory.fill(dq, 0, n);
  memory.fill(dk, 0, n);
  memory.fill(dv, 0, n);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = b * T * D + h * dh;
      for (let i = 0; i < T; i++) {
        const row = at(att, ((b * H + h) * T + i) * T);
        const gi = at(dctx, base + i * D);
        // datt[i, j] = dctx_i · v_j ; dv_j += att[i, j] · dctx_i
        let s: f32 = 0;
        for (let j = 0; j < T; j++) {
          const a = load<f32>(at(row, j));
          const d = dot(gi, at(v, base + j * D), dh);
          store<f32>(at(ds, j), d);
          s += a * d;
          axpy(a, gi, at(dv, base + j * D), dh);
        }
        // dscores = att ⊙ (datt - Σ att·datt), times the scale; dq_i += ds_ij·k_j, dk_j += ds_ij·q_i
        const qi = at(q, base + i * D);
        const dqi = at(dq, base + i * D);
        for (let j = 0; j < T; j++) {
          const g = load<f32>(at(row, j)) * (load<f32>(at(ds, j)) - s) * scale;
          axpy(g, at(k, base + j * D), dqi, dh);
          axpy(g, qi, at(dk, base + j * D), dh);
        }
      }
    }
  }
}
