import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { extractCellError, NotebookError, writeKernelSpec } from '../../src/report/jupyter';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';

test('extractCellError takes the Error line of a tslab runtime error and drops the stack', () => {
  const out = [
    'evalmachine.<anonymous>:3',
    "function f() { throw new RangeError('price must be > 0, received -3'); }",
    '               ^',
    '',
    'RangeError: price must be > 0, received -3',
    '    at f (evalmachine.<anonymous>:3:22)',
    '    at evalmachine.<anonymous>:5:22',
  ].join('\n');
  assert.is(extractCellError(out), 'RangeError: price must be > 0, received -3');
});

test('extractCellError finds a plain Error and a code-tagged Node error', () => {
  assert.is(extractCellError("evalmachine.<anonymous>:2\nthrow new Error('boom');\n^\n\nError: boom\n    at evalmachine.<anonymous>:2:7\n"), 'Error: boom');
  assert.is(extractCellError('TypeError [ERR_INVALID_ARG_TYPE]: bad path\n    at x\n'), 'TypeError [ERR_INVALID_ARG_TYPE]: bad path');
});

test('extractCellError keeps multi-line messages and strips ANSI colours', () => {
  const out = '\u001b[31mInputError: data/a.csv:3: column `close`\nmust be a number\u001b[0m\n    at x (y.js:1:1)\n';
  assert.is(extractCellError(out), 'InputError: data/a.csv:3: column `close`\nmust be a number');
});

test('extractCellError returns TypeScript compile errors whole', () => {
  assert.is(extractCellError("1:7 - Type 'string' is not assignable to type 'number'.\n"), "1:7 - Type 'string' is not assignable to type 'number'.");
});

test('NotebookError names the notebook and the 1-based cell', () => {
  const e = new NotebookError('nb/a.ipynb', 3, 'Error: boom', 'throw 1', 'Error: boom\n    at ...');
  assert.is(e.message, 'nb/a.ipynb: cell 3: Error: boom');
  assert.is(e.cell, 3);
  assert.is(new NotebookError('a.ipynb', undefined, 'kernel died', '', '').message, 'a.ipynb: kernel died');
});

test('writeKernelSpec writes a tslab kernelspec that runs this checkout\'s tslab', () => {
  const dir = tempDir('wb-kspec-');
  assert.is(writeKernelSpec(dir), dir);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'kernels', 'tslab', 'kernel.json'), 'utf8')) as { argv: string[]; language: string };
  assert.equal(spec.argv, [path.join(repoRoot(), 'node_modules', '.bin', 'tslab'), 'kernel', '--config-path', '{connection_file}']);
  assert.is(spec.language, 'typescript');
});

test.run();
