/**
 * Global-norm gradient clipping and the Adam update in one pass over Float32Arrays: the same arithmetic as
 * `clipByGlobalNorm` + `tf.train.adam` (bias-corrected moments, epsilon added to √v̂, tfjs' default epsilon
 * 1e-7), with a handful of tensor calls per step instead of about fifteen tfjs kernels per variable. The pass
 * runs as one SIMD call over all variables on the kernel module (a float32 JS loop where it is unavailable).
 * Used by the training loop when the fused kernels are on (see wasm/mode.ts); the tfjs optimizer stays the reference.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelModule } from './wasm/kernel';

/** Options of {@link FusedAdam}. */
export interface FusedAdamOptions {
  /** Step size. */
  learningRate: number;
  /** Global-norm clip (0 or Infinity = off). */
  clipNorm: number;
  /** First-moment decay (default 0.9). */
  beta1?: number;
  /** Second-moment decay (default 0.999). */
  beta2?: number;
  /** Added to √v̂ (default 1e-7, tfjs' float32 epsilon). */
  epsilon?: number;
}

/** Adam with global-norm clipping over a fixed list of variables (state: moments and step count). */
export class FusedAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private accBeta1: number;
  private accBeta2: number;
  private readonly o: Required<FusedAdamOptions>;

  /**
   * @param vars the variables updated by {@link FusedAdam.step}, in a fixed order
   * @param options see {@link FusedAdamOptions}
   */
  constructor(private readonly vars: tf.Variable[], options: FusedAdamOptions) {
    this.o = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, ...options };
    this.m = vars.map((x) => new Float32Array(x.size));
    this.v = vars.map((x) => new Float32Array(x.size));
    this.accBeta1 = this.o.beta1;
    this.accBeta2 = this.o.beta2;
  }

  /**
   * Clips the gradients to the global norm, then applies one Adam step to every variable.
   * @param grads one gradient per variable, same order and shapes as the constructor's `vars`; undefined for a
   *   variable without gradient (left unchanged, as tfjs' optimizers do)
   */
  step(grads: Array<tf.Tensor | undefined>): void {
    const { beta1, beta2, epsilon, learningRate, clipNorm } = this.o;
    const g = grads.map((t) => (t ? (t.dataSync() as Float32Array) : undefined));
    if (kernelModule()) this.stepKernel(g);
    else this.stepJs(g);
    this.accBeta1 *= this.o.beta1;
    this.accBeta2 *= this.o.beta2;
  }

  /** All variables with a gradient in one SIMD pass on the kernel module. */
  private stepKernel(g: Array<Float32Array | undefined>): void {
    const { beta1, beta2, epsilon, learningRate, clipNorm } = this.o;
    const k = kernelModule()!;
    const live = this.vars.map((_, i) => i).filter((i) => g[i]);
    const n = live.reduce((s, i) => s + this.vars[i].size, 0);
    k.take();
    const [pw, pg, pm, pv] = k.reserve([n, n, n, n]);
    let mem = k.f32();
    let o = 0;
    for (const i of live) {
      mem.set(this.vars[i].dataSync() as Float32Array, (pw >> 2) + o);
      mem.set(g[i] as Float32Array, (pg >> 2) + o);
      mem.set(this.m[i], (pm >> 2) + o);
      mem.set(this.v[i], (pv >> 2) + o);
      o += this.vars[i].size;
    }
    const norm = Math.sqrt(k.exports.sumSquares(pg, n));
    const scale = clipNorm > 0 && Number.isFinite(clipNorm) ? clipNorm / Math.max(norm, clipNorm) : 1;
    k.exports.adamStep(pw, pg, pm, pv, n, scale, learningRate, beta1, beta2, 1 - this.accBeta1, 1 - this.accBeta2, epsilon);
    mem = k.f32();
    o = 0;
    for (const i of live) {
      const size = this.vars[i].size;
      const at = (p: number) => (p >> 2) + o;
      this.m[i].set(mem.subarray(at(pm), at(pm) + size));
      this.v[i].set(mem.subarray(at(pv), at(pv) + size));
      this.vars[i].assign(tf.tensor(mem.slice(at(pw), at(pw) + size), this.vars[i].shape, 'float32'));
      o += size;
    }
  }

  /** The same step as a JS loop (runtimes without the kernel module). */
  private stepJs(g: Array<Float32Array | undefined>): void {
    const { beta1, beta2, epsilon, learningRate, clipNorm } = this.o;
    let sq = 0;
    for (const a of g) if (a) for (let i = 0; i < a.length; i++) sq += a[i] * a[i];
    const norm = Math.sqrt(sq);
    const scale = clipNorm > 0 && Number.isFinite(clipNorm) ? clipNorm / Math.max(norm, clipNorm) : 1;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    this.vars.forEach((x, k) => {
      const gk = g[k];
      if (!gk) return;
      const w = (x.dataSync() as Float32Array).slice();
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < w.length; i++) {
        const gi = gk[i] * scale;
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        w[i] -= (learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
      }
      x.assign(tf.tensor(w, x.shape, 'float32'));
    });
  }
}
