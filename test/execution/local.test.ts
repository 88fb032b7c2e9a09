import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { chooseBackend } from '../../src/execution/dispatch';
import { LocalBackend } from '../../src/execution/local';
import { randomWalk } from '../../src/data/synthetic';
import { trainRun } from '../../src/training/run';
import { tempDir } from '../helpers';
import { testConfig, withoutTiming } from '../training/fixtures';

const bars = randomWalk({ n: 700, seed: 31 });
const cfg = testConfig(bars, 500, { training: { max_iterations: 3, window_increment: 14 }, horizons: { enabled: [1, 7] }, models: { enabled: ['logistic', 'gbdt'], unified_model: 'logistic', params: { gbdt: { nRounds: 10, maxDepth: 3 } } } });

test('chooseBackend: one track or one worker runs in this process; redis needs its url', () => {
  assert.is(chooseBackend({ backend: 'local', workers: 2 }, 1), undefined);
  assert.is(chooseBackend({ backend: 'local', workers: 1 }, 6), undefined);
  const b = chooseBackend({ backend: 'local', workers: 2 }, 6);
  assert.is(b?.kind, 'local');
  assert.is(b?.slots, 2);
  void b?.close();
});

test('a local worker process killed mid-run: the job is retried from its checkpoint, results identical', async () => {
  const home = tempDir();
  const single = await trainRun(cfg, { bars, home, runId: 'one', execution: { backend: 'local', workers: 1 }, track: false });
  const backend = new LocalBackend({ workers: 2 });
  let killed = '';
  const run = await trainRun(cfg, {
    bars,
    home,
    runId: 'two',
    backend,
    track: false,
    onProgress: (e) => {
      if (killed || e.fraction !== 1) return;
      // the first finished iteration: kill one busy worker process with SIGKILL
      const kids = (backend as unknown as { children: Set<import('child_process').ChildProcess> }).children;
      const victim = [...kids].find((c) => c.connected);
      if (victim) {
        killed = String(victim.pid);
        victim.kill('SIGKILL');
      }
    },
  });
  await backend.close();
  assert.ok(killed, 'a worker process was killed');
  assert.equal(withoutTiming(run.results), withoutTiming(single.results));
  assert.is(fs.readFileSync(path.join(run.dir, 'predictions.csv'), 'utf8'), fs.readFileSync(path.join(single.dir, 'predictions.csv'), 'utf8'));
  fs.rmSync(home, { recursive: true, force: true });
});

test.run();
