import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TpeSampler, buildParzen, parzenLogPdf, parzenSample } from '../../src/tuning/tpe';
import { RandomSampler } from '../../src/tuning/samplers';
import { hartmann6, HARTMANN6_MIN, noisyQuadratic } from '../../src/tuning/benchmarks';
import { checkSearchSpace } from '../../src/tuning/space';
import type { FrozenTrial, Sampler } from '../../src/tuning/types';
import { Rng } from '../../src/util/rng';
import { assertClose } from '../helpers';

test('hartmann6 reaches its known minimum at the known optimum', () => {
  assertClose(hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]), HARTMANN6_MIN, 1e-4);
  assert.ok(hartmann6([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) > HARTMANN6_MIN);
});

test('the Parzen estimator is a density on its bounds and samples inside them', () => {
  const p = buildParzen([0.2, 0.25, 0.8], 0, 1, 1);
  let integral = 0;
  const n = 2000;
  for (let i = 0; i < n; i++) integral += Math.exp(parzenLogPdf(p, (i + 0.5) / n)) / n;
  assertClose(integral, 1, 1e-3);
  assert.ok(parzenLogPdf(p, 0.22) > parzenLogPdf(p, 0.5));
  const rng = new Rng(1);
  for (let i = 0; i < 200; i++) {
    const x = parzenSample(p, rng);
    assert.ok(x >= 0 && x <= 1);
  }
});

test('the bandwidth is the larger neighbour gap, clipped to [range/(n+1), range]; the prior spans the range', () => {
  const p = buildParzen([0.1, 0.9], 0, 1, 1);
  // sorted: 0.1, 0.5 (prior), 0.9 → sigmas: max(0.1, 0.4) = 0.4, prior 1, max(0.4, 0.1) = 0.4
  assert.equal(p.mus, [0.1, 0.5, 0.9]);
  assert.equal(p.sigmas.map((s) => +s.toFixed(10)), [0.4, 1, 0.4]);
  const tight = buildParzen([0.5, 0.5, 0.5], 0, 1, 1);
  assert.ok(Math.min(...tight.sigmas) >= 1 / 4 - 1e-12);
});

function bestAfter(sampler: Sampler, n: number, f: (x: number[]) => number): number {
  const space = checkSearchSpace(Object.fromEntries([0, 1, 2, 3, 4, 5].map((j) => [`x${j}`, { type: 'float', low: 0, high: 1 }])));
  const trials: FrozenTrial[] = [];
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    const p = sampler.sample(space, trials, k, 'minimize')!;
    const v = f([0, 1, 2, 3, 4, 5].map((j) => p[`x${j}`] as number));
    trials.push({ number: k, state: 'COMPLETE', params: p, value: v, intermediate: {}, startedMs: 0 });
    best = Math.min(best, v);
  }
  return best;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

test('TPE beats random search on 6-D Hartmann: median best after 50 trials over 20 seeds', () => {
  const tpe: number[] = [];
  const rnd: number[] = [];
  for (let seed = 0; seed < 20; seed++) {
    tpe.push(bestAfter(new TpeSampler({ seed }), 50, hartmann6));
    rnd.push(bestAfter(new RandomSampler({ seed }), 50, hartmann6));
  }
  assert.ok(median(tpe) < median(rnd) - 0.2, `median best: tpe ${median(tpe)}, random ${median(rnd)}`);
});

test('TPE beats random search on a noisy quadratic too', () => {
  const tpe: number[] = [];
  const rnd: number[] = [];
  for (let seed = 0; seed < 20; seed++) {
    const noise = new Rng(1000 + seed);
    tpe.push(bestAfter(new TpeSampler({ seed }), 50, (x) => noisyQuadratic(x, noise)));
    const noise2 = new Rng(1000 + seed);
    rnd.push(bestAfter(new RandomSampler({ seed }), 50, (x) => noisyQuadratic(x, noise2)));
  }
  assert.ok(median(tpe) < median(rnd), `median best: tpe ${median(tpe)}, random ${median(rnd)}`);
});

test('TPE is deterministic for a seed and prefers the good category', () => {
  const space = checkSearchSpace({ c: { type: 'categorical', choices: ['bad', 'good'] }, x: { type: 'float', low: 0, high: 1 } });
  const run = () => {
    const s = new TpeSampler({ seed: 3, nStartupTrials: 5 });
    const trials: FrozenTrial[] = [];
    for (let k = 0; k < 30; k++) {
      const p = s.sample(space, trials, k, 'maximize');
      trials.push({ number: k, state: 'COMPLETE', params: p, value: (p.c === 'good' ? 1 : 0) - (p.x as number), intermediate: {}, startedMs: 0 });
    }
    return trials;
  };
  const a = run();
  assert.equal(a.map((t) => t.params), run().map((t) => t.params));
  const late = a.slice(15).filter((t) => t.params.c === 'good').length;
  assert.ok(late >= 12, `good chosen ${late}/15 times after startup`);
  assert.throws(() => new TpeSampler({ gamma: 1.5 }), /`tpe\.gamma`: a fraction in \(0, 1\), received 1\.5/);
});

test.run();
