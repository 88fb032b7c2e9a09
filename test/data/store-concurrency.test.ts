/** Two processes sharing one store file: DuckDB allows one writer process at a time, the store waits its turn. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { Store } from '../../src/data/store';
import { randomWalk } from '../../src/data/synthetic';
import { UnavailableError } from '../../src/util/errors';
import { tempDir } from '../helpers';

const storeModule = require.resolve('../../src/data/store');
const synthModule = require.resolve('../../src/data/synthetic');

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `code` in a child node process; `onLine` sees stdout lines as they arrive. */
function runChild(code: string, onLine?: (line: string) => void): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (onLine) for (const l of d.toString().split('\n')) if (l) onLine(l);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (c) => resolve({ code: c, stdout, stderr }));
  });
}

/**
 * Child program: upserts `chunks` overlapping slices of a seeded series for `symbol`, one open/close per slice,
 * and after each one a 25-row slice of the shared series `SHARED` starting at row `sharedOffset`.
 */
function writerProgram(file: string, symbol: string, seed: number, chunks: number, sharedOffset: number): string {
  return `
    const { Store } = require(${JSON.stringify(storeModule)});
    const { randomWalk } = require(${JSON.stringify(synthModule)});
    const { sliceBars } = require(${JSON.stringify(require.resolve('../../src/data/bars'))});
    (async () => {
      let waits = 0;
      const store = new Store({ path: ${JSON.stringify(file)}, onLockWait: () => waits++ });
      const bars = randomWalk({ n: ${chunks * 50}, seed: ${seed}, symbol: ${JSON.stringify(symbol)} });
      const shared = randomWalk({ n: 1000, seed: 99, symbol: 'SHARED' });
      for (let k = 0; k < ${chunks}; k++) {
        await store.upsertBars(sliceBars(bars, k * 50, k * 50 + 60));
        await store.upsertBars(sliceBars(shared, ${sharedOffset} + k * 25, ${sharedOffset} + (k + 1) * 25));
      }
      console.log(JSON.stringify({ waits }));
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
}

test('two processes writing at once: no failure, no lost writes', async () => {
  const file = path.join(tempDir('wb-conc-'), 'store.duckdb');
  const [a, b] = await Promise.all([runChild(writerProgram(file, 'AAA', 1, 8, 0)), runChild(writerProgram(file, 'BBB', 2, 8, 200))]);
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  const store = new Store({ path: file });
  const list = await store.listSymbols();
  assert.equal(
    list.map((s) => [s.symbol, s.rows]),
    [
      ['AAA', 400],
      ['BBB', 400],
      ['SHARED', 400],
    ],
  );
  const shared = randomWalk({ n: 1000, seed: 99, symbol: 'SHARED' });
  assert.equal(Array.from((await store.readBars('SHARED')).close), Array.from(shared.close.subarray(0, 400)));
  const expected = randomWalk({ n: 400, seed: 2, symbol: 'BBB' });
  assert.equal(Array.from((await store.readBars('BBB')).close), Array.from(expected.close));
});

/** Child program: holds the store open for `holdMs` and says `locked` once it has the lock. */
function holderProgram(file: string, holdMs: number): string {
  return `
    const { Store } = require(${JSON.stringify(storeModule)});
    new Store({ path: ${JSON.stringify(file)} }).withConnection(async () => {
      console.log('locked');
      await new Promise((r) => setTimeout(r, ${holdMs}));
    }).catch((e) => { console.error(e.message); process.exit(1); });`;
}

function startHolder(file: string, holdMs: number): { locked: Promise<void>; done: Promise<ChildResult> } {
  let onLocked: () => void = () => undefined;
  const locked = new Promise<void>((resolve) => (onLocked = resolve));
  const done = runChild(holderProgram(file, holdMs), (l) => l === 'locked' && onLocked());
  return { locked, done };
}

test('a writer waits for another process holding the lock, then succeeds', async () => {
  const file = path.join(tempDir('wb-conc-'), 'store.duckdb');
  const holder = startHolder(file, 700);
  await holder.locked;
  let waits = 0;
  const t0 = Date.now();
  const store = new Store({ path: file, onLockWait: () => waits++ });
  const r = await store.upsertBars(randomWalk({ n: 20, symbol: 'GBM' }));
  assert.is(r.inserted, 20);
  assert.ok(waits > 0, 'the writer should have waited for the lock');
  assert.ok(Date.now() - t0 >= 300, 'the writer cannot finish before the holder releases the lock');
  assert.is((await holder.done).code, 0);
});

test('waiting is bounded: after lockTimeoutMs an UnavailableError names the lock', async () => {
  const file = path.join(tempDir('wb-conc-'), 'store.duckdb');
  const holder = startHolder(file, 1500);
  await holder.locked;
  const store = new Store({ path: file, lockTimeoutMs: 250 });
  let err: unknown;
  try {
    await store.listSymbols();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof UnavailableError, String(err));
  assert.match((err as Error).message, /is locked by another process \(waited \d+ ms\)/);
  await holder.done;
});

test('calls in one process are queued on the same file (no self-conflict)', async () => {
  const store = new Store({ path: path.join(tempDir('wb-conc-'), 'store.duckdb') });
  const results = await Promise.all(
    ['AAA', 'BBB', 'CCC', 'DDD'].map((s, i) => store.upsertBars(randomWalk({ n: 30, seed: i, symbol: s }))),
  );
  assert.equal(results.map((r) => r.total), [30, 30, 30, 30]);
  assert.is((await store.listSymbols()).length, 4);
});

test('a store file another process is still creating is retried; a stale invalid file fails at once', async () => {
  const dir = tempDir('wb-conc-');
  const valid = path.join(dir, 'valid.duckdb');
  await new Store({ path: valid }).upsertBars(randomWalk({ n: 10, seed: 3, symbol: 'CCC' }));
  const file = path.join(dir, 'store.duckdb');
  fs.writeFileSync(file, ''); // what a second process sees between DuckDB creating the file and writing its header
  const later = new Promise<void>((resolve) =>
    setTimeout(() => {
      fs.copyFileSync(valid, file);
      resolve();
    }, 300),
  );
  assert.equal((await new Store({ path: file }).listSymbols()).map((x) => [x.symbol, x.rows]), [['CCC', 10]]);
  await later;
  const stale = path.join(dir, 'stale.duckdb');
  fs.writeFileSync(stale, 'not a database');
  fs.utimesSync(stale, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const t0 = Date.now();
  let err: unknown;
  try {
    await new Store({ path: stale }).listSymbols();
  } catch (e) {
    err = e;
  }
  assert.match(String((err as Error)?.message), /not a valid DuckDB database file/);
  assert.ok(Date.now() - t0 < 2000, `failed after ${Date.now() - t0} ms`);
});

test.run();
