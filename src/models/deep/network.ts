/**
 * One network builder behind every deep family: an optional causal Conv1D feature extractor, an optional
 * Transformer encoder block (multi-head self-attention, layer norm, sinusoidal positions, residuals,
 * feed-forward), an LSTM whose last hidden state feeds one dense output head per target.
 *   lstm                  = LSTM → head
 *   lstm_cnn              = Conv1D → LSTM → head
 *   lstm_transformer_cnn  = Conv1D → +positions → Transformer block → LSTM → head
 *   unified               = any of the trunks above → one head per horizon (h1, h7, h30)
 * Weights are plain `tf.Variable`s in a fixed order (saved as one Float32 buffer).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng';
import { glorotUniform, orthogonal } from './init';
import { conv1dCausal, dropout, dropoutMask, layerNorm, multiHeadSelfAttention, sinusoidalPositions, type AttentionParams } from './layers';
import { lstmLayer } from './lstm';
import { dense, rows } from './ops';
import { fusedEncoderBlock, useFusedBlock, type BlockWeights } from './wasm/block-fused';
import { fusedConv1dCausalRelu, useFusedConv } from './wasm/conv-fused';

/** Architecture of a network (derived from a family's hyperparameters). */
export interface NetworkSpec {
  /** Input features per step. */
  features: number;
  /** Steps per window. */
  steps: number;
  /** Conv1D filters (0 = no convolution). */
  convFilters: number;
  /** Conv1D kernel width in steps. */
  convKernel: number;
  /** Attention heads (0 = no Transformer block); the model width is `convFilters` (or `features`). */
  attentionHeads: number;
  /** Average-pooling window after the convolution (1 or absent = none). */
  pool?: number;
  /** Width of the Transformer feed-forward layer. */
  ffDim: number;
  /** LSTM units. */
  units: number;
  /** Output heads: name and width (classes, or 1 for regression). */
  heads: Array<{ name: string; outputs: number }>;
}

/** Name and shape of one weight, in save order. */
export interface WeightSpec {
  name: string;
  shape: number[];
}

type Init = 'glorot' | 'orthogonal' | 'zeros' | 'ones' | 'forgetBias';

function layout(spec: NetworkSpec): Array<WeightSpec & { init: Init }> {
  const out: Array<WeightSpec & { init: Init }> = [];
  const add = (name: string, shape: number[], init: Init) => out.push({ name, shape, init });
  let width = spec.features;
  if (spec.convFilters > 0) {
    add('conv.w', [spec.convKernel * width, spec.convFilters], 'glorot');
    add('conv.b', [spec.convFilters], 'zeros');
    width = spec.convFilters;
  }
  if (spec.attentionHeads > 0) {
    for (const p of ['q', 'k', 'v', 'o']) {
      add(`att.w${p}`, [width, width], 'glorot');
      add(`att.b${p}`, [width], 'zeros');
    }
    add('ln1.gamma', [width], 'ones');
    add('ln1.beta', [width], 'zeros');
    add('ff.w1', [width, spec.ffDim], 'glorot');
    add('ff.b1', [spec.ffDim], 'zeros');
    add('ff.w2', [spec.ffDim, width], 'glorot');
    add('ff.b2', [width], 'zeros');
    add('ln2.gamma', [width], 'ones');
    add('ln2.beta', [width], 'zeros');
  }
  add('lstm.wx', [width, 4 * spec.units], 'glorot');
  add('lstm.wh', [spec.units, 4 * spec.units], 'orthogonal');
  add('lstm.b', [4 * spec.units], 'forgetBias');
  for (const h of spec.heads) {
    add(`head.${h.name}.w`, [spec.units, h.outputs], 'glorot');
    add(`head.${h.name}.b`, [h.outputs], 'zeros');
  }
  return out;
}

function initValues(rng: Rng, w: WeightSpec & { init: Init }): Float32Array {
  const size = w.shape.reduce((a, b) => a * b, 1);
  switch (w.init) {
    case 'glorot':
      return glorotUniform(rng, w.shape);
    case 'orthogonal':
      return orthogonal(rng, w.shape[0], w.shape[1]);
    case 'ones':
      return new Float32Array(size).fill(1);
    case 'forgetBias': {
      // Gate order [i, f, o, g]; forget-gate bias 1 (Keras unit_forget_bias).
      const u = size / 4;
      const b = new Float32Array(size);
      b.fill(1, u, 2 * u);
      return b;
    }
    default:
      return new Float32Array(size);
  }
}

/** Options of {@link Network.apply}. */
export interface ApplyOptions {
  /** True while training: dropout on. Default false. */
  training?: boolean;
  /** Dropout rate in [0, 1). Default 0. */
  dropout?: number;
  /** Seed of this call's dropout masks. Default 0. */
  seed?: number;
}

/** A network's fitted state: its spec and weights. */
export class Network {
  readonly spec: NetworkSpec;
  readonly weights: tf.Variable[];
  private readonly byName: Map<string, tf.Variable>;
  private positions: tf.Tensor2D | undefined;

  /**
   * @param spec architecture
   * @param values initial weights in {@link Network.specs} order; random (seeded by `seed`) when omitted
   * @param seed initialiser seed (default 42)
   */
  constructor(spec: NetworkSpec, values?: Float32Array[], seed = 42) {
    this.spec = spec;
    const rng = new Rng(seed);
    const lay = layout(spec);
    this.weights = lay.map((w, i) => {
      const init = tf.tensor(values ? values[i] : initValues(rng, w), w.shape, 'float32');
      const v = tf.variable(init, true, undefined, 'float32');
      init.dispose();
      return v;
    });
    this.byName = new Map(lay.map((w, i) => [w.name, this.weights[i]]));
  }

  /** Names and shapes of the weights, in save order. */
  static specs(spec: NetworkSpec): WeightSpec[] {
    return layout(spec).map(({ name, shape }) => ({ name, shape }));
  }

  private w(name: string): tf.Tensor {
    const v = this.byName.get(name);
    if (!v) throw new Error(`internal invariant violated: network has no weight \`${name}\``);
    return v;
  }

  /**
   * The trunk: conv → transformer → LSTM, returning the last hidden state.
   * @param x `[batch, steps, features]`
   * @returns `[batch, units]`
   */
  trunk(x: tf.Tensor3D, options: ApplyOptions = {}): tf.Tensor2D {
    const s = this.spec;
    const rate = options.training ? options.dropout ?? 0 : 0;
    let seed = options.seed ?? 0;
    // Sequence tensors share one mask over the steps (variational dropout); 2-D ones get a full mask.
    const drop = (t: tf.Tensor) => dropout(t, rate, seed++, t.rank === 3 ? [t.shape[0], 1, t.shape[2] as number] : undefined);
    let h: tf.Tensor3D = x;
    if (s.convFilters > 0) {
      const [cw, cb] = [this.w('conv.w') as tf.Tensor2D, this.w('conv.b') as tf.Tensor1D];
      // The convolution reads the data batch: no input gradient needed on the fused kernel.
      h = useFusedConv() ? fusedConv1dCausalRelu(h, cw, cb, s.convKernel, false) : tf.relu(conv1dCausal(h, cw, cb, s.convKernel));
      h = poolSteps(h, s.pool ?? 1);
    }
    const steps = h.shape[1];
    if (s.attentionHeads > 0) {
      const width = h.shape[2];
      if (!this.positions) this.positions = tf.keep(tf.tensor2d(sinusoidalPositions(steps, width), [steps, width]));
      h = tf.add(h, this.positions);
      if (useFusedBlock()) {
        // One fused call for the whole block; the masks consume the same two seeds as the reference path.
        const shape = [h.shape[0], 1, width];
        const masks: [tf.Tensor, tf.Tensor] = [dropoutMask(shape, rate, seed++), dropoutMask(shape, rate, seed++)];
        h = fusedEncoderBlock(h, masks, this.blockWeights(), s.attentionHeads);
      } else {
        h = this.referenceBlock(h, drop);
      }
    }
    const weights = { wx: this.w('lstm.wx') as tf.Tensor2D, wh: this.w('lstm.wh') as tf.Tensor2D, b: this.w('lstm.b') as tf.Tensor1D };
    // With no layer before it, the LSTM's input is the data batch: no input gradient needed.
    const hs = lstmLayer(h, weights, { inputGrad: h !== x });
    const last = tf.reshape(rows(hs, steps - 1, steps), [x.shape[0], s.units]) as tf.Tensor2D;
    return drop(last) as tf.Tensor2D;
  }

  private blockWeights(): BlockWeights {
    const n = (a: string) => this.w(a);
    return {
      wq: n('att.wq'), bq: n('att.bq'), wk: n('att.wk'), bk: n('att.bk'), wv: n('att.wv'), bv: n('att.bv'), wo: n('att.wo'), bo: n('att.bo'),
      g1: n('ln1.gamma'), be1: n('ln1.beta'), w1: n('ff.w1'), b1: n('ff.b1'), w2: n('ff.w2'), b2: n('ff.b2'), g2: n('ln2.gamma'), be2: n('ln2.beta'),
    };
  }

  /** The Transformer block from tfjs ops (the reference path of the fused block). */
  private referenceBlock(h: tf.Tensor3D, drop: (t: tf.Tensor) => tf.Tensor): tf.Tensor3D {
    const w = this.blockWeights() as Record<string, tf.Tensor1D>;
    const att = multiHeadSelfAttention(h, w as unknown as AttentionParams, this.spec.attentionHeads);
    const y1 = layerNorm(tf.add(h, drop(att)), w.g1, w.be1);
    const ff = dense(tf.relu(dense(y1, w.w1, w.b1)), w.w2, w.b2);
    return layerNorm(tf.add(y1, drop(ff)), w.g2, w.be2) as tf.Tensor3D;
  }

  /**
   * Forward pass to every head's raw outputs (logits for classification, scaled value for regression).
   * @param x `[batch, steps, features]`
   * @returns head name → `[batch, outputs]`
   */
  apply(x: tf.Tensor3D, options: ApplyOptions = {}): Record<string, tf.Tensor2D> {
    const z = this.trunk(x, options);
    const out: Record<string, tf.Tensor2D> = {};
    for (const h of this.spec.heads) out[h.name] = dense(z, this.w(`head.${h.name}.w`), this.w(`head.${h.name}.b`)) as tf.Tensor2D;
    return out;
  }

  /** Current weights as Float32Arrays in save order. */
  values(): Float32Array[] {
    return this.weights.map((v) => v.dataSync() as Float32Array).map((a) => a.slice());
  }

  /** Overwrites every weight (same order and sizes as {@link Network.values}). */
  assign(values: Float32Array[]): void {
    tf.tidy(() => this.weights.forEach((v, i) => v.assign(tf.tensor(values[i], v.shape, 'float32'))));
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.weights.reduce((a, v) => a + v.size, 0);
  }

  /** Frees the weights. */
  dispose(): void {
    for (const v of this.weights) v.dispose();
    this.positions?.dispose();
  }
}

/**
 * Mean over non-overlapping windows of `pool` steps, aligned to the last step (leading steps that do not fill
 * a window are dropped), so output step j summarises inputs up to its own window end: still causal.
 * @param x `[batch, steps, d]`
 * @returns `[batch, ⌊steps/pool⌋, d]` (x itself when pool is 1)
 */
export function poolSteps(x: tf.Tensor3D, pool: number): tf.Tensor3D {
  if (pool <= 1) return x;
  const [batch, steps, d] = x.shape;
  const out = Math.floor(steps / pool);
  if (out < 1) throw new Error(`internal invariant violated: pool ${pool} is longer than the ${steps}-step window`);
  const start = steps - out * pool;
  const tail = start > 0 ? tf.slice(x, [0, start, 0], [batch, out * pool, d]) : x;
  return tf.mean(tf.reshape(tail, [batch, out, pool, d]), 2) as tf.Tensor3D;
}
