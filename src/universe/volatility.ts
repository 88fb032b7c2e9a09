/**
 * Volatility units of the pipeline: forecasts at the close of t of the realised volatility of the next
 * `window` days (root mean square of the daily log returns over t+1..t+w, a daily figure), scored on the
 * test dates by RMSE against yesterday's volatility (sd of the last `window` returns), with a Newey–West
 * interval of the mean per-date loss difference. `garch`: GARCH(1,1) per pooled symbol on its training
 * returns, filtered through the later returns; `lstm_vol`: one pooled LSTM regressor (log target) on the
 * panel's sequences, fitted through training/fit.ts.
 */
import { neweyWestSe } from '../evaluation/cross-section/index';
import { createModel } from '../models/registry';
import type { Model, TrainProgress } from '../models/types';
import type { ModelSettings } from '../training/models';
import { datasetForRows } from '../training/prepare';
import { fitPanelModel } from './direction';
import type { PanelData } from './panel';
import type { PanelSplit } from './split';
import type { UnitResult } from './units';

/** Daily log returns from each symbol's own closes (NaN at each block's first row). */
export function panelReturns(panel: PanelData): Float64Array {
  const close = panel.prep.bars.close;
  return Float64Array.from(close, (c, r) => (r > 0 && panel.symbolOf[r] === panel.symbolOf[r - 1] && c > 0 && close[r - 1] > 0 ? Math.log(c / close[r - 1]) : NaN));
}

/** Realised vol of t+1..t+w (rms) and yesterday's vol (sd of t−w+1..t) per row; NaN across blocks or without data. */
export function volTargets(panel: PanelData, ret: Float64Array, w: number): { target: Float64Array; naive: Float64Array; end: Int32Array } {
  const n = ret.length;
  const target = new Float64Array(n).fill(NaN);
  const naive = new Float64Array(n).fill(NaN);
  const end = new Int32Array(n).fill(-1);
  for (let i = 0; i < panel.members.length; i++) {
    const a = panel.offsets[i];
    const z = panel.offsets[i + 1];
    for (let r = a; r < z; r++) {
      if (r + w < z) {
        let q = 0;
        for (let k = r + 1; k <= r + w; k++) q += ret[k] * ret[k];
        if (Number.isFinite(q)) ((target[r] = Math.sqrt(q / w)), (end[r] = r + w));
      }
      if (r - w + 1 > a) {
        let s = 0;
        let q = 0;
        for (let k = r - w + 1; k <= r; k++) ((s += ret[k]), (q += ret[k] * ret[k]));
        if (Number.isFinite(q)) naive[r] = Math.sqrt(Math.max(0, (q - (s * s) / w) / (w - 1)));
      }
    }
  }
  return { target, naive, end };
}

function score(panel: PanelData, rows: ArrayLike<number>, pred: ArrayLike<number>, t: { target: Float64Array; naive: Float64Array }, w: number): UnitResult['metrics'] {
  const d = panel.prep.frame.dates;
  const byDate = new Map<number, { m: number; b: number; n: number }>();
  let sm = 0;
  let sb = 0;
  let n = 0;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    if (!Number.isFinite(pred[j]) || !Number.isFinite(t.target[r]) || !Number.isFinite(t.naive[r])) continue;
    const em = (pred[j] - t.target[r]) ** 2;
    const eb = (t.naive[r] - t.target[r]) ** 2;
    ((sm += em), (sb += eb), n++);
    const e = byDate.get(d[r]) ?? { m: 0, b: 0, n: 0 };
    ((e.m += em), (e.b += eb), e.n++);
    byDate.set(d[r], e);
  }
  const diffs = [...byDate.entries()].sort((x, y) => x[0] - y[0]).map(([, e]) => (e.m - e.b) / e.n);
  const mean = diffs.reduce((x, y) => x + y, 0) / Math.max(1, diffs.length);
  const se = diffs.length > 2 ? neweyWestSe(diffs, 2 * (w - 1)) : NaN;
  const rmse = Math.sqrt(sm / Math.max(1, n));
  const naive = Math.sqrt(sb / Math.max(1, n));
  return { metric: 'rmse', value: rmse, baseline: naive, ratio: rmse / naive, lossDiff: mean, lossDiffCi: [mean - 1.959964 * se, mean + 1.959964 * se], n, dates: diffs.length };
}

/** Test rows of the volatility target: usable, dated after the validation end, target known by the test end. */
function testRows(panel: PanelData, split: PanelSplit, t: { target: Float64Array; end: Int32Array }): Int32Array {
  const d = panel.prep.frame.dates;
  const out: number[] = [];
  for (let r = 0; r < d.length; r++) if (panel.prep.usable[r] && d[r] > split.validationEnd && Number.isFinite(t.target[r]) && d[t.end[r]] <= split.testEnd) out.push(r);
  return Int32Array.from(out);
}

/**
 * GARCH(1,1) per pooled symbol fitted on its returns up to the training end.
 * @returns metrics and the per-symbol models (the market index's first when pooled)
 */
export async function garchUnit(panel: PanelData, split: PanelSplit, window: number): Promise<UnitResult> {
  const ret = panelReturns(panel);
  const t = volTargets(panel, ret, window);
  const test = testRows(panel, split, t);
  const pred = new Float64Array(test.length).fill(NaN);
  const at = new Map(Array.from(test, (r, j) => [r, j]));
  const d = panel.prep.frame.dates;
  const models: Array<{ symbol: string; model: Model }> = [];
  let trainSamples = 0;
  for (let i = 0; i < panel.members.length; i++) {
    const a = panel.offsets[i];
    const z = panel.offsets[i + 1];
    let e = a;
    while (e < z && d[e] <= split.trainEnd) e++;
    if (e - a < 120 || e >= z) continue;
    const ds = (from: number, to: number) => ({ x: Float32Array.from(ret.subarray(from, to)), shape: [to - from, 1], featureNames: ['log_ret_1'], dates: d.slice(from, to) });
    const model = createModel('garch', { horizon: window });
    await model.fit(ds(a, e));
    trainSamples += e - a;
    const out = await model.predict(ds(e, z));
    for (let r = e; r < z; r++) {
      const j = at.get(r);
      if (j !== undefined) pred[j] = out[r - e];
    }
    models.push({ symbol: panel.members[i].symbol, model });
  }
  return { models, trainSamples, metrics: { ...score(panel, test, pred, t, window), symbols: models.length } };
}

/**
 * One pooled `lstm_vol` (log target) on the panel's scaled feature sequences.
 * @returns metrics and the fitted model
 */
export async function lstmVolUnit(panel: PanelData, split: PanelSplit, window: number, settings: ModelSettings, onProgress?: (e: TrainProgress) => void): Promise<UnitResult> {
  const t = volTargets(panel, panelReturns(panel), window);
  const view: PanelData = { ...panel, prep: { ...panel.prep, target: { h1: t.target }, endIndex: { h1: t.end } } };
  const d = panel.prep.frame.dates;
  const keep = (from: number, to: number): Int32Array => {
    const out: number[] = [];
    for (let r = 0; r < d.length; r++) if (panel.prep.usable[r] && d[r] > from && d[r] <= to && Number.isFinite(t.target[r]) && d[t.end[r]] <= to) out.push(r);
    return Int32Array.from(out);
  };
  const train = keep(-Infinity, split.trainEnd);
  const validation = keep(split.trainEnd, split.validationEnd);
  const params = { ...settings.params, lstm_vol: { task: 'regression', ...(settings.params.lstm_vol ?? {}) } };
  const { fitted, seconds } = await fitPanelModel(view, { train, validation }, { model: 'lstm_vol', settings: { ...settings, params }, onProgress });
  const test = testRows(panel, split, t);
  const pred = await fitted.model.predict(datasetForRows(view.prep, fitted.scaled, test, { rank: fitted.rank }));
  return { fitted, trainSamples: train.length, metrics: { ...score(panel, test, pred, t, window), seconds } };
}
