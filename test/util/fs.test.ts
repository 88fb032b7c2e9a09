import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { replaceDirAtomic, writeFileAtomic, writeJsonAtomic, workbenchHome } from '../../src/util/fs';
import { tempDir } from '../helpers';

test('writeFileAtomic replaces content and leaves no temp files', () => {
  const dir = tempDir();
  const f = path.join(dir, 'sub', 'a.json');
  writeJsonAtomic(f, { a: 1 });
  writeFileAtomic(f, '{"a":2}');
  assert.equal(JSON.parse(fs.readFileSync(f, 'utf8')), { a: 2 });
  assert.equal(fs.readdirSync(path.dirname(f)), ['a.json']);
});

test('replaceDirAtomic swaps a folder whole, and keeps the old one when fill throws', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'ckpt');
  await replaceDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'x'), '1'));
  await replaceDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'y'), '2'));
  assert.equal(fs.readdirSync(target), ['y']);
  let threw = false;
  try {
    await replaceDirAtomic(target, () => {
      throw new Error('disk full');
    });
  } catch (e) {
    threw = /disk full/.test((e as Error).message);
  }
  assert.ok(threw);
  assert.equal(fs.readdirSync(target), ['y']);
  assert.equal(fs.readdirSync(dir), ['ckpt']);
});

test('workbenchHome honours WORKBENCH_HOME', () => {
  const prev = process.env.WORKBENCH_HOME;
  const dir = path.join(tempDir(), 'home');
  process.env.WORKBENCH_HOME = dir;
  try {
    assert.is(workbenchHome(), dir);
    assert.ok(fs.existsSync(dir));
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

test.run();
