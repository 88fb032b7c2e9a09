import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../../../src/models/deep/backend';
import { DeepSequenceModel } from '../../../src/models/deep/model';
import { ar1BestAccuracy, ar1Returns, garchReturns, randomWalk } from '../../../src/data/synthetic';
import { accuracy, returnWindows, sliceRows } from './data';

test.before(async () => {
  await initBackend({ backend: 'wasm', log: () => undefined });
});

test('AR(1) with phi 0.3: the LSTM reaches >= 0.56 out of sample (best possible ≈ 0.597)', async () => {
  assert.ok(Math.abs(ar1BestAccuracy(0.3) - 0.597) < 1e-3);
  const d = returnWindows(ar1Returns({ n: 6500, seed: 3, phi: 0.3 }), { steps: 10 });
  const train = sliceRows(d, 0, 3600);
  const val = sliceRows(d, 3600, 4400);
  const testSet = sliceRows(d, 4400, d.shape[0]);
  assert.ok(testSet.shape[0] >= 2000);
  const m = await new DeepSequenceModel('lstm', { units: 16, epochs: 5, patience: 2 }).fit(train, { validation: val });
  const acc = accuracy(await m.predict(testSet), testSet.y!);
  m.dispose();
  assert.ok(acc >= 0.56, `out-of-sample accuracy ${acc}`);
  assert.ok(acc <= 0.64, `accuracy ${acc} above the theoretical best plus noise means a leak`);
});

const rwParams: Record<string, Record<string, unknown>> = {
  lstm: { units: 16 },
  lstm_cnn: { units: 16, convFilters: 16 },
  lstm_transformer_cnn: { units: 16, convFilters: 16, attentionHeads: 2, ffDim: 32 },
  unified: { units: 16 },
};

test('random walk: every network stays within 0.50 ± 0.03 on >= 2,000 test samples', async () => {
  const d = returnWindows(randomWalk({ n: 5200, seed: 8 }), { steps: 10 });
  const train = sliceRows(d, 0, 2600);
  const val = sliceRows(d, 2600, 3100);
  const testSet = sliceRows(d, 3100, d.shape[0]);
  assert.ok(testSet.shape[0] >= 2000);
  for (const [key, p] of Object.entries(rwParams)) {
    const m = await new DeepSequenceModel(key, { ...p, epochs: 2, patience: 1 }).fit(train, { validation: val });
    const acc = accuracy(await m.predict(testSet), testSet.y!);
    m.dispose();
    assert.ok(Math.abs(acc - 0.5) <= 0.03, `${key}: accuracy ${acc} on a random walk`);
  }
});

test('lstm_vol tracks GARCH volatility: predictions correlate with next-20-day realized volatility', async () => {
  const { bars } = garchReturns({ n: 3000, seed: 9, alpha: 0.1, beta: 0.88 });
  const d = returnWindows(bars, { steps: 20 });
  const c = bars.close;
  const n = d.shape[0];
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = 20 + i;
    let s = 0;
    let k = 0;
    for (let j = t + 1; j <= Math.min(c.length - 1, t + 20); j++, k++) s += Math.log(c[j] / c[j - 1]) ** 2;
    y[i] = k >= 20 ? Math.sqrt(s / k) : NaN;
  }
  // Features: |r| (the network must learn that volatility clusters).
  const x = d.x.map(Math.abs);
  const all = { ...d, x, y, targets: undefined };
  const train = sliceRows(all, 0, 2000);
  const testSet = sliceRows(all, 2000, n - 20);
  const m = await new DeepSequenceModel('lstm_vol', { units: 16, epochs: 4 }).fit(train);
  const p = await m.predict(testSet);
  m.dispose();
  const t = testSet.y!;
  const mp = p.reduce((a, v) => a + v, 0) / p.length;
  const mt = t.reduce((a, v) => a + v, 0) / t.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < p.length; i++) {
    sxy += (p[i] - mp) * (t[i] - mt);
    sxx += (p[i] - mp) ** 2;
    syy += (t[i] - mt) ** 2;
  }
  const corr = sxy / Math.sqrt(sxx * syy);
  assert.ok(corr > 0.3, `correlation of predicted and realized volatility ${corr}`);
});

test.run();
