import * as fs from 'fs';
import * as path from 'path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';
import { formatViolations, importsOf, LAYERS, layerViolations } from './layers';

const srcRoot = path.join(repoRoot(), 'src');

test('src/ imports only its own layer or lower ones (DESIGN.md layer order)', () => {
  const v = layerViolations(srcRoot);
  assert.is(v.length, 0, `${v.length} upward import(s):\n${formatViolations(v)}`);
});

test('every top-level folder of src/ has a layer', () => {
  const placed = new Set(LAYERS.flat());
  const folders = fs.readdirSync(srcRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.equal(folders.filter((f) => !placed.has(f)), []);
});

function plant(files: Record<string, string>): string {
  const root = path.join(tempDir('wb-test-layers-'), 'src');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('a planted upward import fails; type-only imports, same-layer and downward imports pass', () => {
  const root = plant({
    'index.ts': "export * from './cli/main';\n",
    'util/u.ts': 'export const u = 1;\n',
    'labels/l.ts': 'export const l = 1;\nexport type L = number;\n',
    'live/t.ts': 'export type T = number;\nexport const t = 1;\n',
    'windows/w.ts': "import { l } from '../labels/l';\nexport const w = l;\n",
    'features/ok.ts': [
      "import type { T } from '../live/t';",
      "import { type L } from '../labels/l';",
      "export type { T as T2 } from '../live/t';",
      "import { u } from '../util/u';",
      "import { z } from './z';",
      'export type X = T | L | typeof u | typeof z;',
    ].join('\n'),
    'features/z.ts': 'export const z = 1;\n',
    'features/bad.ts': [
      "import { u } from '../util/u';",
      'import {',
      '  l,',
      "} from '../labels/l';",
      "export { t } from '../live/t';",
      "import { type L, l as l2 } from '../labels/l';",
      "const lazy = require('../live/t');",
      "export const p = import('../live/t');",
      "import * as all from '../index';",
      'export const b = [u, l, l2, lazy, all];',
    ].join('\n'),
  });
  const v = layerViolations(root);
  assert.equal(
    v.map((x) => `${x.file}:${x.line} ${x.specifier}`),
    [
      'features/bad.ts:4 ../labels/l',
      'features/bad.ts:5 ../live/t',
      'features/bad.ts:6 ../labels/l',
      'features/bad.ts:7 ../live/t',
      'features/bad.ts:8 ../live/t',
      'features/bad.ts:9 ../index',
    ],
  );
  assert.match(v[0].reason, /features \(layer 2\) imports labels \(layer 3\), a higher layer/);
  assert.match(formatViolations(v), /^src\/features\/bad\.ts:4: \.\.\/labels\/l — /);
  assert.match(v[5].reason, /public barrel/);
});

test('a folder without a layer is reported, naming where to add it', () => {
  const root = plant({ 'scheduler/pool.ts': 'export const pool = 1;\n', 'cli/run.ts': "import { pool } from '../scheduler/pool';\nexport const r = pool;\n" });
  const v = layerViolations(root);
  assert.is(v.length, 1);
  assert.match(v[0].reason, /src\/scheduler has no layer: add it to LAYERS/);
});

test('importsOf: side-effect imports and `import x = require()` count as value imports', () => {
  const imps = importsOf('x.ts', "import './a';\nimport b = require('./b');\nimport type c = require('./c');\nimport {} from './d';\nimport x from 'pkg';\n");
  assert.equal(
    imps.map((i) => `${i.specifier}:${i.typeOnly}`),
    ['./a:false', './b:false', './c:true', './d:false'],
  );
});

test.run();
