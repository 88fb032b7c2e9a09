// AssemblyScript: global-norm clipping and the Adam update over flat f32 buffers (all variables concatenated).

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Σ g[i]² over n floats (f32 lanes, like tfjs' float32 sum). */
export function sumSquares(g: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(at(g, i));
    acc = f32x4.add(acc, f32x4.mul(x, x));
  }
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < n; i++) s += load<f32>(at(g, i)) * load<f32>(at(g, i));
  return s;
}

/**
 * One Adam step in place on w, m, v with gradient g·scale: m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
 * w -= lr·(m/c1) / (√(v/c2) + eps), where c1 = 1-β1^t and c2 = 1-β2^t.
 */
export function adamStep(w: usize, g: usize, m: usize, v: usize, n: i32, scale: f32, lr: f32, b1: f32, b2: f32, c1: f32, c2: f32, eps: f32): void {
  const vs = f32x4.splat(scale), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2);
  const va1 = f32x4.splat(1 - b1), va2 = f32x4.splat(1 - b2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), vlr = f32x4.splat(lr), veps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = f32x4.mul(v128.load(at(g, i)), vs);
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(at(m, i))), f32x4.mul(va1, gi));
    const vi = f32x4.add(f32x4.mul(vb2, v128.load(at(v, i))), f32x4.mul(va2, f32x4.mul(gi, gi)));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const step = f32x4.div(f32x4.mul(vlr, f32x4.div(mi, vc1)), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), veps));
    v128.store(at(w, i), f32x4.sub(v128.load(at(w, i)), step));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i)) * scale;
    const mi = b1 * load<f32>(at(m, i)) + (1 - b1) * gi;
    const vi = b2 * load<f32>(at(v, i)) + (1 - b2) * gi * gi;
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    store<f32>(at(w, i), load<f32>(at(w, i)) - (lr * (mi / c1)) / (Mathf.sqrt(vi / c2) + eps));
  }
}
