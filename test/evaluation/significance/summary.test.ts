import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { accuracySummary, targetVerdict } from '../../../src/evaluation/significance/summary';
import { Rng } from '../../../src/util/rng';
import { bootstrapAccuracy } from '../../../src/evaluation/significance/bootstrap';
import { wilsonInterval } from '../../../src/evaluation/significance/binomial';

const y10 = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1];
const p10 = [1, 0, 1, 1, 0, 1, 1, 1, 0, 0]; // 7 of 10 right

test('h = 1: exact binomial p-value on all rows (hand: 176/1024) and a Wilson CI', () => {
  const s = accuracySummary(y10, p10, { baselineRate: 0.5, ciMethod: 'wilson' });
  assertClose(s.accuracy, 0.7);
  assertClose(s.pValue, 176 / 1024, 1e-14);
  assert.is(s.nEffective, 10);
  assert.equal(s.accuracyCI, wilsonInterval(7, 10));
  assert.is(s.baselineAccuracy, 0.5);
});

test('h = 5: the test uses ⌊n/h⌋ trials (hand: 12 of 20 → 263950/2^20)', () => {
  const y = new Array(100).fill(1);
  const p = y.map((_, i) => (i < 60 ? 1 : 0));
  const s = accuracySummary(y, p, { baselineRate: 0.5, horizon: 5, ciMethod: 'wilson' });
  assert.is(s.nEffective, 20);
  assertClose(s.pValue, 263950 / 1048576, 1e-13);
  assert.equal(s.accuracyCI, wilsonInterval(12, 20));
});

test('default CI is the seeded block bootstrap with blocks of at least h rows', () => {
  const y = new Array(200).fill(0).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const p = new Array(200).fill(0).map((_, i) => (i % 4 === 0 ? 1 : 0));
  const s = accuracySummary(y, p, { baselineRate: 0.5, horizon: 7, bootstrap: { resamples: 300, seed: 3 } });
  assert.is(s.ciMethod, 'bootstrap');
  assert.equal(s.accuracyCI, bootstrapAccuracy(y, p, { horizon: 7, resamples: 300, seed: 3 }).ci);
});

test('bad options are rejected', () => {
  assert.throws(() => accuracySummary(y10, p10, { baselineRate: 2 }), /baselineRate.*\[0, 1\].*2/);
  assert.throws(() => accuracySummary(y10, p10, { baselineRate: 0.5, ciMethod: 'exact' as never }), /bootstrap.*wilson.*hull.*exact/);
});

test('hull: Wilson on the unrounded accuracy over ⌊n/h⌋ windows, widened by the bootstrap from 30 windows on', () => {
  const y = new Array(100).fill(1);
  const p = y.map((_, i) => (i < 63 ? 1 : 0));
  const s = accuracySummary(y, p, { baselineRate: 0.5, horizon: 5, ciMethod: 'hull' });
  // 0.63 on 20 windows, z = 1.959964: (0.63 + z²/40 ± z √(0.63·0.37/20 + z²/1600)) / (1 + z²/20)
  const z = 1.959963984540054;
  const den = 1 + (z * z) / 20;
  const half = (z * Math.sqrt((0.63 * 0.37) / 20 + (z * z) / 1600)) / den;
  assertClose(s.accuracyCI[0], (0.63 + (z * z) / 40) / den - half, 1e-12);
  assertClose(s.accuracyCI[1], (0.63 + (z * z) / 40) / den + half, 1e-12);
  const big = accuracySummary(y, p, { baselineRate: 0.5, horizon: 1, ciMethod: 'hull', bootstrap: { resamples: 200 } });
  const boot = bootstrapAccuracy(y, p, { horizon: 1, resamples: 200 }).ci;
  assert.ok(big.accuracyCI[0] <= boot[0] && big.accuracyCI[1] >= boot[1]);
  assert.is(big.ciMethod, 'hull');
});

test('targetVerdict: met only when the lower CI bound reaches the target and the majority baseline is not higher', () => {
  const r = { accuracy: 0.72, accuracyCI: [0.71, 0.73] as [number, number], baselineAccuracy: 0.6, targetAccuracy: 0.7 };
  assert.equal(targetVerdict(r).status, 'met');
  assert.ok(targetVerdict(r).met);
  assert.is(targetVerdict({ ...r, accuracyCI: [0.6, 0.8] }).status, 'point-only');
  assert.not.ok(targetVerdict({ ...r, accuracyCI: [0.6, 0.8] }).met);
  assert.is(targetVerdict({ ...r, baselineAccuracy: 0.75 }).status, 'baseline-higher');
  assert.match(targetVerdict({ ...r, baselineAccuracy: 0.75 }).reason, /majority baseline 75\.0 %/);
  assert.is(targetVerdict({ ...r, accuracy: 0.65, accuracyCI: [0.6, 0.7] }).status, 'not-met');
  assert.is(targetVerdict({ ...r, targetAccuracy: null }).status, 'no-target');
});

type Kind = 'constant' | 'slow' | 'fast';

test('Monte-Carlo: the results interval (hull) covers the true accuracy 0.5 in >= 93 % of 400 random-walk trials', () => {
  const rng = new Rng(2);
  const lines: string[] = [];
  const misses: string[] = [];
  for (const [n, h] of [[60, 1], [60, 7], [60, 30], [1000, 1], [1000, 7], [1000, 30]]) {
    for (const kind of ['constant', 'slow', 'fast'] as Kind[]) {
      let covered = 0;
      for (let r = 0; r < 400; r++) {
        const len = n + h + 1;
        const x = new Float64Array(len);
        for (let i = 1; i < len; i++) x[i] = x[i - 1] + rng.normal();
        const y = new Float64Array(n);
        const p = new Float64Array(n);
        let state = rng.int(2);
        for (let i = 0; i < n; i++) {
          y[i] = x[i + h] > x[i] ? 1 : 0;
          if (kind === 'slow' && rng.next() < 1 / 50) state = 1 - state;
          p[i] = kind === 'constant' ? 1 : kind === 'slow' ? state : i % 2;
        }
        // results use 1,000 resamples; the hull only ever widens the Wilson interval, so 100 keep this fast
        const ci = accuracySummary(y, p, { baselineRate: 0.5, horizon: h, ciMethod: 'hull', bootstrap: { resamples: 100, seed: r } }).accuracyCI;
        if (ci[0] <= 0.5 && ci[1] >= 0.5) covered++;
      }
      lines.push(`n=${n} h=${h} ${kind}: ${((100 * covered) / 400).toFixed(1)} %`);
      if (covered < 372) misses.push(`n = ${n}, h = ${h}, ${kind}: covered in ${covered} of 400`);
    }
  }
  if (process.env.WORKBENCH_MC_VERBOSE) console.log(lines.join('\n'));
  assert.equal(misses, []);
});

test.run();
