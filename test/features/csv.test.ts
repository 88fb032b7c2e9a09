import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FeatureFrame } from '../../src/features/frame';
import { frameToCsv } from '../../src/features/csv';

const frame: FeatureFrame = { symbol: 'T', dates: new Int32Array([10959, 10960, 10961]), names: ['a', 'b'], columns: [new Float64Array([NaN, 0.1 + 0.2, -1e-17]), new Float64Array([1, 2, 3])] };

test('CSV: ISO dates, empty cells for NaN, numbers unrounded (shortest round trip)', () => {
  assert.is(frameToCsv(frame), 'date,a,b\n2000-01-03,,1\n2000-01-04,0.30000000000000004,2\n2000-01-05,-1e-17,3\n');
});

test('CSV: extra columns and a row range', () => {
  assert.is(frameToCsv(frame, { extra: [['y', [1, NaN, 0]]], fromRow: 1, toRow: 1 }), 'date,a,b,y\n2000-01-04,0.30000000000000004,2,\n');
  assert.throws(() => frameToCsv(frame, { extra: [['a', [1, 2, 3]]] }), /distinct from the feature names.*"a"/);
  assert.throws(() => frameToCsv(frame, { extra: [['y', [1]]] }), /extra\.y.*3 rows.*received 1/);
});

test.run();
