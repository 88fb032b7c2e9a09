import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reliabilityBins } from '../../src/evaluation/metrics/probabilistic';
import { reliabilityFigure } from '../../src/viz/reliability';
import { assertClose } from '../helpers';

type Obj = Record<string, unknown>;

const y = [0, 1, 1, 0, 1];
const p = [0.05, 0.15, 0.92, 0.95, 0.18];

test('reliabilityFigure: diagonal, one point trace per model with Wilson error bars, histogram on yaxis2', () => {
  const f = reliabilityFigure([{ name: 'gbdt', labels: y, probabilities: p }], { title: 'calibration' });
  assert.equal(f.data.map((t) => t.type), ['scatter', 'scatter', 'bar']);
  const [diag, pts, hist] = f.data as Obj[];
  assert.is(diag.name, 'perfectly calibrated');
  assert.equal([diag.x, diag.y], [[0, 1], [0, 1]]);
  assert.is(pts.name, `gbdt (ECE 0.518, noise ${reliabilityBins(y, p).eceNoise.toFixed(3)}, n 5)`);
  assert.equal(pts.x, [0.05, 0.165, 0.935]);
  assert.equal(pts.y, [0, 1, 0.5]);
  const r = reliabilityBins(y, p);
  const err = pts.error_y as { array: number[]; arrayminus: number[] };
  r.bins.forEach((b, i) => {
    assertClose(err.array[i], b.observedCI[1] - b.observed, 1e-6);
    assertClose(err.arrayminus[i], b.observed - b.observedCI[0], 1e-6);
  });
  assert.is(hist.yaxis, 'y2');
  assert.equal(hist.y, [1, 2, 2]);
  assert.equal(hist.x, [0.05, 0.15, 0.95]);
  assert.equal(hist.width, [0.1, 0.1, 0.1]);
  const layout = f.layout as { xaxis: Obj; yaxis: Obj; yaxis2: Obj; title: Obj };
  assert.equal(layout.xaxis.range, [0, 1]);
  assert.is((layout.xaxis.title as Obj).text, 'Predicted P(up)');
  assert.equal(layout.yaxis.range, [0, 1]);
  assert.ok((layout.yaxis2.domain as number[])[1] < (layout.yaxis.domain as number[])[0], 'histogram sits under the diagram');
  assert.is(layout.title.text, 'calibration');
  assert.ok(JSON.parse(JSON.stringify(f)), 'plain JSON');
});

test('reliabilityFigure takes stored bins (results.json calibration); several models share one diagram; histogram can be off', () => {
  const { bins, ece, n } = reliabilityBins(y, p);
  const stored = JSON.parse(JSON.stringify({ bins, ece, n }));
  const f = reliabilityFigure([{ name: 'a', reliability: stored }, { name: 'b', labels: y, probabilities: [0.5, 0.5, 0.5, 0.5, 0.5] }], { histogram: false });
  assert.equal(f.data.map((t) => t.type), ['scatter', 'scatter', 'scatter']);
  assert.is(f.data[1].name, 'a (ECE 0.518, n 5)', 'no noise figure when the bins come without one');
  assert.match(String(f.data[2].name), /^b \(ECE 0\.100, noise 0\.\d{3}, n 5\)$/);
  assert.not.ok('yaxis2' in f.layout);
  assert.equal((f.layout.yaxis as Obj).domain, [0, 1]);
});

test('reliabilityFigure rejects an empty list and bins that are not an array', () => {
  assert.throws(() => reliabilityFigure([]), /inputs.*at least one classifier/);
  assert.throws(() => reliabilityFigure([{ name: 'x', reliability: { n: 1, ece: 0 } as never }]), /inputs\[0\]\.reliability\.bins.*array of reliability bins/);
});

test.run();
