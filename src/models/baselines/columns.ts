/**
 * Finding and reading one named feature column (the daily log return, a realized volatility) in a
 * tabular or sequence dataset — used by the baselines and by GARCH.
 */
import { inputError } from '../../util/errors';
import type { Dataset } from '../types';
import { checkShape } from '../linear/data';

/** Names tried, in order, for the daily log return at t when no `feature` is given (`features/` writes `log_ret_1`). */
export const RETURN_FEATURE_ALIASES: readonly string[] = ['log_ret_1', 'logret_1', 'ret_1', 'log_return_1', 'return_1'];

/** Names tried, in order, for today's realized daily volatility (`features/` writes `ret_std_20`). */
export const VOL_FEATURE_ALIASES: readonly string[] = ['ret_std_20', 'rv_20', 'std_20', 'realized_vol_20', 'vol_20'];

/**
 * Index of the column a model reads: `requested` when given (must exist), else the first of `aliases`
 * present in `featureNames`.
 * @param featureNames the dataset's feature names
 * @param requested explicit feature name, `''` = use the aliases
 * @param aliases names tried in order
 * @param family registry key, for messages
 * @returns column index (0-based)
 */
export function findFeature(featureNames: string[], requested: string, aliases: readonly string[], family: string): number {
  if (requested) {
    const i = featureNames.indexOf(requested);
    if (i < 0) {
      throw inputError({ key: `${family}.feature` }, `a feature named \`${requested}\``, `features ${listNames(featureNames)}`);
    }
    return i;
  }
  for (const a of aliases) {
    const i = featureNames.indexOf(a);
    if (i >= 0) return i;
  }
  throw inputError(
    { key: `${family}.feature` },
    `a feature named one of ${aliases.map((a) => `\`${a}\``).join(', ')} (or set the \`feature\` parameter)`,
    `features ${listNames(featureNames)}`,
  );
}

function listNames(names: string[]): string {
  const s = names.slice(0, 12).map((n) => `\`${n}\``).join(', ');
  return names.length > 12 ? `${s}, … (${names.length} in all)` : s || '(none)';
}

/**
 * Reads column `j` of every row; for a sequence dataset `[n, steps, f]` the value at the last step.
 * @param data dataset of rank 2 or 3 (shape already checked)
 * @param j column index
 * @returns one value per row, length n (new array; NaN kept)
 */
export function readColumn(data: Dataset, j: number): Float64Array {
  const { n, steps, d } = checkShape(data, 'dataset', [2, 3]);
  const out = new Float64Array(n);
  const stride = steps * d;
  const off = (steps - 1) * d + j;
  for (let i = 0; i < n; i++) out[i] = data.x[i * stride + off];
  return out;
}
