/**
 * The README, run as a user runs it: every `npx workbench …` line of README.md's bash blocks, verbatim and in
 * order, through the real executable (`node bin/workbench.js`, which `npx workbench` resolves to) on a fresh
 * WORKBENCH_HOME, in a folder holding a copy of `configs/`. The one line that needs internet (`data fetch`)
 * answers from a recorded response (WORKBENCH_YAHOO_REPLAY); `serve` is started, asked for its health and
 * stopped. Every line must exit 0; then the live loop's log is checked: every prediction verified once, none
 * lost, none duplicated.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fixture, tempDir } from '../helpers';

const root = path.join(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'workbench.js');

/** The `npx workbench` lines of README.md's bash blocks, comments stripped, as argument lists. */
export function readmeCommands(markdown: string): string[][] {
  const out: string[][] = [];
  const blocks = markdown.match(/```bash\n[\s\S]*?```/g) ?? [];
  for (const b of blocks) {
    for (const raw of b.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line.startsWith('npx workbench ')) out.push(line.slice('npx workbench '.length).split(/\s+/));
    }
  }
  return out;
}

/** Starts `serve` with the README's arguments, waits for its URL, checks /api/health, stops it. */
async function serveOnce(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 60 s: ${out}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  try {
    const r = await fetch(`${url.replace(/\/$/, '')}/health`);
    assert.is(r.status, 200, 'GET /health');
  } finally {
    const done = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await done;
  }
}

test('every README command line runs verbatim, in order, on a fresh home', async () => {
  const commands = readmeCommands(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  assert.ok(commands.length >= 20, `README lines found: ${commands.length}`);
  const cwd = tempDir('wb-readme-');
  fs.cpSync(path.join(root, 'configs'), path.join(cwd, 'configs'), { recursive: true });
  const env = { ...process.env, WORKBENCH_HOME: path.join(cwd, 'home'), WORKBENCH_YAHOO_REPLAY: path.dirname(fixture('yahoo/aapl-chart-2024-01.json')), TZ: 'UTC', FORCE_COLOR: '0' };
  const verifyOutputs: string[] = [];
  try {
    for (const args of commands) {
      if (args[0] === 'serve') {
        await serveOnce(args, env, cwd);
        continue;
      }
      const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8', timeout: 600_000 });
      assert.is(r.status, 0, `npx workbench ${args.join(' ')} → exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      if (args[0] === 'verify') verifyOutputs.push(r.stdout);
    }
    // the live loop: one prediction before the update (verified by the first verify, once), one after (pending)
    assert.ok(verifyOutputs.length >= 2, 'the README verifies twice');
    assert.match(verifyOutputs[0], /verified 1, still pending 1/);
    assert.match(verifyOutputs[1], /verified 0, still pending 1/, 'verifying again changes nothing');
    const log = spawnSync(process.execPath, [bin, 'predictions', '--json'], { cwd, env, encoding: 'utf8' });
    const rows = JSON.parse(log.stdout) as Array<{ id: string; status: string; madeOn: string }>;
    assert.is(new Set(rows.map((r) => r.id)).size, rows.length, 'no duplicated prediction');
    assert.equal(rows.map((r) => [r.madeOn, r.status]), [['2020-03-31', 'verified'], ['2020-04-17', 'pending']]);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});

test.run();
