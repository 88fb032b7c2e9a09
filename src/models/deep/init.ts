/** Seeded weight initialisers (Keras defaults) producing Float32Arrays from the workbench {@link Rng}. */
import { Rng } from '../../util/rng';

/**
 * Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)).
 * @param rng seeded generator (advanced)
 * @param shape weight shape; fan-in is the product of all but the last axis, fan-out the last axis
 * @returns row-major values, length prod(shape)
 */
export function glorotUniform(rng: Rng, shape: number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const fanOut = shape[shape.length - 1];
  const fanIn = size / fanOut;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}

/**
 * Orthogonal initialiser for a `[rows, cols]` matrix (Keras' default for recurrent kernels): Gram–Schmidt
 * on Gaussian vectors of the longer side, so rows (rows <= cols) or columns (rows > cols) are orthonormal.
 * @param rng seeded generator (advanced)
 * @param rows first dimension
 * @param cols second dimension
 * @returns row-major values, length rows*cols
 */
export function orthogonal(rng: Rng, rows: number, cols: number): Float32Array {
  const transposed = rows > cols;
  const k = transposed ? cols : rows; // number of orthonormal vectors
  const len = transposed ? rows : cols; // their length
  const v: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const x = new Float64Array(len);
    for (let j = 0; j < len; j++) x[j] = rng.normal();
    for (const q of v) {
      let d = 0;
      for (let j = 0; j < len; j++) d += x[j] * q[j];
      for (let j = 0; j < len; j++) x[j] -= d * q[j];
    }
    let nrm = 0;
    for (let j = 0; j < len; j++) nrm += x[j] * x[j];
    nrm = Math.sqrt(nrm) || 1;
    for (let j = 0; j < len; j++) x[j] /= nrm;
    v.push(x);
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < len; j++) {
      if (transposed) out[j * cols + i] = v[i][j];
      else out[i * cols + j] = v[i][j];
    }
  }
  return out;
}
