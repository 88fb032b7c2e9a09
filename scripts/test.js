#!/usr/bin/env node
'use strict';
// Runs the compiled uvu suites in dist/test (built by `npm run build`) with a fixed time zone, then
//  - checks that the tests left nothing in the temp dir: the suites (and every process they spawn) run with
//    TMPDIR set to a fresh private folder; whatever is still in it afterwards is listed and fails the run;
//  - on a full run, reports line / branch / function coverage of src/ (V8 coverage of every process, mapped
//    through the source maps tsc emits to src/**/*.ts; written to coverage/coverage-summary.json);
//  - prints one closing line "tests: N passed, N failed" that CI reads, always the last line.
// Usage: node scripts/test.js [file-pattern] [--coverage | --no-coverage]
//   e.g. node scripts/test.js data/        (a filtered run skips coverage unless --coverage)
// WORKBENCH_COVERAGE=0 turns coverage off for a full run as well.
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');
const fs = require('fs');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'dist', 'test');
if (!fs.existsSync(dir)) {
  console.error('scripts/test.js: dist/test is missing; run `npm run build` first');
  process.exit(1);
}
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--'));
const coverage = args.includes('--coverage') || (!filter && !args.includes('--no-coverage') && process.env.WORKBENCH_COVERAGE !== '0');
const pattern = filter ? `${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}.*\\.test\\.js$` : '\\.test\\.js$';

// A short private temp folder (short: unix socket paths under it must stay below ~100 characters).
const outerTmp = os.tmpdir();
const tmp = fs.mkdtempSync(path.join(outerTmp, 'wbt-'));
const covDir = path.join(root, 'coverage', 'tmp');
const env = { ...process.env, TZ: 'UTC', WORKBENCH_TEST: '1', FORCE_COLOR: '0', TMPDIR: tmp, TMP: tmp, TEMP: tmp };
delete env.NODE_V8_COVERAGE;
if (coverage) {
  fs.rmSync(covDir, { recursive: true, force: true });
  fs.mkdirSync(covDir, { recursive: true });
  env.NODE_V8_COVERAGE = covDir;
}

const child = spawn(process.execPath, [path.join(root, 'node_modules', 'uvu', 'bin.js'), dir, pattern], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Ctrl-C / kill: let the suites stop, then still clean the temp folder and print the closing line.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
let out = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  out += chunk.toString();
  if (out.length > 200000) out = out.slice(-20000);
});
child.on('close', (code) => {
  void finish(code).catch((e) => {
    console.error(`scripts/test.js: ${e.stack || e}`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  });
});

/** Lists what the run left in the private temp folder, removes the folder, and returns the count. */
function tempLeftovers() {
  let entries = [];
  try {
    entries = fs.readdirSync(tmp);
  } catch {
    return 0;
  }
  if (entries.length) {
    let bytes = 0;
    const du = (p) => {
      const st = fs.lstatSync(p);
      if (st.isDirectory()) for (const e of fs.readdirSync(p)) du(path.join(p, e));
      else bytes += st.size;
    };
    try {
      du(tmp);
    } catch {
      // sizes are informative only
    }
    const byPrefix = new Map();
    for (const e of entries) {
      const key = e.replace(/[A-Za-z0-9]{6}$/, '*');
      byPrefix.set(key, (byPrefix.get(key) || 0) + 1);
    }
    const list = [...byPrefix].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`);
    console.error(
      `scripts/test.js: the tests left ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${(bytes / 1e6).toFixed(1)} MB) in the temp dir: ${list.join(', ')}` +
        '\n  create temp folders with tempDir() of test/helpers.ts (removed at exit) or remove them in the test',
    );
  }
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  return entries.length;
}

/** Reads the V8 coverage of the run, writes coverage/coverage-summary.json and prints totals per src folder. */
async function coverageReport() {
  const { Report } = require('c8');
  const libCoverage = require(require.resolve('istanbul-lib-coverage', { paths: [path.dirname(require.resolve('c8'))] }));
  const report = new Report({
    include: ['dist/src/**/*.js'],
    exclude: [],
    extension: ['.js'],
    reporter: ['json-summary'],
    reportsDirectory: path.join(root, 'coverage'),
    tempDirectory: covDir,
    resolve: root,
    src: [path.join(root, 'dist', 'src')],
    all: true,
    excludeNodeModules: true,
    mergeAsync: true,
  });
  const saved = process.cwd();
  process.chdir(root); // test-exclude matches relative to the working directory
  try {
    await report.run();
    const map = await report.getCoverageMapFromAllCoverageFiles();
    const total = libCoverage.createCoverageSummary();
    const folders = new Map();
    const srcRoot = path.join(root, 'src');
    for (const file of map.files()) {
      const rel = path.relative(srcRoot, file);
      if (rel.startsWith('..')) continue;
      const parts = rel.split(path.sep);
      const folder = `src/${parts[0]}`;
      const s = map.fileCoverageFor(file).toSummary();
      total.merge(s);
      if (!folders.has(folder)) folders.set(folder, libCoverage.createCoverageSummary());
      folders.get(folder).merge(s);
    }
    const pct = (m) => (m.total ? `${m.pct.toFixed(1).padStart(5)} %` : '    - ');
    const row = (name, s) => `  ${name.padEnd(16)} ${pct(s.lines)}  ${pct(s.branches)}  ${pct(s.functions)}`;
    console.log('\ncoverage of src/ (V8, mapped to the .ts sources; coverage/coverage-summary.json)');
    console.log(`  ${'folder'.padEnd(16)}   lines  branches  functions`);
    for (const name of [...folders.keys()].sort()) console.log(row(name, folders.get(name)));
    console.log(row('total', total));
    console.log(
      `coverage: lines ${total.lines.pct.toFixed(1)} %, branches ${total.branches.pct.toFixed(1)} %, functions ${total.functions.pct.toFixed(1)} %`,
    );
  } finally {
    process.chdir(saved);
    fs.rmSync(covDir, { recursive: true, force: true });
  }
}

async function finish(code) {
  const total = /Total:\s+(\d+)/.exec(out);
  const passed = /Passed:\s+(\d+)/.exec(out);
  const skipped = /Skipped:\s+(\d+)/.exec(out);
  const left = tempLeftovers();
  if (coverage) {
    try {
      await coverageReport();
    } catch (e) {
      console.error(`scripts/test.js: coverage report failed: ${e.stack || e}`);
    }
  }
  if (left) console.log(`temp: ${left} entries left in the temp dir by the tests (counted as 1 failed check)`);
  if (total && passed) {
    const t = +total[1];
    const p = +passed[1];
    const s = skipped ? +skipped[1] : 0;
    const failed = (Math.max(0, t - p - s) || (code !== 0 ? 1 : 0)) + (left ? 1 : 0);
    console.log(`tests: ${p} passed, ${failed} failed${s ? `, ${s} skipped` : ''}`);
    if (left && !code) code = 1;
  } else {
    console.log(`tests: 0 passed, 1 failed`);
    console.error('scripts/test.js: the test runner printed no totals (a suite crashed while loading?)');
    code = code || 1;
  }
  process.exit(code === null ? 1 : code);
}
