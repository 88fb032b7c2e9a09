import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProgressDisplay, progressFraction, progressHtml } from '../../src/viz/progress';
import { assertClose } from '../helpers';

test('progressFraction prefers fraction, then epoch/batch, then iteration counts', () => {
  assert.is(progressFraction({ stage: 's', fraction: 0.3, epoch: 1, epochs: 10 }), 0.3);
  assertClose(progressFraction({ stage: 's', epoch: 2, epochs: 4 })!, 0.5);
  assertClose(progressFraction({ stage: 's', epoch: 2, epochs: 4, batch: 5, batches: 10 })!, 0.375);
  assertClose(progressFraction({ stage: 's', iteration: 3, iterations: 30 })!, 0.1);
  assert.is(progressFraction({ stage: 's' }), undefined);
  assert.is(progressFraction({ stage: 's', fraction: 1.7 }), 1);
});

test('progressHtml shows the bar width, the ETA extrapolated from elapsed time and the latest loss', () => {
  const html = progressHtml({ title: 'lstm', event: { stage: 'train', horizon: 7, epoch: 3, epochs: 10, loss: 0.69314, valLoss: 0.7 }, elapsedMs: 30_000 });
  assert.match(html, /data-fraction="0\.3000"/);
  assert.match(html, /width:30\.0%/);
  assert.match(html, /epoch 3\/10/);
  assert.match(html, /h=7/);
  assert.match(html, /ETA 1m10s/); // 30 s for 30 % -> 70 s left
  assert.match(html, /loss 0\.6931/);
  assert.match(html, /val 0\.7000/);
});

test('progressHtml uses the event ETA when given and escapes text', () => {
  const html = progressHtml({ event: { stage: '<x>', fraction: 0.5, etaMs: 5000, metrics: { accuracy: 0.51 } }, elapsedMs: 1000 });
  assert.match(html, /ETA 5s/);
  assert.match(html, /&lt;x&gt;/);
  assert.match(html, /accuracy 0\.5100/);
});

test('progressHtml final state has a full bar and the total time', () => {
  const html = progressHtml({ event: { stage: 'train', fraction: 0.4 }, elapsedMs: 65_000, done: true });
  assert.match(html, /width:100\.0%/);
  assert.match(html, /done in 1m05s/);
});

test('ProgressDisplay redraws in place at most once per throttle interval, and always at the end', () => {
  let now = 0;
  const drawn: string[] = [];
  const p = new ProgressDisplay({ throttleMs: 100, now: () => now, display: { html: (s) => void drawn.push(s) } });
  p.onProgress({ stage: 'train', epoch: 1, epochs: 4 });
  now = 50;
  p.onProgress({ stage: 'train', epoch: 2, epochs: 4 });
  assert.is(drawn.length, 1); // throttled
  now = 150;
  p.onProgress({ stage: 'train', epoch: 3, epochs: 4 });
  assert.is(drawn.length, 2);
  now = 160;
  p.onProgress({ stage: 'train', epoch: 4, epochs: 4 }); // fraction 1 always draws
  assert.is(drawn.length, 3);
  p.done();
  assert.is(p.draws, 4);
  assert.match(p.html(), /done in 0s/);
});

test('ProgressDisplay without a display still tracks the latest state', () => {
  const p = new ProgressDisplay({ throttleMs: 0 });
  p.onProgress({ stage: 'fit', iteration: 1, iterations: 2 });
  assert.match(p.html(), /iteration 1\/2/);
});

test.run();
