import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import { parseConfig } from '../../src/config/load';
import { barsSha256, resolveDataSource } from '../../src/training/source';
import { effectiveConfig, planTracks, unifiedKey } from '../../src/training/plan';
import { tempDir } from '../helpers';
import { writeBarsCsv } from './fixtures';

test('resolveDataSource reads csv: and sample: sources and rejects unknown prefixes', async () => {
  const dir = tempDir();
  const bars = randomWalk({ n: 50, seed: 2, symbol: 'RW' });
  const file = path.join(dir, 'RW.csv');
  writeBarsCsv(bars, file);
  const back = await resolveDataSource(`csv:${file}`);
  assert.is(back.symbol, 'RW');
  assert.equal(Array.from(back.dates), Array.from(bars.dates));
  const sp = await resolveDataSource('sample:sp500');
  assert.ok(sp.dates.length > 5000);
  let msg = '';
  try {
    await resolveDataSource('ftp:x');
  } catch (e) {
    msg = (e as Error).message;
  }
  assert.match(msg, /data\.source.*one of sample:<name>.*received "ftp:x"/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('barsSha256 changes with any price and not with a copy', () => {
  const a = randomWalk({ n: 30, seed: 1 });
  const b = randomWalk({ n: 30, seed: 1 });
  assert.is(barsSha256(a), barsSha256(b));
  b.close[7] += 1e-9;
  assert.is.not(barsSha256(a), barsSha256(b));
});

test('fast mode caps epochs, iterations and the training window without touching the input', () => {
  const cfg = parseConfig({ training: { start_date: '2004-01-02', initial_end_date: '2019-06-03' } });
  const fast = effectiveConfig(cfg, true);
  assert.is(fast.models.epochs, 2);
  assert.is(fast.models.epochs_per_iteration, 1);
  assert.is(fast.training.max_iterations, 3);
  assert.is(fast.training.start_date, '2016-06-03');
  assert.is(cfg.models.epochs, 30, 'input not mutated');
  assert.is(effectiveConfig(cfg, false).training.max_iterations, 30);
});

test('tracks: one per horizon and model in progressive mode; one multi-head unified net or a per-horizon fallback', () => {
  const cfg = parseConfig({ models: { enabled: ['gbdt', 'logistic'] }, horizons: { enabled: [1, 30] } });
  assert.equal(planTracks(cfg).map((t) => t.id), ['progressive-h1-gbdt', 'progressive-h1-logistic', 'progressive-h30-gbdt', 'progressive-h30-logistic', 'unified-all-unified']);
  const fallback = parseConfig({ models: { enabled: ['gbdt'], unified_model: 'no_such_model' }, horizons: { enabled: [1, 30] }, modes: { progressive: false } });
  assert.is(unifiedKey(fallback), 'gbdt');
  assert.equal(planTracks(fallback).map((t) => t.id), ['unified-h1-gbdt', 'unified-h30-gbdt']);
});

test.run();
