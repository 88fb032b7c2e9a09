/** Standard test functions for samplers (minimisation problems on the unit box). */
import type { Rng } from '../util/rng';

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];

/** Global minimum of {@link hartmann6}, at about (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
export const HARTMANN6_MIN = -3.32237;

/**
 * The 6-D Hartmann function on [0, 1]^6 (minimise; global minimum ≈ -3.32237).
 * @param x six coordinates in [0, 1]
 */
export function hartmann6(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H_A[i][j] * (x[j] - H_P[i][j] * 1e-4) ** 2;
    s += H_ALPHA[i] * Math.exp(-inner);
  }
  return -s;
}

/**
 * A noisy quadratic bowl on [0, 1]^d with its minimum 0 at (0.3, …): sum (x_j - 0.3)^2 + noise·N(0, 1).
 * @param x coordinates in [0, 1]
 * @param rng seeded generator for the noise
 * @param noise standard deviation of the noise. Default 0.01
 */
export function noisyQuadratic(x: readonly number[], rng: Rng, noise = 0.01): number {
  let s = 0;
  for (const v of x) s += (v - 0.3) ** 2;
  return s + noise * rng.normal();
}
