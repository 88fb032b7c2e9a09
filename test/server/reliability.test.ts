import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reliabilityBins } from '../../src/evaluation/metrics/probabilistic';
import { reliabilityView } from '../../src/server/reliability';

const calibration = JSON.parse(JSON.stringify(reliabilityBins([0, 1, 1, 0, 1], [0.05, 0.15, 0.92, 0.95, 0.18])));
const entry = (extra: object) => ({ accuracy: 0.6, metrics: { logLoss: 0.7, brier: 0.26 }, calibration, ...extra });

test('one figure per horizon (ascending) with every entry that has calibration bins', () => {
  const results = {
    modes: {
      unified: { horizons: { '7': { unified: entry({}) }, '1': { unified: entry({}) } } },
      progressive: { horizons: { '1': { gbdt: entry({ accuracy: 0.55 }), ternary: entry({ calibration: null }) } } },
    },
  };
  const v = reliabilityView('r1', results);
  assert.is(v.runId, 'r1');
  assert.equal(v.horizons.map((h) => h.horizon), [1, 7]);
  assert.equal(v.horizons[0].entries.map((e) => `${e.mode}/${e.model}`), ['progressive/gbdt', 'unified/unified']);
  assert.equal(v.horizons[0].entries[0], { mode: 'progressive', model: 'gbdt', n: 5, ece: calibration.ece, eceNoise: calibration.eceNoise, accuracy: 0.55, logLoss: 0.7, brier: 0.26 });
  const names = v.horizons[0].figure.data.map((d) => d.name);
  assert.ok(names.includes(`progressive · gbdt (ECE 0.518, noise ${calibration.eceNoise.toFixed(3)}, n 5)`), names.join(' | '));
  assert.match(String((v.horizons[0].figure.layout.title as { text: string }).text), /h = 1/);
  assert.equal(v.coin, { logLoss: Math.LN2, brier: 0.25 });
});

test('older files, malformed bins and non-objects are skipped, not drawn', () => {
  const bad = { ...calibration, bins: [{ ...calibration.bins[0], observed: 'x' }] };
  const v = reliabilityView('r2', { modes: { progressive: { horizons: { '1': { a: entry({ calibration: bad }), b: { accuracy: 0.5 }, c: 3 } } }, unified: 'x' } });
  assert.equal(v.horizons, []);
  assert.equal(reliabilityView('r3', null).horizons, []);
});

test.run();
