import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceBars, type Bars } from '../../src/data/bars';
import { syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { randomWalk } from '../../src/data/synthetic';
import { createContext } from '../../src/features/context';
import type { FeatureFrame } from '../../src/features/frame';
import { volatilityLevel } from '../../src/features/regime';
import { buildFeatures, FAMILIES, type FeatureFamily } from '../../src/features/registry';
import { tempDir } from '../helpers';
import { collect, dispatch, featureBuildInfo, featureWorkerScript, setFeatureWorkerScript } from '../../src/features/threads';

/** Byte-level equality of two frames (NaN payloads and -0 included). */
function assertSameBits(a: FeatureFrame, b: FeatureFrame): void {
  assert.equal(a.names, b.names);
  for (let k = 0; k < a.names.length; k++) {
    const x = Buffer.from(a.columns[k].buffer, a.columns[k].byteOffset, a.columns[k].byteLength);
    const y = Buffer.from(b.columns[k].buffer, b.columns[k].byteOffset, b.columns[k].byteLength);
    assert.ok(x.equals(y), `column ${a.names[k]} differs`);
  }
}

let minute: Bars | undefined;
/** ~20k minute bars (52 NYSE sessions). */
function minuteBars(): Bars {
  minute ??= sliceBars(syntheticMinuteBars({ days: 52, start: '2021-03-01', seed: 11 }), 0, 20_000);
  return minute;
}

test('intraday bars above the threshold: two threads, the same names and bits as one thread', () => {
  const bars = minuteBars();
  const one = buildFeatures(bars, { set: 'full', threads: 1 });
  assert.is(featureBuildInfo().threads, 1);
  // the two threads share a queue of families: a worker still starting (first build) may get none, so try again
  let two = buildFeatures(bars, { set: 'full', parallelMinRows: 10_000 });
  for (let k = 0; k < 5 && featureBuildInfo().threads === 1 && !featureBuildInfo().fallback; k++) two = buildFeatures(bars, { set: 'full', parallelMinRows: 10_000 });
  const info = featureBuildInfo();
  assert.is(info.threads, 2, info.fallback);
  assert.ok(info.worker.length > 0 && info.main.length > 0);
  assert.equal([...info.main, ...info.worker].sort(), ['intraday', 'momentum', 'pattern', 'regime', 'statistical', 'trend', 'volatility', 'volume']);
  assertSameBits(one, two);
  assert.ok(two.names.length > 100);
});

test('below the threshold a build stays on one thread', () => {
  buildFeatures(sliceBars(minuteBars(), 0, 3000), { set: 'full', parallelMinRows: 10_000 });
  assert.is(featureBuildInfo().threads, 1);
});

test('daily series forced to two threads: same bits; the build options (volatility level) reach the worker', () => {
  const bars = randomWalk({ n: 1500, seed: 5 });
  assertSameBits(buildFeatures(bars, { set: 'full', threads: 1 }), buildFeatures(bars, { set: 'full', threads: 2 }));
  const o = { set: 'minimal', include: ['vol_level', 'dist_high_20'], exclude: ['rsi_14'], volatility: { source: 'realized' as const, window: 10 } };
  assertSameBits(buildFeatures(bars, { ...o, threads: 1 }), buildFeatures(bars, { ...o, threads: 2 }));
  const pending = dispatch(bars, [['regime']], o.volatility); // this thread takes nothing: the worker builds it
  assert.type(pending, 'object');
  const got = collect(pending as Exclude<typeof pending, string>);
  assert.type(got, 'object');
  const [[name, col]] = (got as Exclude<typeof got, string>).families.get('regime')!.filter(([n]) => n === 'vol_level');
  const one = buildFeatures(bars, { ...o, threads: 1 });
  assertSameBits({ ...one, names: [name], columns: [col] }, { ...one, names: ['vol_level'], columns: [one.columns[one.names.indexOf('vol_level')]] });
});

test('every family alone, in a fresh context, gives the bits of the full one-thread build (so any split does)', () => {
  const bars = minuteBars();
  const full = buildFeatures(bars, { set: 'full', threads: 1 });
  for (const f of Object.keys(FAMILIES) as FeatureFamily[]) {
    const ctx = createContext(bars, { vollevel: () => volatilityLevel(bars).level });
    const cols = FAMILIES[f](ctx);
    const part = { symbol: 'X', dates: bars.dates, names: cols.map((c) => c[0]), columns: cols.map((c) => c[1]) };
    const whole = { ...part, columns: part.names.map((n) => full.columns[full.names.indexOf(n)]) };
    assertSameBits(whole, part);
  }
});

test('an error in the worker is rethrown here with its message', () => {
  const pending = dispatch(minuteBars(), [['trend'], ['no_such_family']], undefined);
  assert.type(pending, 'object');
  assert.throws(() => collect(pending as Exclude<typeof pending, string>), /no_such_family/);
  // the worker survives and serves the next request
  const again = dispatch(minuteBars(), [['volume']], undefined) as Exclude<typeof pending, string>;
  const got = collect(again) as Exclude<ReturnType<typeof collect>, string>;
  assert.equal([...got.families.keys()], ['volume']);
});

test('no worker script (source run under ts-node): one thread, same bits', () => {
  const bars = randomWalk({ n: 800, seed: 9 });
  const one = buildFeatures(bars, { threads: 1 });
  setFeatureWorkerScript(path.join(path.dirname(featureWorkerScript()), 'missing-worker.js'));
  try {
    const two = buildFeatures(bars, { threads: 2 });
    assert.is(featureBuildInfo().threads, 1);
    assert.is(featureBuildInfo().fallback, 'no worker script');
    assertSameBits(one, two);
  } finally {
    setFeatureWorkerScript(undefined);
  }
});

test('a worker that dies holding a family: the caller notices at once and builds it itself, same bits', () => {
  const stub = path.join(tempDir(), 'dying-worker.js');
  fs.writeFileSync(stub, [
    "const { workerData } = require('worker_threads');",
    'const { port, flag } = workerData;',
    'process.on("exit", () => { Atomics.store(flag, 1, 2); Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); });',
    'port.on("message", (req) => { Atomics.add(req.next, 0, 1); throw new Error("boom"); });',
  ].join('\n'));
  const bars = randomWalk({ n: 800, seed: 3 });
  const one = buildFeatures(bars, { threads: 1 });
  setFeatureWorkerScript(stub);
  try {
    const pending = dispatch(bars, [['trend'], ['volume']], undefined) as Exclude<ReturnType<typeof dispatch>, string>;
    const t0 = Date.now();
    assert.is(collect(pending), 'worker exited');
    assert.ok(Date.now() - t0 < 20_000, 'no wait for the timeout');
    // a build whose worker takes the costliest family and dies
    for (let k = 0; k < 3; k++) {
      const two = buildFeatures(bars, { threads: 2 });
      assertSameBits(one, two);
      if (featureBuildInfo().fallback === 'worker exited') break;
    }
    assert.is(featureBuildInfo().threads, 1);
  } finally {
    setFeatureWorkerScript(undefined);
  }
});

test('an idle worker ends after its idle time; the next request starts a fresh one (even with no event-loop turn between)', () => {
  setFeatureWorkerScript(undefined, 50);
  try {
    const bars = randomWalk({ n: 500, seed: 4 });
    const first = collect(dispatch(bars, [['volume']], undefined) as Exclude<ReturnType<typeof dispatch>, string>);
    assert.type(first, 'object');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); // sleep without running this thread's events
    const again = collect(dispatch(bars, [['volume']], undefined) as Exclude<ReturnType<typeof dispatch>, string>);
    assert.type(again, 'object', String(again));
  } finally {
    setFeatureWorkerScript(undefined);
  }
});

test('a process exits promptly after a two-thread build (the worker does not keep it alive)', () => {
  const dist = path.resolve(__dirname, '../../src');
  const code = `const {buildFeatures}=require(${JSON.stringify(path.join(dist, 'features/registry'))});` +
    `const {randomWalk}=require(${JSON.stringify(path.join(dist, 'data/synthetic'))});` +
    `const {collect,dispatch}=require(${JSON.stringify(path.join(dist, 'features/threads'))});` +
    `const bars=randomWalk({n:600});const p=dispatch(bars,[['trend'],['volume']],undefined);const r=collect(p);` +
    `buildFeatures(bars,{threads:2});process.stdout.write(String(r.families.size))`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), '2', JSON.stringify(r.stdout));
});

test.run();
