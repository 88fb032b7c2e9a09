import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import type { RunState } from '../../src/training/checkpoint';
import { fitOnRows, predictOnRows } from '../../src/training/fit';
import { modelSettings } from '../../src/training/plan';
import { prepareData } from '../../src/training/prepare';
import { checkpointTrackModel, trackContextBase } from '../../src/training/track-context';
import type { TrackState } from '../../src/training/types';
import { tempDir } from '../helpers';
import { testConfig } from './fixtures';

const bars = randomWalk({ n: 400, seed: 3 });
const cfg = testConfig(bars, 250, { training: { window_increment: 30, max_iterations: 4, purge: false, embargo: 1, validation_fraction: 0.2 }, features: { scaler: 'robust' } });
const prep = prepareData(bars, { featureSet: cfg.features.set, horizons: [1], steps: cfg.features.sequence_length, task: 'binary', neutralBand: 0 });
const run = { runId: 'r', tracks: [] } as unknown as RunState;
const track = (): TrackState => ({ id: 'logistic-h1', mode: 'progressive', model: 'logistic', horizons: ['h1'], byHorizon: {}, next: 1, bestValidation: -1, sinceBest: 0, stopped: false, trainMs: 0, modelBytes: 0, done: false });

test('trackContextBase: schedule, rows, stopping rules and scaler come from the config; trainOnce as asked', () => {
  const ctx = trackContextBase(cfg, prep, tempDir(), run, true);
  assert.is(ctx.prep, prep);
  assert.is(ctx.schedule.length, 4);
  assert.equal(ctx.rows, { validationFraction: 0.2, purge: false, embargo: 1 });
  assert.equal(ctx.settings, modelSettings(cfg));
  assert.is(ctx.scalerKind, 'robust');
  assert.is(ctx.trainOnce, true);
  assert.is(trackContextBase(cfg, prep, tempDir(), run, false).trainOnce, false);
  assert.is(ctx.warmStart, cfg.training.warm_start);
  assert.is(ctx.patience, 1000);
});

test('checkpointTrackModel: saves under the run folder, sets modelDir, returns the reloaded model; nothing for no model', async () => {
  const dir = tempDir();
  const t = track();
  assert.is(await checkpointTrackModel(dir, t, undefined), undefined);
  assert.is(t.modelDir, undefined);
  const rows = Int32Array.from({ length: 200 }, (_, i) => i + 30).filter((r) => prep.usable[r] === 1);
  const spec = { model: 'logistic', settings: modelSettings(cfg), keys: ['h1'], scalerKind: 'zscore' as const };
  const { fitted } = await fitOnRows(prep, spec, { h1: { train: rows, validation: new Int32Array(0) } });
  const before = (await predictOnRows(prep, fitted, rows.slice(0, 5), 'h1')).proba;
  const reloaded = await checkpointTrackModel(dir, t, fitted.model);
  assert.is(t.modelDir, path.join('models', 'logistic-h1-it1'));
  assert.ok(fs.existsSync(path.join(dir, 'checkpoint', t.modelDir!)));
  assert.ok(reloaded && reloaded !== fitted.model);
  const after = (await predictOnRows(prep, { ...fitted, model: reloaded! }, rows.slice(0, 5), 'h1')).proba;
  assert.equal(Array.from(after), Array.from(before));
});

test.run();
