/**
 * Reliability diagram of binary probabilities: observed frequency of "up" against the mean predicted P(up)
 * per bin (with each bin's Wilson interval), the diagonal a calibrated model lies on, and under it the
 * histogram of predicted probabilities (rows per bin), so a point far off the diagonal can be read against
 * how many rows it stands for.
 */
import { reliabilityBins, type Reliability, type ReliabilityOptions } from '../evaluation/metrics/probabilistic';
import { inputError } from '../util/errors';
import { axis, baseLayout, paletteColor, toJsonNumbers, type BaseFigureOptions, type Figure, type Trace } from './figure';

/**
 * One model of a {@link reliabilityFigure}: precomputed bins (e.g. `calibration` of a results.json entry), or
 * labels and probabilities binned here with `options`.
 */
export type ReliabilityInput =
  | { name: string; reliability: Pick<Reliability, 'bins' | 'ece' | 'n'> & Partial<Pick<Reliability, 'eceNoise'>> }
  | { name: string; labels: ArrayLike<number>; probabilities: ArrayLike<number>; options?: ReliabilityOptions };

/** Options of {@link reliabilityFigure}. */
export interface ReliabilityFigureOptions extends BaseFigureOptions {
  /** Draw the histogram of predicted probabilities under the diagram. Default true. */
  histogram?: boolean;
}

/** Defaults of {@link ReliabilityFigureOptions}. */
export const reliabilityFigureDefaults = { histogram: true } as const;

const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '--');

/** Share of the figure's height the histogram takes (bottom), when drawn. */
const HIST_SHARE = 0.22;

/**
 * Reliability diagram of one or more binary classifiers.
 * @param inputs one entry per model: `{name, reliability}` (bins from `reliabilityBins` or results.json's
 *   `calibration`) or `{name, labels, probabilities, options?}` (binned here, 10 uniform bins by default)
 * @param options title, height, histogram (true)
 * @returns a figure with, per model, a `scatter` trace `<name> (ECE 0.xxx, noise 0.xxx, n N)` (noise: `eceNoise`,
 *   when known) of (mean predicted, observed)
 *   with the Wilson interval as `error_y`, a dashed `perfectly calibrated` diagonal, and (histogram) one `bar`
 *   trace per model on `yaxis2` with the rows per bin; x axis `Predicted P(up)` on [0, 1]
 */
export function reliabilityFigure(inputs: readonly ReliabilityInput[], options: ReliabilityFigureOptions = {}): Figure {
  if (inputs.length === 0) throw inputError({ key: 'inputs' }, 'at least one classifier', 'an empty list');
  const histogram = options.histogram ?? reliabilityFigureDefaults.histogram;
  const points: Trace[] = [];
  const bars: Trace[] = [];
  inputs.forEach((inp, i) => {
    const r = 'reliability' in inp ? inp.reliability : reliabilityBins(inp.labels, inp.probabilities, inp.options);
    if (!r || !Array.isArray(r.bins)) throw inputError({ key: `inputs[${i}].reliability.bins` }, 'an array of reliability bins', String(r && r.bins));
    const color = paletteColor(i);
    const b = r.bins;
    points.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `${inp.name} (ECE ${f3(r.ece)}${typeof r.eceNoise === 'number' && Number.isFinite(r.eceNoise) ? `, noise ${f3(r.eceNoise)}` : ''}, n ${r.n})`,
      legendgroup: inp.name,
      x: toJsonNumbers(b.map((x) => x.meanPredicted)),
      y: toJsonNumbers(b.map((x) => x.observed)),
      error_y: {
        type: 'data',
        symmetric: false,
        array: toJsonNumbers(b.map((x) => x.observedCI[1] - x.observed)),
        arrayminus: toJsonNumbers(b.map((x) => x.observed - x.observedCI[0])),
        color,
        thickness: 1,
      },
      text: b.map((x) => `${x.count} rows, P in [${x.lo.toFixed(2)}, ${x.hi.toFixed(2)}]`),
      hovertemplate: 'predicted %{x:.3f}<br>observed %{y:.3f}<br>%{text}<extra>%{fullData.name}</extra>',
      line: { color, width: 1.5 },
      marker: { color, size: 7 },
    });
    if (histogram) {
      bars.push({
        type: 'bar',
        name: `${inp.name} rows`,
        legendgroup: inp.name,
        showlegend: false,
        x: toJsonNumbers(b.map((x) => (x.lo + x.hi) / 2)),
        y: b.map((x) => x.count),
        width: toJsonNumbers(b.map((x) => x.hi - x.lo)),
        yaxis: 'y2',
        opacity: inputs.length > 1 ? 0.5 : 0.8,
        marker: { color },
        hovertemplate: '%{y} rows<extra>%{fullData.name}</extra>',
      });
    }
  });
  const diagonal: Trace = { type: 'scatter', mode: 'lines', name: 'perfectly calibrated', x: [0, 1], y: [0, 1], line: { color: '#999', dash: 'dash', width: 1 }, hoverinfo: 'skip' };
  const top = histogram ? [HIST_SHARE + 0.08, 1] : [0, 1];
  const layout = baseLayout(options, {
    xaxis: axis('Predicted P(up)', { range: [0, 1], ...(histogram ? { anchor: 'y2' } : {}) }),
    yaxis: axis('Observed frequency of up', { range: [0, 1], domain: top }),
    showlegend: true,
    ...(histogram ? { yaxis2: axis('rows', { domain: [0, HIST_SHARE], rangemode: 'tozero' }), barmode: 'overlay', bargap: 0 } : {}),
  });
  return { data: [diagonal, ...points, ...bars], layout };
}
