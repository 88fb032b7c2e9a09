import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import { trainCommand } from '../../src/cli/train';
import { resumeCommand } from '../../src/cli/resume';
import { compareCommand } from '../../src/cli/compare';
import { evaluateCommand } from '../../src/cli/evaluate';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from './run-command';
import { writeTinyConfig } from '../training/fixtures';

const bars = randomWalk({ n: 600, seed: 4, symbol: 'RW' });

test('train writes results, predictions and the comparison; compare and resume read them back', async () => {
  await withTempHome(async (home) => {
    const cfg = writeTinyConfig(home, bars);
    const r = await runCommand(trainCommand, ['--config', cfg, '--run-id', 'cli1', '--quiet']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /progressive h=1\s+logistic\s+acc \d+\.\d%/);
    assert.match(r.out, /unified\s+h=7\s+logistic/);
    assert.match(r.out, /progressive h=1\s+logistic .* logloss \d\.\d{3} brier \d\.\d{3} ece \d\.\d{3} \(noise \d\.\d{3}\) sharpe/);
    assert.match(r.out, /a coin \(P\(up\) = 0\.5\) scores 0\.693 \/ 0\.250/);
    const dir = path.join(home, 'runs', 'cli1');
    for (const f of ['results.json', 'predictions.csv', 'comparison.csv', 'comparison.json', 'config.json']) assert.ok(fs.existsSync(path.join(dir, f)), f);
    const c = await runCommand(compareCommand, ['cli1']);
    assert.is(c.code, 0, c.err);
    assert.match(c.out, /h=1: progressive\/logistic \S+ \[.*\] logloss \d\.\d{3} brier \d\.\d{3} .* vs unified\/logistic .* n=\d+ mcnemar p=/);
    assert.match(c.out, /a coin scores 0\.693 \/ 0\.250/);
    // the tiny run may score fewer than 8 non-overlapping 7-day windows: then no test is run, and it says why
    assert.match(c.out, /h=7: .* n=\d+ (diebold-mariano p=|no test \(too few independent windows)/);
    const rows = fs.readFileSync(path.join(dir, 'comparison.csv'), 'utf8').trim().split('\n');
    assert.is(rows.length, 1 + 2 * 2, 'two progressive models x two horizons against unified');
    const again = await runCommand(resumeCommand, ['cli1', '--quiet']);
    assert.is(again.code, 0);
    assert.match(again.out, /run cli1/);
  });
});

test('compare of two runs pairs the same entries; warm start vs from scratch', async () => {
  await withTempHome(async (home) => {
    const warm = writeTinyConfig(home, bars);
    assert.is((await runCommand(trainCommand, ['--config', warm, '--run-id', 'warm', '--quiet'])).code, 0);
    const scratchDir = tempDir();
    const scratch = writeTinyConfig(scratchDir, bars);
    fs.writeFileSync(scratch, fs.readFileSync(scratch, 'utf8').replace('  max_iterations: 4', '  max_iterations: 4\n  warm_start: false'));
    assert.is((await runCommand(trainCommand, ['--config', scratch, '--run-id', 'scratch', '--quiet'])).code, 0);
    const out = path.join(home, 'cmp');
    const c = await runCommand(compareCommand, ['warm', 'scratch', '--out', out]);
    assert.is(c.code, 0, c.err);
    const json = JSON.parse(fs.readFileSync(`${out}.json`, 'utf8'));
    assert.is(json.length, 2 * 2 + 2, 'progressive 2 models x 2 horizons + unified 2 horizons');
    assert.ok(json.every((r: { a: { mode: string; model: string }; b: { mode: string; model: string } }) => r.a.mode === r.b.mode && r.a.model === r.b.model));
    fs.rmSync(scratchDir, { recursive: true, force: true });
  });
});

test('bad input exits 2 with the key named', async () => {
  await withTempHome(async (home) => {
    let r = await runCommand(trainCommand, ['--quiet']);
    assert.is(r.code, 2);
    assert.match(r.err, /--config/);
    const cfg = writeTinyConfig(home, bars, 'modes:\n  progresive: true');
    r = await runCommand(trainCommand, ['--config', cfg, '--quiet']);
    assert.is(r.code, 2);
    assert.match(r.err, /modes\.progresive/);
    r = await runCommand(resumeCommand, ['no-such-run']);
    assert.is(r.code, 2);
    r = await runCommand(compareCommand, ['../etc']);
    assert.is(r.code, 2);
    assert.match(r.err, /run id/);
    r = await runCommand(evaluateCommand, ['--config', writeTinyConfig(home, bars), '--scheme', 'random']);
    assert.is(r.code, 2);
    assert.match(r.err, /walk-forward/);
  });
});

test('evaluate scores every model per horizon with purged walk-forward and purged k-fold', async () => {
  await withTempHome(async (home) => {
    const cfg = writeTinyConfig(home, bars);
    for (const scheme of ['walk-forward', 'purged-kfold']) {
      const out = path.join(home, `${scheme}.json`);
      const r = await runCommand(evaluateCommand, ['--config', cfg, '--scheme', scheme, '--folds', '3', '--out', out]);
      assert.is(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`${scheme} h=7 gbdt: acc \\d+\\.\\d%`));
      const res = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.is(res.scheme, scheme);
      const e = res.horizons['1'].logistic;
      assert.ok(e.nTest > 100 && e.accuracy > 0.3 && e.accuracy < 0.7, `${scheme}: ${e.accuracy} on ${e.nTest}`);
    }
  });
});

test.run();
