#!/usr/bin/env node
'use strict';
// Runs the compiled uvu suites in dist/test (built by `npm run build`) with a fixed time zone,
// then prints one closing line "tests: N passed, N failed" that CI reads.
// Usage: node scripts/test.js [file-pattern]   e.g. node scripts/test.js data/
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'dist', 'test');
if (!fs.existsSync(dir)) {
  console.error('scripts/test.js: dist/test is missing; run `npm run build` first');
  process.exit(1);
}
const filter = process.argv[2];
const pattern = filter ? `${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}.*\\.test\\.js$` : '\\.test\\.js$';
const env = { ...process.env, TZ: 'UTC', WORKBENCH_TEST: '1', FORCE_COLOR: '0' };
const child = spawn(process.execPath, [path.join(root, 'node_modules', 'uvu', 'bin.js'), dir, pattern], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  out += chunk.toString();
  if (out.length > 200000) out = out.slice(-20000);
});
child.on('close', (code) => {
  const total = /Total:\s+(\d+)/.exec(out);
  const passed = /Passed:\s+(\d+)/.exec(out);
  const skipped = /Skipped:\s+(\d+)/.exec(out);
  if (total && passed) {
    const t = +total[1];
    const p = +passed[1];
    const s = skipped ? +skipped[1] : 0;
    const failed = Math.max(0, t - p - s) || (code !== 0 ? 1 : 0);
    console.log(`tests: ${p} passed, ${failed} failed${s ? `, ${s} skipped` : ''}`);
  } else {
    console.log(`tests: 0 passed, 1 failed`);
    console.error('scripts/test.js: the test runner printed no totals (a suite crashed while loading?)');
    code = code || 1;
  }
  process.exit(code === null ? 1 : code);
});
