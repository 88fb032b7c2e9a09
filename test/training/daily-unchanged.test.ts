import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { dailyGoldenDigest, type GoldenDigest } from './daily-golden';
import { tempDir } from '../helpers';

// The pinned digest was produced by the code of main before value tasks landed (see daily-golden.ts); re-pinned
// when calibration started counting overlapping validation labels (h = 7 outputs moved; docs/testing.md).
const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'daily-golden.json'), 'utf8')) as GoldenDigest;

test('a daily binary run writes the same results.json, predictions, comparison and bundles as before value tasks (timings aside)', async () => {
  const now = await dailyGoldenDigest(path.join(__dirname, '..', '..', 'src'), tempDir());
  assert.equal(now.accuracy, pinned.accuracy);
  assert.equal(Object.keys(now.files).sort(), Object.keys(pinned.files).sort());
  for (const [file, digest] of Object.entries(pinned.files)) assert.is(now.files[file], digest, `${file} changed`);
});

test.run();
