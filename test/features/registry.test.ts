import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomWalk } from '../../src/data/synthetic';
import { buildFeatures, FEATURE_SETS, featureCatalog, featureNames, registerFeatureSet } from '../../src/features/registry';
import { column, firstCompleteRow, frameToDataset, frameToMatrix, selectColumns } from '../../src/features/frame';

const bars = randomWalk({ n: 320, seed: 11 });

test('the full set has 70+ columns in seven families, unique names', () => {
  const names = featureNames('full');
  assert.ok(names.length >= 70, `only ${names.length} columns`);
  assert.is(new Set(names).size, names.length);
  const fams = new Set(featureCatalog().map((c) => c.family));
  assert.equal([...fams].sort(), ['momentum', 'pattern', 'regime', 'statistical', 'trend', 'volatility', 'volume']);
});

test('minimal and technical are subsets of full, in a stable order', () => {
  const full = new Set(featureNames('full'));
  for (const set of ['minimal', 'technical']) for (const n of featureNames(set)) assert.ok(full.has(n), `${set}: ${n}`);
  assert.equal(featureNames('minimal'), FEATURE_SETS.minimal.columns);
});

test('buildFeatures: columns as long as the bars, frame shares the bars dates', () => {
  const f = buildFeatures(bars, { set: 'technical' });
  assert.is(f.dates, bars.dates);
  assert.is(f.names.length, f.columns.length);
  for (const c of f.columns) assert.is(c.length, 320);
});

test('include adds and exclude drops columns; unknown names and sets are input errors', () => {
  const f = buildFeatures(bars, { set: 'minimal', include: ['obv', 'regime'], exclude: ['rsi_14'] });
  assert.ok(f.names.includes('obv'));
  assert.ok(f.names.includes('regime'));
  assert.not.ok(f.names.includes('rsi_14'));
  assert.throws(() => buildFeatures(bars, { set: 'huge' }), /features\.set.*one of minimal, technical, full.*"huge"/);
  assert.throws(() => buildFeatures(bars, { set: 'minimal', include: ['rsi_99'] }), /known feature column.*"rsi_99"/);
  assert.throws(() => buildFeatures(bars, { set: 'minimal', exclude: ['nope'] }), /known feature column.*"nope"/);
});

test('registerFeatureSet adds a named set usable by configs', () => {
  registerFeatureSet('tiny_test', { description: 'two columns', columns: ['rsi_14', 'log_ret_1'] });
  assert.equal(buildFeatures(bars, { set: 'tiny_test' }).names, ['rsi_14', 'log_ret_1']);
  assert.throws(() => registerFeatureSet('bad', { description: 'x', families: ['astrology' as 'trend'] }), /families among trend.*"astrology"/);
});

test('frameToMatrix / frameToDataset: row-major Float32 rows with dates and targets', () => {
  const f = selectColumns(buildFeatures(bars, { set: 'full' }), ['log_ret_1', 'sma_5']);
  const { x, shape } = frameToMatrix(f, { rows: [10, 12] });
  assert.equal(shape, [2, 2]);
  assert.is(x[0], Math.fround(column(f, 'log_ret_1')[10]));
  assert.is(x[3], Math.fround(column(f, 'sma_5')[12]));
  const y = new Float64Array(320).map((_, i) => i % 2);
  const ds = frameToDataset(f, { rows: [11, 12], y, targets: { h7: y } });
  assert.equal(Array.from(ds.y!), [1, 0]);
  assert.equal(Array.from(ds.dates!), [bars.dates[11], bars.dates[12]]);
  assert.equal(ds.featureNames, ['log_ret_1', 'sma_5']);
  assert.throws(() => frameToMatrix(f, { rows: [400] }), /row indices in \[0, 320\).*400/);
  assert.throws(() => frameToDataset(f, { y: [1, 2] }), /as long as the frame \(320 rows\).*2 values/);
  assert.throws(() => column(f, 'zzz'), /feature names.*"zzz"/);
});

test('firstCompleteRow is the first row past every warm-up', () => {
  const f = buildFeatures(bars, { set: 'minimal' });
  const r = firstCompleteRow(f);
  assert.ok(r >= 49 && r < 60, `row ${r}`);
  for (const c of f.columns) assert.ok(!Number.isNaN(c[r]));
});

test.run();
