/**
 * Capacity candidates of `gbdt` under `select: "auto"`: a short list of depth / shrinkage / minimum leaf
 * weight settings suited to small noisy samples (plus today's defaults), tried on the validation tail
 * with early stopping; the one of lowest validation loss wins. Keys the caller set explicitly are held
 * fixed in every candidate (so tuning trials and config overrides keep their meaning).
 */

/** The hyperparameters `select: "auto"` varies. */
export interface GbdtCapacity {
  maxDepth: number;
  learningRate: number;
  minChildWeight: number;
}

/** Default candidates, simplest first (stumps, shallow slow trees, then the classic depth-6 setting). */
export const gbdtCapacityGrid: readonly GbdtCapacity[] = [
  { maxDepth: 1, learningRate: 0.05, minChildWeight: 10 },
  { maxDepth: 2, learningRate: 0.05, minChildWeight: 20 },
  { maxDepth: 3, learningRate: 0.05, minChildWeight: 40 },
  { maxDepth: 6, learningRate: 0.1, minChildWeight: 1 },
];

/**
 * The candidates to try: the grid with every explicitly given key overriding, duplicates removed.
 * @param given hyperparameters the caller passed (only keys of {@link GbdtCapacity} matter)
 * @param grid candidate list (default {@link gbdtCapacityGrid})
 * @returns distinct candidates in grid order
 */
export function capacityCandidates(given: Record<string, unknown>, grid: readonly GbdtCapacity[] = gbdtCapacityGrid): GbdtCapacity[] {
  const out: GbdtCapacity[] = [];
  const seen = new Set<string>();
  for (const g of grid) {
    const c: GbdtCapacity = { ...g };
    for (const k of ['maxDepth', 'learningRate', 'minChildWeight'] as const) if (typeof given[k] === 'number') c[k] = given[k] as number;
    const id = `${c.maxDepth}/${c.learningRate}/${c.minChildWeight}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(c);
    }
  }
  return out;
}
