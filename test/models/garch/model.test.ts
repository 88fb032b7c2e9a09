import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { garchReturns } from '../../../src/data/synthetic';
import '../../../src/models/garch/index';
import { GarchModel } from '../../../src/models/garch/model';
import { garchForecast } from '../../../src/models/garch/garch';
import { createModel } from '../../../src/models/registry';
import type { Dataset } from '../../../src/models/types';
import { assertClose, rejects } from '../../helpers';
import { checkModelContract } from '../contract';

const sim = garchReturns({ n: 3000, seed: 21 });

/** Rows [start, end) of the simulated series: features log_ret_1 and a decoy column; y = next-day |return|. */
function rows(start: number, end: number, names = ['rsi_14', 'log_ret_1']): Dataset {
  const n = end - start;
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  const dates = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = 50;
    x[2 * i + 1] = sim.returns[start + i];
    y[i] = Math.abs(sim.returns[start + i + 1] ?? NaN);
    dates[i] = 10000 + start + i;
  }
  return { x, shape: [n, 2], featureNames: names, y, dates };
}

test('contract: garch', async () => {
  await checkModelContract({ key: 'garch', params: {}, train: rows(0, 1500), test: rows(1500, 1700) });
});

test('predict continues the variance recursion from the end of training (hand-checked first rows)', async () => {
  const m = (await createModel('garch', {}).fit(rows(0, 2000))) as GarchModel;
  const f = m.garchFit();
  const testSet = rows(2000, 2003);
  const pred = await m.predict(testSet);
  // h for day 2000 is the one-step forecast at the end of training; row t predicts h_{t+1}
  let h = garchForecast(f, f.lastReturn, f.lastVariance, 1)[0];
  for (let i = 0; i < 3; i++) {
    const e = sim.returns[2000 + i] - f.mu;
    h = f.omega + f.alpha * e * e + f.beta * h;
    assertClose(pred[i], Math.sqrt(h), 1e-6);
  }
  // the forecast vol tracks the true conditional vol of the next day closely
  const all = await m.predict(rows(2000, 2999));
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  const k = all.length;
  for (let i = 0; i < k; i++) {
    const a = all[i];
    const b = Math.sqrt(sim.variance[2001 + i]);
    sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
  }
  const corr = (sxy - (sx * sy) / k) / Math.sqrt((sxx - (sx * sx) / k) * (syy - (sy * sy) / k));
  assert.ok(corr > 0.95, `correlation with the true vol ${corr}`);
});

test('horizon h predicts √(mean of the h variance forecasts); annualize multiplies by √252', async () => {
  const train = rows(0, 2000);
  const m1 = (await createModel('garch', {}).fit(train)) as GarchModel;
  const m5 = await createModel('garch', { horizon: 5, annualize: true }).fit(train);
  const testSet = rows(2000, 2010);
  const next = m1.nextDayVariance(testSet);
  const p5 = await m5.predict(testSet);
  const f = m1.garchFit();
  for (let i = 0; i < 10; i++) {
    // garchForecast from (r_t, h_t) gives h_{t+1..t+5}; reconstruct h_t from h_{t+1}
    const e = sim.returns[2000 + i] - f.mu;
    const hT = (next[i] - f.omega - f.alpha * e * e) / f.beta;
    const fc = garchForecast(f, sim.returns[2000 + i], hT, 5);
    const mean = fc.reduce((a, b) => a + b, 0) / 5;
    assertClose(p5[i], Math.sqrt(mean) * Math.sqrt(252), 1e-5);
  }
  assert.is(m1.forecast(3).length, 3);
});

test('garch skips leading NaN returns, refuses a NaN later, a missing column and too few rows', async () => {
  const train = rows(0, 600);
  const x = train.x.slice();
  x[1] = NaN;
  x[3] = NaN;
  const m = await createModel('garch', {}).fit({ ...train, x });
  assert.ok(m.fitted);
  x[101] = NaN;
  await rejects(() => createModel('garch', {}).fit({ ...train, x }), /column `log_ret_1`.*NaN at row 50/);
  await rejects(() => createModel('garch', {}).fit(rows(0, 600, ['a', 'b'])), /one of `log_ret_1`.*received features `a`, `b`/);
  await rejects(() => createModel('garch', { feature: 'b' }).fit(rows(0, 50, ['a', 'b'])), /at least 100 returns/);
  assert.throws(() => createModel('garch', { horizon: 0 }), /integer >= 1/);
  await rejects(() => m.predictProba(train), /classification/);
});

test('finetune re-estimates from the current coefficients on new data', async () => {
  const m = (await createModel('garch', {}).fit(rows(0, 1000))) as GarchModel;
  await m.finetune(rows(1000, 3000));
  const f = m.garchFit();
  assert.is(f.n, 2000);
  assert.ok(f.converged);
});

test.run();
