/**
 * Capacity selection of the linear models: a warm-started L2 regularisation path, strong to weak, scored
 * by the unpenalised loss on held-out (validation) rows. Each point starts from the previous solution, so
 * the whole path costs a few ordinary fits.
 */

/** Default L2 grid of `l2: 'auto'`: log-spaced from strong (10) to weak (1e-4). */
export const defaultL2Path: number[] = [10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001];

/** One solved point of the path. */
export interface PathPoint {
  l2: number;
  /** Validation loss (mean, unpenalised). */
  valLoss: number;
}

/** A solver on the training rows: minimises the penalised loss with penalty `l2` from `start`. */
export type PathSolver = (l2: number, start: Float64Array) => { theta: Float64Array; iterations: number; converged: boolean };

/** The chosen point of {@link regularisationPath}. */
export interface PathChoice {
  l2: number;
  valLoss: number;
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  /** Every point solved, in path order. */
  path: PathPoint[];
}

/**
 * Walks `grid` (sorted strong → weak) with warm starts and keeps the point of lowest validation loss;
 * stops after `patience` consecutive points worse than the best (the loss rises once the model overfits).
 * @param grid L2 penalties, strongest first (at least one)
 * @param start starting weights of the first point (zeros, or the current model's for a warm start)
 * @param solve fits the training rows at one penalty
 * @param valLoss validation loss of a weight vector
 * @param patience points without improvement before stopping (default 3)
 * @returns the chosen penalty, its weights and the path
 */
export function regularisationPath(grid: number[], start: Float64Array, solve: PathSolver, valLoss: (theta: Float64Array) => number, patience = 3): PathChoice {
  const sorted = grid.slice().sort((a, b) => b - a);
  const path: PathPoint[] = [];
  let best: PathChoice | undefined;
  let since = 0;
  let theta = start;
  for (const l2 of sorted) {
    const r = solve(l2, theta);
    theta = r.theta;
    const vl = valLoss(theta);
    path.push({ l2, valLoss: vl });
    if (!best || vl < best.valLoss - 1e-9) {
      best = { l2, valLoss: vl, theta: Float64Array.from(theta), iterations: r.iterations, converged: r.converged, path };
      since = 0;
    } else if (++since >= patience) break;
  }
  return best as PathChoice;
}
