/** ROC curves: the curve itself (pure computation) and its figure. */
import { inputError } from '../util/errors';
import { axis, baseLayout, checkLength, paletteColor, type BaseFigureOptions, type Figure, type Trace } from './figure';

/** Points of a ROC curve, from (0, 0) to (1, 1), and the area under it. */
export interface RocCurve {
  /** False positive rate at each threshold, non-decreasing, starting at 0 and ending at 1. */
  fpr: number[];
  /** True positive rate at each threshold, non-decreasing, starting at 0 and ending at 1. */
  tpr: number[];
  /** Score threshold of each point (predict positive when score >= threshold); the first is +Infinity. */
  thresholds: number[];
  /** Area under the curve (trapezoids; tied scores count one half). */
  auc: number;
}

/**
 * ROC curve of scores against binary labels. Pairs where the score or the label is NaN are skipped;
 * tied scores form one step (a diagonal segment).
 * @param scores score per sample (higher = more likely positive), e.g. P(up)
 * @param labels 1 for positive, 0 for negative, NaN for unknown; same length as `scores`
 * @returns the curve points and AUC
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  checkLength('labels', labels, scores.length);
  const idx: number[] = [];
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    const l = labels[i];
    if (Number.isNaN(l) || Number.isNaN(scores[i])) continue;
    if (l !== 0 && l !== 1) throw inputError({ key: `labels[${i}]` }, 'a label of 0, 1 or NaN', String(l));
    idx.push(i);
    pos += l;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) {
    throw inputError({ key: 'labels' }, 'both positive (1) and negative (0) labels', `${pos} positive and ${neg} negative`);
  }
  idx.sort((a, b) => scores[b] - scores[a]);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let k = 0; k < idx.length; ) {
    const s = scores[idx[k]];
    while (k < idx.length && scores[idx[k]] === s) {
      if (labels[idx[k]] === 1) tp++;
      else fp++;
      k++;
    }
    const x = fp / neg;
    const y = tp / pos;
    auc += (x - fpr[fpr.length - 1]) * (y + tpr[tpr.length - 1]) * 0.5;
    fpr.push(x);
    tpr.push(y);
    thresholds.push(s);
  }
  return { fpr, tpr, thresholds, auc };
}

/** One curve of a {@link rocFigure}: raw scores + labels, or a precomputed {@link RocCurve}. */
export type RocInput = { name: string; scores: ArrayLike<number>; labels: ArrayLike<number> } | { name: string; curve: RocCurve };

/**
 * ROC chart of one or more classifiers, with the chance diagonal.
 * @param inputs one entry per classifier (scores + labels, or a computed curve)
 * @param options title, height
 * @returns a figure with one `scatter` line per classifier (named `<name> (AUC 0.xxx)`) and a dashed
 *   diagonal trace named `chance`; axes `False positive rate` / `True positive rate`, both [0, 1]
 */
export function rocFigure(inputs: readonly RocInput[], options: BaseFigureOptions = {}): Figure {
  if (inputs.length === 0) throw inputError({ key: 'inputs' }, 'at least one classifier', 'an empty list');
  const data: Trace[] = inputs.map((inp, i) => {
    const c = 'curve' in inp ? inp.curve : rocCurve(inp.scores, inp.labels);
    return {
      type: 'scatter',
      mode: 'lines',
      name: `${inp.name} (AUC ${c.auc.toFixed(3)})`,
      x: c.fpr.slice(),
      y: c.tpr.slice(),
      line: { color: paletteColor(i), width: 2, shape: 'linear' },
    };
  });
  data.push({ type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: '#999', dash: 'dash', width: 1 } });
  return {
    data,
    layout: baseLayout(options, {
      xaxis: axis('False positive rate', { range: [0, 1], constrain: 'domain' }),
      yaxis: axis('True positive rate', { range: [0, 1], scaleanchor: 'x', scaleratio: 1 }),
      showlegend: true,
    }),
  };
}
