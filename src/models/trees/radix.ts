/** LSD radix sort of float32 values with a companion index array (for fast quantile binning). */

/** Reusable buffers for {@link radixSortF32}. */
export class RadixScratch {
  keys = new Uint32Array(0);
  keys2 = new Uint32Array(0);
  idx2 = new Int32Array(0);
  count = new Uint32Array(2048);
  ensure(len: number): void {
    if (this.keys.length < len) {
      this.keys = new Uint32Array(len);
      this.keys2 = new Uint32Array(len);
      this.idx2 = new Int32Array(len);
    }
  }
}

/**
 * Sorts `vals[0..len)` ascending (no NaN allowed) and permutes `idx[0..len)` alongside, in place.
 * Three 11-bit passes over order-preserving integer keys of the float bits.
 * @param vals values to sort (modified: this is the caller's own scratch column)
 * @param idx companion indices (modified alongside)
 */
export function radixSortF32(vals: Float32Array, idx: Int32Array, len: number, s: RadixScratch): void {
  s.ensure(len);
  const bits = new Uint32Array(vals.buffer, vals.byteOffset, vals.length);
  let k = s.keys;
  let k2 = s.keys2;
  let ix = idx;
  let ix2 = s.idx2;
  for (let i = 0; i < len; i++) {
    const u = bits[i];
    k[i] = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
  }
  const count = s.count;
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < len; i++) count[(k[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < len; i++) {
      const d = (k[i] >>> shift) & 2047;
      const p = count[d]++;
      k2[p] = k[i];
      ix2[p] = ix[i];
    }
    const tk = k; k = k2; k2 = tk;
    const ti = ix; ix = ix2; ix2 = ti;
  }
  // three passes: the sorted data sits in the scratch buffers; copy back
  if (ix !== idx) idx.set(ix.subarray(0, len));
  for (let i = 0; i < len; i++) {
    const u = k[i];
    bits[i] = u & 0x80000000 ? (u & 0x7fffffff) >>> 0 : ~u >>> 0;
  }
}
