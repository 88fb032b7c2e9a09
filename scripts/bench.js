#!/usr/bin/env node
'use strict';
// Runs the benchmarks compiled from bench/*.bench.ts, each in its own process so peak RSS is its own.
// Prints one JSON object per line: {"bench","metric","value","unit","peakRssMb", ...extra}.
// Usage: npm run bench [-- <name filter>]   (substring match on the bench name)
const { spawnSync } = require('child_process');
const path = require('path');
const fs = require('fs');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'dist', 'bench');
const filter = process.argv[2] || '';
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort() : [];
let failures = 0;
let ran = 0;
for (const f of files) {
  const mod = require(path.join(dir, f));
  for (const b of mod.benches || []) {
    if (filter && !b.name.includes(filter)) continue;
    ran++;
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', path.join(__dirname, 'bench-one.js'), path.join(dir, f), b.name], {
      cwd: root,
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) {
      failures++;
      console.log(JSON.stringify({ bench: b.name, error: `exit code ${r.status}` }));
    }
  }
}
if (ran === 0) console.error(`bench: no benchmark matches "${filter}"`);
process.exit(failures ? 1 : 0);
