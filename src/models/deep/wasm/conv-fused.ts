/**
 * Causal Conv1D + bias + ReLU as one WebAssembly SIMD kernel per direction, inside a `tf.customGrad` (same
 * values as `tf.relu(conv1dCausal(x, w, b, kernel))` from layers.ts, which stays the reference path).
 * Selected with the LSTM kernel (see mode.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { kernelModule } from './kernel';
import { fusedWanted } from './mode';

/** True when the convolution should run on the fused kernel now. */
export function useFusedConv(): boolean {
  return fusedWanted() && kernelModule() !== null;
}

function convGrad(kernel: number, wantDx: boolean) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, w, bias] = args as tf.Tensor[];
    const [B, T, Fin] = x.shape;
    const Fout = w.shape[1] as number;
    const k = kernelModule();
    if (!k) throw new Error('internal invariant violated: fused conv kernel is not available');
    const xd = (x.dataSync() as Float32Array).slice();
    const wd = (w.dataSync() as Float32Array).slice();
    k.take();
    const [px, pw, pb, py] = k.reserve([xd.length, wd.length, Fout, B * T * Fout]);
    const m = k.f32();
    m.set(xd, px >> 2);
    m.set(wd, pw >> 2);
    m.set(bias.dataSync() as Float32Array, pb >> 2);
    k.exports.convForward(px, pw, pb, py, B, T, kernel, Fin, Fout);
    const yd = k.f32().slice(py >> 2, (py >> 2) + B * T * Fout);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const n = [xd.length, wd.length, yd.length, B * T * Fout, wd.length, Fout, xd.length, wd.length];
      k.take();
      const [qx, qw, qy, qdy, qdw, qdb, qdx, qwt] = k.reserve(n);
      const mm = k.f32();
      mm.set(xd, qx >> 2);
      mm.set(wd, qw >> 2);
      mm.set(yd, qy >> 2);
      mm.set(dy.dataSync() as Float32Array, qdy >> 2);
      k.exports.convBackward(qx, qw, qy, qdy, qdw, qdb, qdx, qwt, B, T, kernel, Fin, Fout, wantDx ? 1 : 0);
      const out = k.f32();
      const read = (p: number, len: number) => out.slice(p >> 2, (p >> 2) + len);
      const dx = wantDx ? tf.tensor3d(read(qdx, xd.length), [B, T, Fin]) : tf.zeros([B, T, Fin]);
      return [dx, tf.tensor2d(read(qdw, wd.length), w.shape as [number, number]), tf.tensor1d(read(qdb, Fout))];
    };
    return { value: tf.tensor3d(yd, [B, T, Fout]), gradFunc };
  });
}

const cache = new Map<string, ReturnType<typeof convGrad>>();

/**
 * `relu(conv1dCausal(x, w, b, kernel))` on the fused kernel.
 * @param x `[batch, steps, in]`
 * @param w `[kernel * in, filters]`, row block j multiplies input step t-kernel+1+j
 * @param b `[filters]`
 * @param kernel kernel width in steps
 * @param inputGrad false when x is data (its gradient is then returned as zeros). Default true.
 * @returns `[batch, steps, filters]`, after ReLU
 */
export function fusedConv1dCausalRelu(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, kernel: number, inputGrad = true): tf.Tensor3D {
  if (w.shape[0] !== kernel * x.shape[2]) {
    throw new Error(`conv1dCausal: kernel rows must be kernel*in = ${kernel * x.shape[2]}, received ${w.shape[0]}`);
  }
  const key = `${kernel}:${inputGrad}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = convGrad(kernel, inputGrad)));
  return f(x, w, b) as tf.Tensor3D;
}
