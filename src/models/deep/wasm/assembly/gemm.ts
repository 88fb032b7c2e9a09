// AssemblyScript (compiled by scripts/build-kernels.js, not by tsc): small dense products on raw f32
// memory with 128-bit SIMD. Pointers are byte offsets; strides are in elements.

/**
 * C[M, N] += A[M, K] · B[K, N], where A's element (i, k) lives at a + 4·(i·sai + k·sak) (so a transposed
 * A is just swapped strides), B and C are row-major with leading dimensions ldb and ldc.
 * Blocks of 4 rows × 8 columns keep eight v128 accumulators in registers; tails fall back to narrower blocks.
 */
export function gemmAcc(a: usize, sai: i32, sak: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, n: i32, k: i32): void {
  // Long inner dimensions (weight gradients summed over all rows of a batch) in chunks of KC: one chunk of
  // A's and B's rows stays in the first-level cache and TLB while every 4 × 8 tile of C walks it.
  if (k > 2 * KC) {
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      panel(a + (<usize>(k0 * sak) << 2), sai, sak, b + (<usize>(k0 * ldb) << 2), ldb, c, ldc, m, n, kc);
    }
    return;
  }
  panel(a, sai, sak, b, ldb, c, ldc, m, n, k);
}

const KC: i32 = 64;

function panel(a: usize, sai: i32, sak: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, n: i32, k: i32): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) rows4(a, sai, sak, b, ldb, c, ldc, i, n, k);
  for (; i < m; i++) rows1(a, sai, sak, b, ldb, c, ldc, i, n, k);
}

// @ts-ignore: decorator
@inline function aAt(a: usize, sai: i32, sak: i32, i: i32, kk: i32): v128 {
  return v128.load32_splat(a + (<usize>(i * sai + kk * sak) << 2));
}

function rows4(a: usize, sai: i32, sak: i32, b: usize, ldb: i32, c: usize, ldc: i32, i: i32, n: i32, k: i32): void {
  // Pointers advance by byte strides (no index arithmetic in the inner loop).
  const as = <usize>sak << 2;
  const bs = <usize>ldb << 2;
  const a0 = a + (<usize>(i * sai) << 2);
  const a1 = a0 + (<usize>sai << 2);
  const a2 = a1 + (<usize>sai << 2);
  const a3 = a2 + (<usize>sai << 2);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let bp = b + (<usize>j << 2);
    let ao: usize = 0;
    for (let kk = 0; kk < k; kk++) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      let av = v128.load32_splat(a0 + ao);
      c00 = madd(av, b0, c00);
      c01 = madd(av, b1, c01);
      av = v128.load32_splat(a1 + ao);
      c10 = madd(av, b0, c10);
      c11 = madd(av, b1, c11);
      av = v128.load32_splat(a2 + ao);
      c20 = madd(av, b0, c20);
      c21 = madd(av, b1, c21);
      av = v128.load32_splat(a3 + ao);
      c30 = madd(av, b0, c30);
      c31 = madd(av, b1, c31);
      bp += bs;
      ao += as;
    }
    addTo(c + (<usize>(i * ldc + j) << 2), c00, c01);
    addTo(c + (<usize>((i + 1) * ldc + j) << 2), c10, c11);
    addTo(c + (<usize>((i + 2) * ldc + j) << 2), c20, c21);
    addTo(c + (<usize>((i + 3) * ldc + j) << 2), c30, c31);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    for (let kk = 0; kk < k; kk++) {
      const b0 = v128.load(b + (<usize>(kk * ldb + j) << 2));
      c0 = madd(aAt(a, sai, sak, i, kk), b0, c0);
      c1 = madd(aAt(a, sai, sak, i + 1, kk), b0, c1);
      c2 = madd(aAt(a, sai, sak, i + 2, kk), b0, c2);
      c3 = madd(aAt(a, sai, sak, i + 3, kk), b0, c3);
    }
    add1(c + (<usize>(i * ldc + j) << 2), c0);
    add1(c + (<usize>((i + 1) * ldc + j) << 2), c1);
    add1(c + (<usize>((i + 2) * ldc + j) << 2), c2);
    add1(c + (<usize>((i + 3) * ldc + j) << 2), c3);
  }
  for (; j < n; j++) {
    for (let r = i; r < i + 4; r++) scalarCell(a, sai, sak, b, ldb, c, ldc, r, j, k);
  }
}

function rows1(a: usize, sai: i32, sak: i32, b: usize, ldb: i32, c: usize, ldc: i32, i: i32, n: i32, k: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0);
    for (let kk = 0; kk < k; kk++) {
      c0 = madd(aAt(a, sai, sak, i, kk), v128.load(b + (<usize>(kk * ldb + j) << 2)), c0);
    }
    add1(c + (<usize>(i * ldc + j) << 2), c0);
  }
  for (; j < n; j++) scalarCell(a, sai, sak, b, ldb, c, ldc, i, j, k);
}

function scalarCell(a: usize, sai: i32, sak: i32, b: usize, ldb: i32, c: usize, ldc: i32, i: i32, j: i32, k: i32): void {
  let s: f32 = 0;
  for (let kk = 0; kk < k; kk++) s += load<f32>(a + (<usize>(i * sai + kk * sak) << 2)) * load<f32>(b + (<usize>(kk * ldb + j) << 2));
  const p = c + (<usize>(i * ldc + j) << 2);
  store<f32>(p, load<f32>(p) + s);
}

/** acc + a·b (mul then add: relaxed SIMD's fused madd needs a V8 flag under Node 20 and gained ≈ 15 % here). */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, acc: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function addTo(p: usize, x0: v128, x1: v128): void {
  v128.store(p, f32x4.add(v128.load(p), x0));
  v128.store(p, f32x4.add(v128.load(p, 16), x1), 16);
}

// @ts-ignore: decorator
@inline function add1(p: usize, x: v128): void {
  v128.store(p, f32x4.add(v128.load(p), x));
}

/** dst[cols, rows] = src[rows, cols]ᵀ (both row-major). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) store<f32>(dst + (<usize>(q * rows + r) << 2), load<f32>(src + (<usize>(r * cols + q) << 2)));
  }
}
