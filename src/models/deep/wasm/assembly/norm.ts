// AssemblyScript: row-wise helpers of the fused Transformer block (../block-fused.ts) — layer norm forward and
// backward over the last axis, bias rows, column sums, ReLU and dropout-mask products. All [rows, d] row-major.

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/**
 * y = (x - mean) · rstd · gamma + beta per row, rstd = 1/√(var + eps); keeps xhat = (x - mean)·rstd and rstd
 * for the backward pass.
 */
export function layerNormForward(x: usize, gamma: usize, beta: usize, y: usize, xhat: usize, rstd: usize, rows: i32, d: i32, eps: f32): void {
  const inv: f32 = 1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const xr = at(x, r * d);
    let s: f32 = 0;
    for (let j = 0; j < d; j++) s += load<f32>(at(xr, j));
    const mean = s * inv;
    let v: f32 = 0;
    for (let j = 0; j < d; j++) {
      const c = load<f32>(at(xr, j)) - mean;
      v += c * c;
    }
    const rs: f32 = 1 / Mathf.sqrt(v * inv + eps);
    store<f32>(at(rstd, r), rs);
    const hr = at(xhat, r * d);
    const yr = at(y, r * d);
    for (let j = 0; j < d; j++) {
      const h = (load<f32>(at(xr, j)) - mean) * rs;
      store<f32>(at(hr, j), h);
      store<f32>(at(yr, j), h * load<f32>(at(gamma, j)) + load<f32>(at(beta, j)));
    }
  }
}

/**
 * From dy, the forward's xhat and rstd: dx = rstd·(g - mean(g) - xhat·mean(g·xhat)) with g = dy·gamma, written
 * (not added) to dx; dgamma += Σ dy·xhat and dbeta += Σ dy over rows.
 */
export function layerNormBackward(dy: usize, xhat: usize, rstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize, rows: i32, d: i32): void {
  const inv: f32 = 1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const dr = at(dy, r * d);
    const hr = at(xhat, r * d);
    let sg: f32 = 0;
    let sgh: f32 = 0;
    for (let j = 0; j < d; j++) {
      const g = load<f32>(at(dr, j));
      const h = load<f32>(at(hr, j));
      const gg = g * load<f32>(at(gamma, j));
      sg += gg;
      sgh += gg * h;
      store<f32>(at(dgamma, j), load<f32>(at(dgamma, j)) + g * h);
      store<f32>(at(dbeta, j), load<f32>(at(dbeta, j)) + g);
    }
    const mg = sg * inv;
    const mgh = sgh * inv;
    const rs = load<f32>(at(rstd, r));
    const xr = at(dx, r * d);
    for (let j = 0; j < d; j++) {
      const gg = load<f32>(at(dr, j)) * load<f32>(at(gamma, j));
      store<f32>(at(xr, j), rs * (gg - mg - load<f32>(at(hr, j)) * mgh));
    }
  }
}

/** Every row of out[rows, d] set to bias[d]. */
export function biasRows(out: usize, bias: usize, rows: i32, d: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(at(out, r * d), bias, <usize>d << 2);
}

/** out[j] += Σ_r m[r, j]. */
export function colSumsAcc(m: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = at(m, r * cols);
    let j = 0;
    for (; j + 4 <= cols; j += 4) v128.store(at(out, j), f32x4.add(v128.load(at(out, j)), v128.load(at(row, j))));
    for (; j < cols; j++) store<f32>(at(out, j), load<f32>(at(out, j)) + load<f32>(at(row, j)));
  }
}

/** In place: max(x, 0) over n floats. */
export function reluRun(p: usize, n: i32): void {
  const z = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(p, j), f32x4.max(v128.load(at(p, j)), z));
  for (; j < n; j++) store<f32>(at(p, j), max<f32>(load<f32>(at(p, j)), 0));
}

/** In place: g = 0 where y ≤ 0 (ReLU backward from its output y), n floats. */
export function reluBackRun(g: usize, y: usize, n: i32): void {
  const z = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(g, j), v128.and(v128.load(at(g, j)), f32x4.gt(v128.load(at(y, j)), z)));
  for (; j < n; j++) if (load<f32>(at(y, j)) <= 0) store<f32>(at(g, j), 0);
}

/**
 * out[b, t, :] = base[b, t, :] + a[b, t, :] · mask[b, :] over [B, T, d] (dropout mask shared by the steps;
 * out may alias base or a).
 */
export function maskedAdd(base: usize, a: usize, mask: usize, out: usize, B: i32, T: i32, d: i32): void {
  for (let b = 0; b < B; b++) {
    const mr = at(mask, b * d);
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * d;
      let j = 0;
      for (; j + 4 <= d; j += 4) v128.store(at(out, o + j), f32x4.add(v128.load(at(base, o + j)), f32x4.mul(v128.load(at(a, o + j)), v128.load(at(mr, j)))));
      for (; j < d; j++) store<f32>(at(out, o + j), load<f32>(at(base, o + j)) + load<f32>(at(a, o + j)) * load<f32>(at(mr, j)));
    }
  }
}

/** out[b, t, :] = g[b, t, :] · mask[b, :] over [B, T, d]. */
export function maskMul(g: usize, mask: usize, out: usize, B: i32, T: i32, d: i32): void {
  for (let b = 0; b < B; b++) {
    const mr = at(mask, b * d);
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * d;
      let j = 0;
      for (; j + 4 <= d; j += 4) v128.store(at(out, o + j), f32x4.mul(v128.load(at(g, o + j)), v128.load(at(mr, j))));
      for (; j < d; j++) store<f32>(at(out, o + j), load<f32>(at(g, o + j)) * load<f32>(at(mr, j)));
    }
  }
}
