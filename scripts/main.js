#!/usr/bin/env node
'use strict';
// The README's main job, run on the data that ships with the project:
//   1. import the S&P 500 sample into the store (validated; re-running never duplicates rows),
//   2. print its data-quality report and the store's contents,
//   3. render every notebook into reports/<name>.html (+ reports/index.html) with the tslab kernel.
// WORKBENCH_FAST=1 renders the notebooks in fast mode (small data, few epochs).
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('main: the package is not built; run `npm start` (or `npm run build`) first');
  process.exit(1);
}
const { main } = require(entry);

async function step(title, argv) {
  console.log(`\n== ${title}: workbench ${argv.join(' ')}`);
  const code = await main(argv);
  if (code !== 0) {
    console.error(`main: step "${title}" failed with exit code ${code}`);
    process.exit(code);
  }
}

(async () => {
  await step('validate the shipped S&P 500 sample', ['data', 'validate', 'sample:sp500']);
  await step('import it into the store', ['data', 'import', 'sample:sp500', '--symbol', 'SP500']);
  await step('list the store', ['data', 'list']);
  const { spawnSync } = require('child_process');
  if (spawnSync('sh', ['-c', 'command -v jupyter-nbconvert'], { stdio: 'ignore' }).status !== 0) {
    console.error('\nmain: Jupyter is not installed (run `npm start` as root so scripts/setup.sh can install it); skipping the notebook reports');
    return;
  }
  await step('render the notebooks', ['report', ...(process.env.WORKBENCH_FAST === '1' ? ['--fast'] : [])]);
})();
