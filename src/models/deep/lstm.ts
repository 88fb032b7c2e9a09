/**
 * A fused LSTM layer for tfjs that trains fast on wasm/cpu: the input projection X·W_x is computed once
 * for the whole sequence (one matMul) outside the time loop, the sequence is time-major so each step
 * reads one slice of the leading axis, and backpropagation through time is hand-written inside one
 * `tf.customGrad` (no autograd tape per step). Gates are laid out `[i, f, o, g]` along the last axis;
 * `i, f, o` use the sigmoid recurrent activation (Keras default), `g` and the cell output use tanh.
 */
import * as tf from '@tensorflow/tfjs';
import { mm, unstackRows } from './ops';
import { fusedLstmLayer, fusedLstmRecurrence, useFusedLstm } from './wasm/lstm-fused';

type Saved = tf.Tensor[];

function forwardSteps(xproj: tf.Tensor3D, wh: tf.Tensor2D, save: ((t: tf.Tensor[]) => void) | undefined): tf.Tensor3D {
  const [steps, batch, g4] = xproj.shape;
  const u = g4 / 4;
  const xs = unstackRows(xproj) as tf.Tensor2D[];
  let h: tf.Tensor2D = tf.zeros([batch, u]);
  let c: tf.Tensor2D = tf.zeros([batch, u]);
  const hs: tf.Tensor2D[] = [];
  const sigs: tf.Tensor[] = [];
  const gs: tf.Tensor[] = [];
  const cs: tf.Tensor[] = [];
  const tcs: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const z = tf.add(tf.matMul(h, wh), xs[t]) as tf.Tensor2D;
    const sig = tf.sigmoid(tf.slice(z, [0, 0], [batch, 3 * u]));
    const g = tf.tanh(tf.slice(z, [0, 3 * u], [batch, u]));
    // Three slices rather than tf.split: the wasm SplitV kernel copies its whole input per output.
    const i = tf.slice(sig, [0, 0], [batch, u]);
    const f = tf.slice(sig, [0, u], [batch, u]);
    const o = tf.slice(sig, [0, 2 * u], [batch, u]);
    c = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    const tc = tf.tanh(c);
    h = tf.mul(o, tc) as tf.Tensor2D;
    hs.push(h);
    sigs.push(sig);
    gs.push(g);
    cs.push(c);
    tcs.push(tc);
  }
  const out = tf.stack(hs) as tf.Tensor3D;
  // Save five stacked tensors (not 5·T small ones: each saved tensor costs a clone kernel).
  if (save) save([out, tf.stack(sigs), tf.stack(gs), tf.stack(cs), tf.stack(tcs)]);
  return out;
}

function backwardSteps(dy: tf.Tensor3D, saved: Saved, wh: tf.Tensor2D): [tf.Tensor3D, tf.Tensor2D] {
  const [steps, batch, u] = dy.shape;
  const [H, SIG, G, C, TC] = saved;
  const zeros1 = tf.zeros([1, batch, u]);
  const Cprev = steps > 1 ? tf.concat([zeros1, tf.slice(C, [0, 0, 0], [steps - 1, batch, u])], 0) : zeros1;
  const Hprev = steps > 1 ? tf.concat([zeros1, tf.slice(H, [0, 0, 0], [steps - 1, batch, u])], 0) : zeros1;
  const gate = (t: tf.Tensor, k: number) => tf.slice(t, [0, 0, k * u], [steps, batch, u]);
  const [I, F, O] = [0, 1, 2].map((k) => gate(SIG, k));
  // Everything that does not depend on the backward recursion, computed for all steps at once.
  const P = tf.mul(O, tf.sub(1, tf.square(TC))); // dc += dh * P
  const dSig = tf.mul(SIG, tf.sub(1, SIG));
  const [dI, dF, dO] = [0, 1, 2].map((k) => gate(dSig, k));
  const R = tf.concat([tf.mul(G, dI), tf.mul(Cprev, dF), tf.mul(TC, dO), tf.mul(I, tf.sub(1, tf.square(G)))], 2);
  const Ps = unstackRows(P);
  const Rs = unstackRows(R);
  const Fs = unstackRows(F);
  const dys = unstackRows(dy);
  const whT = tf.transpose(wh);
  const dzs: tf.Tensor[] = new Array(steps);
  let dhNext: tf.Tensor | undefined;
  let dcNext: tf.Tensor | undefined;
  for (let t = steps - 1; t >= 0; t--) {
    const dh = dhNext ? tf.add(dys[t], dhNext) : dys[t];
    const dcLocal = tf.mul(dh, Ps[t]);
    const dc = dcNext ? tf.add(dcLocal, dcNext) : dcLocal;
    const dz = tf.mul(tf.concat([dc, dc, dh, dc], 1), Rs[t]);
    dzs[t] = dz;
    if (t > 0) {
      dhNext = tf.matMul(dz, whT);
      dcNext = tf.mul(dc, Fs[t]);
    }
  }
  const dZ = tf.stack(dzs) as tf.Tensor3D;
  const dWh = tf.matMul(tf.transpose(tf.reshape(Hprev, [steps * batch, u])), tf.reshape(dZ, [steps * batch, 4 * u])) as tf.Tensor2D;
  return [dZ, dWh];
}

const fused = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const xproj = args[0] as tf.Tensor3D;
  const wh = args[1] as tf.Tensor2D;
  const save = args[2] as tf.GradSaveFunc;
  const value = forwardSteps(xproj, wh, (list) => save([wh, ...list]));
  return {
    value,
    gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => backwardSteps(dy, saved.slice(1), saved[0] as tf.Tensor2D),
  };
});

/**
 * Runs the recurrence of an LSTM over a pre-projected, time-major sequence.
 * @param xproj `[steps, batch, 4u]` input projection X·W_x + b, gate order `[i, f, o, g]`
 * @param wh `[u, 4u]` recurrent kernel
 * @returns hidden states `[steps, batch, u]` (differentiable w.r.t. both inputs; zero initial state)
 * Runs on the fused WebAssembly SIMD kernel (wasm/lstm-fused.ts) when {@link useFusedLstm} says so, else on tfjs ops.
 */
export function lstmRecurrence(xproj: tf.Tensor3D, wh: tf.Tensor2D): tf.Tensor3D {
  if (xproj.rank !== 3 || wh.rank !== 2 || xproj.shape[2] !== wh.shape[1] || wh.shape[1] !== 4 * wh.shape[0]) {
    throw new Error(`lstmRecurrence: expected xproj [steps, batch, 4u] and wh [u, 4u], received ${JSON.stringify(xproj.shape)} and ${JSON.stringify(wh.shape)}`);
  }
  return (useFusedLstm() ? fusedLstmRecurrence(xproj, wh) : fused(xproj, wh)) as tf.Tensor3D;
}

/** Trainable tensors of one LSTM layer. */
export interface LstmParams {
  /** `[features, 4u]` input kernel, gates `[i, f, o, g]`. */
  wx: tf.Tensor2D;
  /** `[u, 4u]` recurrent kernel. */
  wh: tf.Tensor2D;
  /** `[4u]` bias. */
  b: tf.Tensor1D;
}

/** Options of {@link lstmLayer}. */
export interface LstmLayerOptions {
  /** False when x is data that needs no gradient (skips dx on the fused kernel, where it is returned as zeros). Default true. */
  inputGrad?: boolean;
}

/**
 * A full LSTM layer on a batch-major sequence: one matMul for the input projection of all steps, one
 * transpose to time-major, then {@link lstmRecurrence}; on the fused kernel (see {@link useFusedLstm}) all of it
 * is one WebAssembly call per direction.
 * @param x `[batch, steps, features]`
 * @param p the layer's weights
 * @param options see {@link LstmLayerOptions}
 * @returns `[steps, batch, u]` hidden states, time-major (take the last slice for the final state)
 */
export function lstmLayer(x: tf.Tensor3D, p: LstmParams, options: LstmLayerOptions = {}): tf.Tensor3D {
  if (useFusedLstm()) return fusedLstmLayer(x, p.wx, p.wh, p.b, options.inputGrad ?? true);
  const [batch, steps, f] = x.shape;
  const g4 = p.wx.shape[1];
  // Transpose the small input first ([b,T,f] -> [T,b,f]) so the projection lands time-major directly.
  const xt = tf.reshape(tf.transpose(x, [1, 0, 2]), [steps * batch, f]);
  const proj = tf.reshape(tf.add(mm(xt, p.wx), p.b), [steps, batch, g4]) as tf.Tensor3D;
  return lstmRecurrence(proj, p.wh);
}
