/**
 * Kill-and-resume: the CLI is spawned on a tiny config, SIGKILLed mid-run (after a few checkpoints), resumed,
 * and its results.json must equal an uninterrupted run's, timing fields aside.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { randomWalk } from '../../src/data/synthetic';
import { loadConfig } from '../../src/config/load';
import { COMMANDS } from '../../src/cli/commands';
import { resumeCommand } from '../../src/cli/resume';
import { trainRun } from '../../src/training/run';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';
import { withoutTiming, writeTinyConfig } from '../training/fixtures';
import { runCommand } from './run-command';

/** argv that starts `workbench train …` in a child process (bin/workbench.js once `train` is wired). */
function trainArgv(cfg: string, runId: string): string[] {
  const args = ['--config', cfg, '--run-id', runId, '--quiet'];
  if (COMMANDS.some((c) => c.name === 'train')) return [path.join(repoRoot(), 'bin', 'workbench.js'), 'train', ...args];
  const mod = path.join(repoRoot(), 'dist', 'src', 'cli', 'train.js');
  const script = `require(${JSON.stringify(mod)}).trainCommand.run({positionals: [], values: {config: ${JSON.stringify(cfg)}, 'run-id': ${JSON.stringify(runId)}, quiet: true}, out: () => {}, err: () => {}})`;
  return ['-e', script];
}

test('kill -9 mid-run, resume: the same results.json as an uninterrupted run', async () => {
  const home = tempDir('wb-kill-');
  const bars = randomWalk({ n: 600, seed: 9, symbol: 'RW' });
  const cfgFile = writeTinyConfig(home, bars);
  fs.writeFileSync(cfgFile, fs.readFileSync(cfgFile, 'utf8').replace('max_iterations: 4', 'max_iterations: 20').replace('window_increment: 14', 'window_increment: 7'));
  const env = { ...process.env, WORKBENCH_HOME: home, WORKBENCH_TEST: '1' };
  const child = spawn(process.execPath, trainArgv(cfgFile, 'killed'), { env, stdio: 'ignore' });
  const stateFile = path.join(home, 'runs', 'killed', 'checkpoint', 'state.json');
  const killedAt = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      try {
        const s = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
        const done = s.tracks.reduce((a: number, t: { next: number }) => a + t.next, 0);
        if (done >= 5) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(done);
        }
      } catch {
        // not written yet (or being renamed): poll again
      }
    }, 10);
    child.on('exit', () => {
      clearInterval(timer);
      reject(new Error('the run finished before it could be killed'));
    });
  });
  await new Promise((r) => child.once('exit', r));
  assert.ok(killedAt >= 5);
  assert.not.ok(fs.existsSync(path.join(home, 'runs', 'killed', 'results.json')), 'killed before the end');
  const prev = process.env.WORKBENCH_HOME;
  process.env.WORKBENCH_HOME = home;
  try {
    const r = await runCommand(resumeCommand, ['killed', '--quiet']);
    assert.is(r.code, 0, r.err);
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
  const resumed = JSON.parse(fs.readFileSync(path.join(home, 'runs', 'killed', 'results.json'), 'utf8'));
  const ref = await trainRun(loadConfig(cfgFile), { home, runId: 'reference' });
  assert.equal(withoutTiming(resumed), withoutTiming(JSON.parse(JSON.stringify(ref.results))));
  const csvA = fs.readFileSync(path.join(home, 'runs', 'killed', 'predictions.csv'), 'utf8');
  const csvB = fs.readFileSync(path.join(home, 'runs', 'reference', 'predictions.csv'), 'utf8');
  assert.is(csvA, csvB);
  fs.rmSync(home, { recursive: true, force: true });
});

test.run();
