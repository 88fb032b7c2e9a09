/**
 * Seeded pseudo-random numbers (xoshiro128**), with a serialisable state so checkpoints
 * can resume a run and reproduce it exactly.
 */

/** Serialisable generator state. */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seeded random number generator. Same seed, same sequence, on every platform. */
export class Rng {
  private s: Uint32Array;
  private spareNormal: number | undefined;

  /** @param seed any integer; two different seeds give independent-looking streams */
  constructor(seed = 42) {
    const sm = splitmix32(seed);
    this.s = new Uint32Array([sm(), sm(), sm(), sm()]);
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Restores a generator from {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.s = new Uint32Array(state);
    return r;
  }

  /** The current state; `Rng.fromState(rng.state())` continues the same stream. */
  state(): RngState {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal draw (Box–Muller, caches the second value). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Student-t draw with `nu` degrees of freedom, scaled to unit variance when nu > 2. */
  studentT(nu: number): number {
    let chi = 0;
    for (let i = 0; i < nu; i++) {
      const z = this.normal();
      chi += z * z;
    }
    const t = this.normal() / Math.sqrt(chi / nu);
    return nu > 2 ? t * Math.sqrt((nu - 2) / nu) : t;
  }

  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
