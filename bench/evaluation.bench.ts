/** Benchmarks of the evaluation layer: exact tests at large n, bootstrap CIs, split generation. */
import { Bench, timeIt } from './types';
import { Rng } from '../src/util/rng';
import {
  binomialTest,
  bootstrapAccuracy,
  clopperPearsonInterval,
  combinatorialPurgedCV,
  dieboldMarianoTest,
  walkForwardSplits,
} from '../src/evaluation/index';

function labels(n: number, seed: number): { y: Float32Array; p: Float32Array } {
  const rng = new Rng(seed);
  const y = new Float32Array(n).map(() => (rng.next() < 0.5 ? 1 : 0));
  const p = new Float32Array(n).map((_, i) => (rng.next() < 0.55 ? y[i] : 1 - y[i]));
  return { y, p };
}

export const benches: Bench[] = [
  {
    name: 'evaluation.exact_tests_100k',
    async run() {
      const s = await timeIt(() => {
        for (let k = 49000; k < 51000; k += 20) {
          binomialTest(k, 100000, 0.5);
          clopperPearsonInterval(k, 100000);
        }
      }, 3);
      return { metric: 'binomial test + Clopper-Pearson CI at n = 100,000 (per call pair)', value: (s / 100) * 1e3, unit: 'ms' };
    },
  },
  {
    name: 'evaluation.bootstrap_accuracy',
    async run() {
      const { y, p } = labels(5000, 1);
      const s = await timeIt(() => bootstrapAccuracy(y, p, { horizon: 30, resamples: 1000 }), 3);
      return { metric: 'block bootstrap 95 % CI of accuracy, n = 5,000, 1,000 resamples', value: s, unit: 's' };
    },
  },
  {
    name: 'evaluation.diebold_mariano',
    async run() {
      const { y, p } = labels(5000, 2);
      const q = labels(5000, 3).p;
      const la = y.map((v, i) => (v === p[i] ? 0 : 1));
      const lb = y.map((v, i) => (v === q[i] ? 0 : 1));
      const s = await timeIt(() => dieboldMarianoTest(la, lb, { horizon: 30 }), 5);
      return { metric: 'Diebold-Mariano h = 30, n = 5,000', value: s * 1e3, unit: 'ms' };
    },
  },
  {
    name: 'evaluation.splits',
    async run() {
      const n = 5000;
      const wf = await timeIt(() => walkForwardSplits(n, { forecastHorizon: 30, testLength: 5, validationLength: 100, minTrainLength: 500 }), 3);
      const cp = await timeIt(() => combinatorialPurgedCV(n, { forecastHorizon: 30, groups: 6, testGroups: 2, embargo: 10 }), 3);
      return [
        { bench: 'evaluation.splits.walk_forward', metric: 'expanding walk-forward folds, n = 5,000, test 5 rows (880 folds)', value: wf, unit: 's' },
        { bench: 'evaluation.splits.cpcv', metric: 'CPCV N = 6, k = 2 (15 splits), n = 5,000', value: cp, unit: 's' },
      ];
    },
  },
];
