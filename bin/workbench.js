#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from src/cli into dist/src/cli.
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('workbench: the package is not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(entry).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`workbench: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1; },
);
