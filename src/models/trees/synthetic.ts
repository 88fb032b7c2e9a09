/**
 * Seeded synthetic tabular classification data with planted informative features (a small cousin of
 * scikit-learn's make_classification), for tests, benchmarks and notebook demos of the tree models.
 */
import { Rng } from '../../util/rng';
import type { Dataset } from '../types';
import { fillDefaults } from '../../util/options';

/** Options of {@link makeClassification}. */
export interface MakeClassificationOptions {
  /** Rows. Default 1000. */
  n: number;
  /** Columns. Default 20. */
  features: number;
  /** The first `informative` columns drive the label; the rest are pure noise. Default 5. */
  informative: number;
  /** Std of the logit noise (larger = harder). Default 1. */
  noise: number;
  /** Fraction of values replaced by NaN (all columns). Default 0. */
  missing: number;
  seed: number;
}

/** Defaults of {@link MakeClassificationOptions}. */
export const makeClassificationDefaults: MakeClassificationOptions = { n: 1000, features: 20, informative: 5, noise: 1, missing: 0, seed: 1 };

/**
 * Binary classification rows: x ~ N(0, 1); logit = Σ_j w_j·x_j (j < informative, |w_j| decreasing from 2 to 1)
 * + 0.8·x_0·x_1 + noise·N(0,1); y = logit > 0. Feature names `inf0…` then `noise0…`.
 * @returns a rank-2 {@link Dataset} `[n, features]` with `y` in {0, 1}
 */
export function makeClassification(options: Partial<MakeClassificationOptions> = {}): Dataset {
  const o = fillDefaults(makeClassificationDefaults, options);
  const rng = new Rng(o.seed);
  const F = o.features;
  const inf = Math.min(o.informative, F);
  const x = new Float32Array(o.n * F);
  const y = new Float32Array(o.n);
  const w: number[] = [];
  for (let j = 0; j < inf; j++) w.push((j % 2 === 0 ? 1 : -1) * (2 - (inf > 1 ? j / (inf - 1) : 0)));
  for (let i = 0; i < o.n; i++) {
    let z = 0;
    for (let j = 0; j < F; j++) {
      const v = rng.normal();
      x[i * F + j] = v;
      if (j < inf) z += w[j] * v;
    }
    if (inf >= 2) z += 0.8 * x[i * F] * x[i * F + 1];
    z += o.noise * rng.normal();
    y[i] = z > 0 ? 1 : 0;
    if (o.missing > 0) for (let j = 0; j < F; j++) if (rng.next() < o.missing) x[i * F + j] = NaN;
  }
  const featureNames: string[] = [];
  for (let j = 0; j < F; j++) featureNames.push(j < inf ? `inf${j}` : `noise${j - inf}`);
  return { x, shape: [o.n, F], featureNames, y };
}

/**
 * Rows [start, end) of a rank-2 dataset (copies).
 * @returns a new {@link Dataset}
 */
export function sliceRows(data: Dataset, start: number, end: number): Dataset {
  const per = data.shape.slice(1).reduce((a, b) => a * b, 1);
  const out: Dataset = {
    x: data.x.slice(start * per, end * per),
    shape: [end - start, ...data.shape.slice(1)],
    featureNames: data.featureNames.slice(),
  };
  if (data.y) out.y = data.y.slice(start, end);
  if (data.weight) out.weight = data.weight.slice(start, end);
  if (data.dates) out.dates = data.dates.slice(start, end);
  return out;
}
