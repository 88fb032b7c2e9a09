import { spawnSync } from 'child_process';
import * as path from 'path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceBars, type Bars } from '../../src/data/bars';
import { syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { randomWalk } from '../../src/data/synthetic';
import { createContext } from '../../src/features/context';
import type { FeatureFrame } from '../../src/features/frame';
import { volatilityLevel } from '../../src/features/regime';
import { buildFeatures, FAMILIES, FEATURE_SETS, registerFeatureSet, type FeatureFamily } from '../../src/features/registry';
import { collect, dispatch, featureBuildInfo, featureWorkerScript, setFeatureWorkerScript, splitFamilies, threadCount } from '../../src/features/threads';

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
  const two = buildFeatures(bars, { set: 'full', parallelMinRows: 10_000 });
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

test('daily series forced to two threads: the build options (volatility level, include, exclude) reach the worker', () => {
  const bars = randomWalk({ n: 1500, seed: 5 });
  registerFeatureSet('threads-test', { description: 'volume and regime', families: ['volume', 'regime'] });
  const o = { set: 'threads-test', volatility: { source: 'realized' as const, window: 10 }, include: ['dist_high_20'], exclude: ['obv'] };
  const one = buildFeatures(bars, { ...o, threads: 1 });
  const two = buildFeatures(bars, { ...o, threads: 2 });
  delete FEATURE_SETS['threads-test'];
  assert.ok(featureBuildInfo().worker.includes('regime'), 'the regime family runs in the worker');
  assertSameBits(one, two);
  assert.ok(two.names.includes('dist_high_20') && !two.names.includes('dist_low_20'));
  assert.not.ok(two.names.includes('obv'));
  assertSameBits(buildFeatures(bars, { set: 'full', threads: 1 }), buildFeatures(bars, { set: 'full', threads: 2 }));
  const cols = { set: 'minimal', include: ['regime'] };
  assertSameBits(buildFeatures(bars, { ...cols, threads: 1 }), buildFeatures(bars, { ...cols, threads: 2 }));
  assert.is(featureBuildInfo().threads, 2);
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
  const pending = dispatch(minuteBars(), ['trend', 'no_such_family'], undefined);
  assert.type(pending, 'object');
  assert.throws(() => collect(pending as Exclude<typeof pending, string>), /no_such_family/);
  // the worker survives and serves the next build
  buildFeatures(minuteBars(), { set: 'technical', threads: 2 });
  assert.is(featureBuildInfo().threads, 2);
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

test('thread count: option, WORKBENCH_FEATURE_THREADS, threshold; bad values named', () => {
  const env = process.env.WORKBENCH_FEATURE_THREADS;
  try {
    delete process.env.WORKBENCH_FEATURE_THREADS;
    assert.is(threadCount(300_000, 8, {}), 2);
    assert.is(threadCount(199_999, 8, {}), 1);
    assert.is(threadCount(300_000, 1, { threads: 2 }), 1);
    assert.is(threadCount(10, 8, { threads: 2 }), 2);
    process.env.WORKBENCH_FEATURE_THREADS = '1';
    assert.is(threadCount(300_000, 8, {}), 1);
    assert.is(threadCount(300_000, 8, { threads: 2 }), 2);
    process.env.WORKBENCH_FEATURE_THREADS = 'many';
    assert.throws(() => threadCount(300_000, 8, {}), /WORKBENCH_FEATURE_THREADS.*1 or 2.*"many"/);
    assert.throws(() => buildFeatures(minuteBars(), { threads: 3 as 2 }), /features\.threads.*1 or 2.*3/);
  } finally {
    if (env === undefined) delete process.env.WORKBENCH_FEATURE_THREADS;
    else process.env.WORKBENCH_FEATURE_THREADS = env;
  }
});

test('split: both groups non-empty, every family once; the cheaper side stays on this thread', () => {
  const fams = ['trend', 'momentum', 'volatility', 'volume', 'pattern', 'statistical', 'regime', 'intraday'];
  const [a, b] = splitFamilies(fams);
  assert.ok(a.length > 0 && b.length > 0);
  assert.equal([...a, ...b].sort(), fams.slice().sort());
  assert.equal(splitFamilies(['trend']), [['trend'], []]);
  assert.equal(splitFamilies(['volume', 'trend']), [['volume'], ['trend']]);
});

test('a process exits promptly after a two-thread build (the worker does not keep it alive)', () => {
  const dist = path.resolve(__dirname, '../../src');
  const code = `const {buildFeatures}=require(${JSON.stringify(path.join(dist, 'features/registry'))});` +
    `const {randomWalk}=require(${JSON.stringify(path.join(dist, 'data/synthetic'))});` +
    `const {featureBuildInfo}=require(${JSON.stringify(path.join(dist, 'features/threads'))});` +
    `buildFeatures(randomWalk({n:600}),{threads:2});process.stdout.write(String(featureBuildInfo().threads))`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), '2', JSON.stringify(r.stdout));
});

test.run();
