/**
 * The training loop of the deep families: seeded shuffling, mini-batches gathered in JS (no slicing of
 * big tensors), summed masked loss over heads, Adam, global-norm gradient clipping, early stopping on
 * validation loss with best-weight restore, progress events and cancellation checked every batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainHistory, TrainProgress } from '../types';
import type { Rng } from '../../util/rng';
import { FusedAdam } from './adam';
import { clipByGlobalNorm, headLoss, type HeadKind } from './loss';
import { fusedWanted } from './wasm/mode';
import type { Network } from './network';

/** Targets of one head, prepared for training. */
export interface HeadTargets {
  name: string;
  kind: HeadKind;
  /** Class index, or (scaled) target value; any value where `weights` is 0. */
  labels: Float32Array;
  /** 0 = masked (label unknown), else class weight × sample weight. */
  weights: Float32Array;
}

/** A dataset ready for the network: scaled features and per-head targets. */
export interface Prepared {
  /** `[n, steps, features]` row-major, scaled. */
  x: Float32Array;
  n: number;
  steps: number;
  features: number;
  heads: HeadTargets[];
}

/** Options of {@link trainNetwork}. */
export interface TrainLoopOptions {
  /** Epochs (upper bound with early stopping). */
  epochs: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Global-norm gradient clip (0 = off). */
  clipNorm: number;
  /** Epochs without validation improvement before stopping (0 = never stop early). */
  patience: number;
  /** Dropout rate. */
  dropout: number;
  /** Emit a batch progress event every N batches (besides the end of each epoch). */
  progressEvery: number;
  /** Shuffling and dropout seeds come from here (advanced). */
  rng: Rng;
  /** Held-out data for early stopping. */
  validation?: Prepared;
  signal?: AbortSignal;
  onProgress?: (e: TrainProgress) => void;
  /** Registry key for progress events. */
  model: string;
}

function gather(data: Prepared, idx: ArrayLike<number>, start: number, end: number) {
  const stride = data.steps * data.features;
  const b = end - start;
  const x = new Float32Array(b * stride);
  const heads = data.heads.map((h) => ({ name: h.name, kind: h.kind, labels: new Float32Array(b), weights: new Float32Array(b) }));
  for (let r = 0; r < b; r++) {
    const i = idx[start + r];
    x.set(data.x.subarray(i * stride, (i + 1) * stride), r * stride);
    data.heads.forEach((h, k) => {
      heads[k].labels[r] = h.labels[i];
      heads[k].weights[r] = h.weights[i];
    });
  }
  return { x: tf.tensor3d(x, [b, data.steps, data.features]), heads };
}

/** Loss and primary-head accuracy of a network on a prepared dataset (no dropout). */
export function evaluateNetwork(net: Network, data: Prepared, batchSize = 512): { loss: number; perHead: Record<string, number>; accuracy?: number } {
  const sums: Record<string, number> = {};
  const counts: Record<string, number> = {};
  let correct = 0;
  let seen = 0;
  const idx = Array.from({ length: data.n }, (_, i) => i);
  for (let s = 0; s < data.n; s += batchSize) {
    const e = Math.min(data.n, s + batchSize);
    tf.tidy(() => {
      const b = gather(data, idx, s, e);
      const out = net.apply(b.x);
      b.heads.forEach((h, k) => {
        const cnt = h.weights.reduce((a, w) => a + (w > 0 ? 1 : 0), 0);
        const l = headLoss(out[h.name], h.labels, h.weights, h.kind, 1).dataSync()[0];
        sums[h.name] = (sums[h.name] ?? 0) + l;
        counts[h.name] = (counts[h.name] ?? 0) + cnt;
        if (k === 0 && h.kind === 'class') {
          const pred = tf.argMax(out[h.name], 1).dataSync();
          for (let r = 0; r < pred.length; r++) {
            if (h.weights[r] > 0) {
              seen++;
              if (pred[r] === h.labels[r]) correct++;
            }
          }
        }
      });
    });
  }
  const perHead: Record<string, number> = {};
  let loss = 0;
  for (const h of data.heads) {
    perHead[h.name] = sums[h.name] / Math.max(1, counts[h.name]);
    loss += perHead[h.name];
  }
  return { loss, perHead, accuracy: seen > 0 ? correct / seen : undefined };
}

function abortError(): Error {
  const e = new Error('training cancelled by the caller (AbortSignal)');
  e.name = 'AbortError';
  return e;
}

/**
 * Trains `net` in place. With a validation set the weights of lowest validation loss are restored at the end —
 * the starting weights included, so an update that validation does not endorse leaves the net unchanged — and
 * with `patience > 0` training stops after `patience` epochs without a lower validation loss.
 * @returns per-epoch history: `loss`, `valLoss`, `loss_<head>`, `valAccuracy` (primary classification head);
 *   with validation also `bestEpoch: [k]`, the epoch whose weights were kept (0 = the starting weights)
 */
export async function trainNetwork(net: Network, data: Prepared, o: TrainLoopOptions): Promise<TrainHistory> {
  const history: TrainHistory = { loss: [] };
  if (o.validation) history.valLoss = [];
  const vars = net.weights;
  // Fused clip + Adam (one pass in JS) where the fused kernels are on; tfjs' Adam otherwise. Same arithmetic.
  const fusedAdam = fusedWanted() ? new FusedAdam(vars, { learningRate: o.learningRate, clipNorm: o.clipNorm }) : undefined;
  const optimizer = tf.train.adam(o.learningRate);
  const batches = Math.ceil(data.n / o.batchSize);
  const idx = new Int32Array(data.n);
  let best = Infinity;
  let bestValues: Float32Array[] | undefined;
  let sinceBest = 0;
  const t0 = Date.now();
  // The starting weights are a candidate too: a warm start (or an epoch of a fresh fit) that does not lower
  // the validation loss is not kept, so a finetune moves the weights only when validation endorses it.
  let startValues: Float32Array[] | undefined;
  if (o.validation && o.validation.n > 0) {
    const start = evaluateNetwork(net, o.validation).loss;
    if (Number.isFinite(start)) {
      best = start;
      startValues = net.values();
    }
  }
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (let i = 0; i < data.n; i++) idx[i] = i;
      o.rng.shuffle(idx);
      let sum = 0;
      const headSums: Record<string, number> = {};
      for (let bi = 0; bi < batches; bi++) {
        if (o.signal?.aborted) throw abortError();
        const seed = o.rng.nextUint32();
        const start = bi * o.batchSize;
        const end = Math.min(data.n, start + o.batchSize);
        const lossT = tf.tidy(() => {
          const b = gather(data, idx, start, end);
          const parts: tf.Scalar[] = [];
          const { value, grads } = tf.variableGrads(() => {
            const out = net.apply(b.x, { training: true, dropout: o.dropout, seed });
            // Per-head losses are kept past variableGrads' own scope for the history, then freed below.
            for (const h of b.heads) parts.push(tf.keep(headLoss(out[h.name], h.labels, h.weights, h.kind)));
            return tf.addN(parts) as tf.Scalar;
          }, vars);
          if (fusedAdam) fusedAdam.step(vars.map((v) => grads[v.name]));
          else optimizer.applyGradients(clipByGlobalNorm(grads, o.clipNorm) as unknown as Record<string, tf.Variable>);
          const stacked = tf.stack([value, ...parts]);
          for (const p of parts) p.dispose();
          return stacked;
        });
        const ls = lossT.dataSync();
        lossT.dispose();
        sum += ls[0];
        headNames(data).forEach((name, k) => (headSums[name] = (headSums[name] ?? 0) + ls[k + 1]));
        const done = epoch * batches + bi + 1;
        if (o.onProgress && ((bi + 1) % o.progressEvery === 0 || bi === batches - 1)) {
          const elapsed = Date.now() - t0;
          o.onProgress({
            stage: 'train',
            model: o.model,
            epoch: epoch + 1,
            epochs: o.epochs,
            batch: bi + 1,
            batches,
            loss: sum / (bi + 1),
            fraction: done / (o.epochs * batches),
            etaMs: (elapsed / done) * (o.epochs * batches - done),
          });
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      history.loss.push(sum / batches);
      for (const name of headNames(data)) (history[`loss_${name}`] ??= []).push(headSums[name] / batches);
      const metrics: Record<string, number> = {};
      if (data.heads.length > 1) for (const name of headNames(data)) metrics[`loss_${name}`] = headSums[name] / batches;
      let valLoss: number | undefined;
      if (o.validation) {
        const ev = evaluateNetwork(net, o.validation);
        valLoss = ev.loss;
        history.valLoss!.push(valLoss);
        if (ev.accuracy !== undefined) {
          (history.valAccuracy ??= []).push(ev.accuracy);
          metrics.valAccuracy = ev.accuracy;
        }
        if (valLoss < best - 1e-7) {
          best = valLoss;
          bestValues = net.values();
          sinceBest = 0;
        } else {
          sinceBest++;
          bestValues ??= startValues;
        }
      }
      const done = (epoch + 1) * batches;
      const stop = o.validation !== undefined && o.patience > 0 && sinceBest >= o.patience;
      o.onProgress?.({
        stage: 'epoch',
        model: o.model,
        epoch: epoch + 1,
        epochs: o.epochs,
        batch: batches,
        batches,
        loss: history.loss[epoch],
        valLoss,
        metrics,
        fraction: stop ? 1 : done / (o.epochs * batches),
        etaMs: stop ? 0 : ((Date.now() - t0) / done) * (o.epochs * batches - done),
      });
      if (stop) break;
    }
    if (bestValues) net.assign(bestValues);
    if (o.validation && history.valLoss!.length) history.bestEpoch = [bestValues === startValues && startValues ? 0 : bestEpochOf(history.valLoss!, best)];
  } finally {
    optimizer.dispose();
  }
  return history;
}

/** 1-based epoch whose validation loss is `best` (the weights restored). */
function bestEpochOf(valLoss: number[], best: number): number {
  const i = valLoss.indexOf(best);
  return i < 0 ? valLoss.length : i + 1;
}

function headNames(data: Prepared): string[] {
  return data.heads.map((h) => h.name);
}
