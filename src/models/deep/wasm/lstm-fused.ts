/**
 * The LSTM layer as one fused WebAssembly SIMD kernel per direction: the forward call projects the input,
 * runs the recurrence over the whole sequence and keeps the gate activations; the backward call runs
 * backpropagation through time and the projection's gradients. Both sit inside a `tf.customGrad` with the
 * contracts of lstm.ts (`lstmLayer`, `lstmRecurrence`); tensors are read once (dataSync) and the results come
 * back as new tensors, with no per-step tensor objects. The forward's saved state stays in the kernel's
 * memory until its backward; a forward of another call first spills it to JS arrays (copied back if needed).
 * Selected by {@link useFusedLstm} (see mode.ts: on the wasm backend by default, `WORKBENCH_FUSED=0|1`).
 */
import * as tf from '@tensorflow/tfjs';
import { kernelModule, type ArenaOwner, type KernelModule } from './kernel';
import { fusedWanted, recordingGradients } from './mode';

export { fusedMode, setFusedMode, type FusedMode } from './mode';

/** True when the LSTM should run on the fused kernel now (mode, backend and runtime allow it). */
export function useFusedLstm(): boolean {
  return fusedWanted() && kernelModule() !== null;
}

/** Sizes of one call: steps, batch, units, input features (0 for a pre-projected input). */
interface Dims {
  T: number;
  B: number;
  U: number;
  F: number;
}

const SAVED = ['wh', 'a', 'c', 'tc', 'h', 'x', 'wx'] as const;
const SCRATCH = ['bias', 'xp', 'dy', 'wht', 'dwh', 'dh', 'dc', 'dwx', 'db', 'dx', 'wxt'] as const;
type Buf = (typeof SAVED)[number] | (typeof SCRATCH)[number];

/** Byte offsets of every buffer of one call (a function of the sizes only: a backward can recompute them). */
function layout(k: KernelModule, d: Dims): Record<Buf, number> {
  const { T, B, U, F } = d;
  const G = 4 * U;
  const n: Record<Buf, number> = {
    wh: U * G, a: T * B * G, c: T * B * U, tc: T * B * U, h: T * B * U, x: B * T * F, wx: F * G,
    bias: G, xp: T * B * G, dy: T * B * U, wht: G * U, dwh: U * G, dh: B * U, dc: B * U, dwx: F * G, db: G, dx: B * T * F, wxt: G * F,
  };
  const names = [...SAVED, ...SCRATCH];
  const offsets = k.reserve(names.map((b) => n[b]));
  return Object.fromEntries(names.map((b, i) => [b, offsets[i]])) as Record<Buf, number>;
}

/** A forward's state between its forward and backward calls. */
class Pending implements ArenaOwner {
  spilled: Partial<Record<Buf, Float32Array>> | undefined;
  constructor(readonly d: Dims) {}

  /** Copies the saved buffers out of the kernel memory (another call is about to reuse it). */
  spill(k: KernelModule): void {
    const p = layout(k, this.d);
    const m = k.f32();
    const size = sizesOf(this.d);
    this.spilled = {};
    for (const b of SAVED) this.spilled[b] = m.slice(p[b] >> 2, (p[b] >> 2) + size[b]);
  }
}

function sizesOf(d: Dims): Record<(typeof SAVED)[number], number> {
  const G = 4 * d.U;
  return { wh: d.U * G, a: d.T * d.B * G, c: d.T * d.B * d.U, tc: d.T * d.B * d.U, h: d.T * d.B * d.U, x: d.B * d.T * d.F, wx: d.F * G };
}

/** Takes the kernel memory for a new call, spilling the state of a forward whose backward is still due. */
function claim(d: Dims, owner: Pending | undefined): { k: KernelModule; p: Record<Buf, number> } {
  const k = kernelModule();
  if (!k) throw new Error('internal invariant violated: fused LSTM kernel is not available');
  k.take(owner);
  return { k, p: layout(k, d) };
}

function read(k: KernelModule, at: number, n: number): Float32Array {
  return k.f32().slice(at >> 2, (at >> 2) + n);
}

function forward(d: Dims, x: tf.Tensor, wh: tf.Tensor, wx?: tf.Tensor, bias?: tf.Tensor): { h: tf.Tensor3D; state: Pending } {
  const state = new Pending(d);
  // Without a gradient tape no backward follows: the arena is not held (nothing to spill for the next call).
  const { k, p } = claim(d, recordingGradients() ? state : undefined);
  const m = k.f32();
  m.set(wh.dataSync() as Float32Array, p.wh >> 2);
  if (wx && bias) {
    m.set(x.dataSync() as Float32Array, p.x >> 2);
    m.set(wx.dataSync() as Float32Array, p.wx >> 2);
    m.set(bias.dataSync() as Float32Array, p.bias >> 2);
    // p.dx is free until the backward: scratch for the time-major reordering of x.
    k.exports.layerForward(p.x, p.dx, p.wx, p.bias, p.wh, p.a, p.c, p.tc, p.h, d.T, d.B, d.U, d.F);
  } else {
    m.set(x.dataSync() as Float32Array, p.xp >> 2);
    k.exports.lstmForward(p.xp, p.wh, p.a, p.c, p.tc, p.h, d.T, d.B, d.U);
  }
  return { h: tf.tensor3d(read(k, p.h, d.T * d.B * d.U), [d.T, d.B, d.U]), state };
}

/** Runs the backward kernel; returns gradients w.r.t. [x or xproj, wh, (wx, bias)]. */
function backward(dy: tf.Tensor, state: Pending, layer: boolean, wantDx: boolean): tf.Tensor[] {
  const d = state.d;
  const { k, p } = claim(d, state);
  const m = k.f32();
  if (state.spilled) for (const b of SAVED) m.set(state.spilled[b] as Float32Array, p[b] >> 2);
  m.set(dy.dataSync() as Float32Array, p.dy >> 2);
  const { T, B, U, F } = d;
  const G = 4 * U;
  const e = k.exports;
  if (layer) {
    e.layerBackward(p.dy, p.x, p.wx, p.wh, p.a, p.c, p.tc, p.h, p.xp, p.dwh, p.wht, p.dh, p.dc, p.dwx, p.db, p.dx, p.wxt, T, B, U, F, wantDx ? 1 : 0);
  } else {
    e.lstmBackward(p.dy, p.wh, p.a, p.c, p.tc, p.h, p.xp, p.dwh, p.wht, p.dh, p.dc, T, B, U);
  }
  k.release();
  const dwh = tf.tensor2d(read(k, p.dwh, U * G), [U, G]);
  if (!layer) return [tf.tensor3d(read(k, p.xp, T * B * G), [T, B, G]), dwh];
  const dx = wantDx ? tf.tensor3d(read(k, p.dx, B * T * F), [B, T, F]) : tf.zeros([B, T, F]);
  return [dx, dwh, tf.tensor2d(read(k, p.dwx, F * G), [F, G]), tf.tensor1d(read(k, p.db, G))];
}

const recurrence = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [xproj, wh] = args as tf.Tensor[];
  const [T, B, G] = xproj.shape;
  const { h, state } = forward({ T, B, U: G / 4, F: 0 }, xproj, wh);
  return { value: h, gradFunc: (dy: tf.Tensor) => backward(dy, state, false, true) };
});

function layerGrad(wantDx: boolean) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, wh, wx, bias] = args as tf.Tensor[];
    const [B, T, F] = x.shape;
    const { h, state } = forward({ T, B, U: wh.shape[0], F }, x, wh, wx, bias);
    return { value: h, gradFunc: (dy: tf.Tensor) => backward(dy, state, true, wantDx) };
  });
}
const layerWithDx = layerGrad(true);
const layerNoDx = layerGrad(false);

/**
 * The LSTM recurrence on the fused kernel (contract of `lstmRecurrence` in lstm.ts, which validates shapes).
 * @param xproj `[steps, batch, 4u]` input projection, gates `[i, f, o, g]`
 * @param wh `[u, 4u]` recurrent kernel
 * @returns hidden states `[steps, batch, u]`
 */
export function fusedLstmRecurrence(xproj: tf.Tensor3D, wh: tf.Tensor2D): tf.Tensor3D {
  return recurrence(xproj, wh) as tf.Tensor3D;
}

/**
 * A whole LSTM layer on the fused kernel (contract of `lstmLayer` in lstm.ts).
 * @param x `[batch, steps, features]`
 * @param wx `[features, 4u]`; wh `[u, 4u]`; b `[4u]`
 * @param inputGrad false when x is data (no gradient needed): its gradient is then returned as zeros. Default true.
 * @returns hidden states `[steps, batch, u]`, time-major
 */
export function fusedLstmLayer(x: tf.Tensor3D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D, inputGrad = true): tf.Tensor3D {
  return (inputGrad ? layerWithDx : layerNoDx)(x, wh, wx, b) as tf.Tensor3D;
}
