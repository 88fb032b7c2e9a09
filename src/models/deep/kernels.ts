/**
 * Two registrations that make training on the wasm backend faster, with unchanged semantics.
 *
 * 1. A replacement of the wasm backend's `Slice` kernel. The stock kernel first copies the *whole*
 * input out of the wasm heap into a fresh JS buffer (`readSync`), so every slice of a [64, 256] gate
 * matrix allocates 64 KB and costs ≈ 3× an elementwise op; this one copies only the requested runs
 * heap-to-heap. Same semantics (any rank, float32/int32/bool); other dtypes go to the stock kernel.
 * 2. A gradient for `BatchMatMul` that, on wasm, uses explicit transposes instead of matMul's
 *    transpose flags (which fall back to a naive loop there, ≈ 15× slower for [1920, 64]ᵀ·[1920, 256])
 *    and reduces broadcast batch axes (tfjs' own gradient mishandles rank-3 × rank-2). On other
 *    backends it uses the flags, as tfjs does. Saved inputs are not cloned (unlike tf.customGrad).
 * Installed once by backend.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { swapLast } from './ops';

interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let installed = false;

/**
 * Copies the block `begin … begin+size` of a row-major array (pure; used by the kernel and tests).
 * @param src source values, shape `shape`
 * @param shape source shape
 * @param begin start index per axis
 * @param size extent per axis
 * @param dst destination, length prod(size)
 */
export function copyBlock(src: ArrayLike<number> & { subarray?: unknown }, shape: number[], begin: number[], size: number[], dst: Float32Array | Int32Array | Uint8Array): void {
  const r = shape.length;
  if (r === 0) {
    dst[0] = src[0];
    return;
  }
  // Merge trailing axes that are taken whole into one contiguous run.
  let k = r - 1;
  let run = size[r - 1];
  while (k > 0 && size[k] === shape[k] && begin[k] === 0) {
    k--;
    run *= size[k];
  }
  const strides = new Array(r).fill(1);
  for (let d = r - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  const idx = new Array(k).fill(0); // odometer over axes 0..k-1
  const s = src as Float32Array;
  for (let out = 0; out < total; out += run) {
    let off = begin[k] * strides[k];
    for (let d = 0; d < k; d++) off += (begin[d] + idx[d]) * strides[d];
    dst.set(s.subarray(off, off + run), out);
    for (let d = k - 1; d >= 0; d--) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
    }
  }
}

/** Replaces the wasm `Slice` kernel with the heap-to-heap copy above (idempotent; no-op without wasm). */
export function installWasmSlice(): void {
  if (installed) return;
  let stock: tf.KernelConfig | undefined;
  try {
    stock = tf.getKernel('Slice', 'wasm');
  } catch {
    stock = undefined;
  }
  if (!stock) return;
  const stockFunc = stock.kernelFunc;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return stockFunc(args);
      const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size);
      const backend = args.backend as unknown as HeapBackend;
      const out = backend.makeOutput(size, x.dtype);
      // Views are taken after makeOutput: growing the heap detaches older views.
      const dst = backend.typedArrayFromHeap(out);
      const src = backend.typedArrayFromHeap(x);
      copyBlock(src, x.shape, begin, size, dst);
      return out;
    },
  });
  installed = true;
}

let gradInstalled = false;

/** matMul(x, y, tx, ty), with explicit transposes on wasm. */
function product(x: tf.Tensor, y: tf.Tensor, tx: boolean, ty: boolean): tf.Tensor {
  if (tf.getBackend() !== 'wasm') return tf.matMul(x, y, tx, ty);
  return tf.matMul(tx ? swapLast(x) : x, ty ? swapLast(y) : y);
}

/** Sums a gradient over broadcast batch axes so it matches `shape`. */
function unbroadcast(g: tf.Tensor, shape: number[]): tf.Tensor {
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank - 2; i++) if (i < lead || shape[i - lead] === 1) axes.push(i);
  return tf.reshape(axes.length ? tf.sum(g, axes) : g, shape);
}

/**
 * Registers the `BatchMatMul` gradient described in the module doc (idempotent; global to tfjs).
 * Same values as tfjs' own gradient; different kernels on wasm.
 */
export function installMatMulGradient(): void {
  if (gradInstalled) return;
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const d = dy as tf.Tensor;
      const [a, b] = saved;
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      let da: () => tf.Tensor;
      let db: () => tf.Tensor;
      if (!transposeA && !transposeB) {
        da = () => product(d, b, false, true);
        db = () => product(a, d, true, false);
      } else if (!transposeA && transposeB) {
        da = () => product(d, b, false, false);
        db = () => product(d, a, true, false);
      } else if (transposeA && !transposeB) {
        da = () => product(b, d, false, true);
        db = () => product(a, d, false, false);
      } else {
        da = () => product(b, d, true, true);
        db = () => product(d, a, true, true);
      }
      return { a: () => unbroadcast(da(), a.shape), b: () => unbroadcast(db(), b.shape) };
    },
  });
  gradInstalled = true;
}
