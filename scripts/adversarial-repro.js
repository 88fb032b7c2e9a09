#!/usr/bin/env node
// Reproduces adversarial findings 1-7 of issue 15 against a build: node scripts/adversarial-repro.js <repo root>
// (run `npm run build` first; each line prints what a hostile input got: exit code, HTTP status, stored values).
const root = process.argv[2];
const path = require('path'), fs = require('fs'), os = require('os'), net = require('net');
const D = (p) => require(path.join(root, 'dist', p));
const tmp = (p) => fs.mkdtempSync(path.join(os.tmpdir(), p));
async function cli(argv, env = {}) {
  Object.assign(process.env, env);
  const err = [];
  const code = await D('src/cli/main').main(argv, { out: () => {}, err: (s) => err.push(s) });
  return { code, err: err.join('\n').split('\n')[0].slice(0, 140) };
}
function raw(port, method, target, body = '', auth) {
  return new Promise((res) => {
    const s = net.connect(port, '127.0.0.1'); let d = '';
    s.on('data', (c) => { d += c; const m = /^HTTP\/1\.1 (\d+)/.exec(d); if (m) { s.destroy(); res(+m[1]); } });
    s.on('close', () => res(+(/^HTTP\/1\.1 (\d+)/.exec(d) || [0, 0])[1]));
    s.write(`${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${auth ? `Authorization: ${auth}\r\n` : ''}${body ? `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n` : ''}\r\n${body}`);
  });
}
(async () => {
  const home = tmp('wb-m-'); process.env.WORKBENCH_HOME = home;
  const dir = tmp('wb-mcsv-');
  const rows = ['2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,12,10,11.5,2000'];
  fs.writeFileSync(path.join(dir, 'good.csv'), `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'typo.csv'), `Date,Open,High,Low,Close,Volumee\n${rows.join('\n')}\n`);
  await cli(['data', 'import', path.join(dir, 'good.csv'), '--symbol', 'X']);
  const r1 = await cli(['data', 'import', path.join(dir, 'typo.csv'), '--symbol', 'X']);
  const { Store } = D('src/data/store');
  const vol = Array.from((await new Store({}).readBars('X')).volume);
  console.log(`1 import Volumee: exit ${r1.code}, stored volumes ${JSON.stringify(vol)} ${r1.err}`);
  const stub = { module: path.join(root, 'dist/test/server/fixtures/stub-trainer.js'), start: ['runTraining'], resume: ['resumeTraining'] };
  const srv = D('src/server/app').createServer({ port: 0, host: '0.0.0.0', token: 'tok', home: tmp('wb-ms-'), trainer: stub });
  const url = await srv.listen(); const port = +new URL(url).port;
  const codes = [];
  for (const t of ['/api/ml/progressive/status', '/%61pi/ml/progressive/status', 'http://127.0.0.1/api/runs', '/%61pi/ml/progressive/results']) codes.push(`${t} ${await raw(port, 'GET', t)}`);
  console.log(`2 auth without token: ${codes.join('; ')}`);
  const A = 'Bearer tok';
  const post = (b) => raw(port, 'POST', '/api/ml/progressive/start', JSON.stringify(b), A);
  const base = { models: { enabled: ['logistic'] }, horizons: { enabled: [1] }, modes: { progressive: true, unified: false }, runtime: { fast: true } };
  console.log(`3 API tracking.uri=http://127.0.0.1:1/anything/: ${await post({ ...base, tracking: { uri: 'http://127.0.0.1:1/anything/' } })}`);
  try { srv.manager.cancel(); } catch {}
  await new Promise((r) => setTimeout(r, 500));
  const s2 = D('src/server/app').createServer({ port: 0, home: tmp('wb-ms-'), trainer: stub }); const u2 = await s2.listen(); const p2 = +new URL(u2).port;
  const post2 = (b) => raw(p2, 'POST', '/api/ml/progressive/start', JSON.stringify(b));
  console.log(`4 API bootstrap_samples=1e9: ${await post2({ ...base, evaluation: { bootstrap_samples: 1e9 } })}`);
  const s3 = D('src/server/app').createServer({ port: 0, home: tmp('wb-ms-'), trainer: stub }); const u3 = await s3.listen(); const p3 = +new URL(u3).port;
  console.log(`7 API start_date 2015-02-30: ${await raw(p3, 'POST', '/api/ml/progressive/start', JSON.stringify({ ...base, training: { start_date: '2015-02-30' } }))}`);
  const s4 = D('src/server/app').createServer({ port: 0, home: tmp('wb-ms-'), trainer: stub }); const u4 = await s4.listen(); const p4 = +new URL(u4).port;
  console.log(`7 API csv:data/missing.csv: ${await raw(p4, 'POST', '/api/ml/progressive/start', JSON.stringify({ ...base, data: { source: 'csv:data/missing.csv' } }))}`);
  let y = 'models:\n  params:\n    gbdt:\n'; for (let i = 0; i < 20000; i++) y += `      k${i}: 1\n`;
  fs.writeFileSync(path.join(dir, 'big.yaml'), y);
  let t0 = Date.now(); const r5 = await cli(['train', '--config', path.join(dir, 'big.yaml')]);
  console.log(`5 train --config 20k-key YAML: exit ${r5.code} after ${Date.now() - t0} ms ${r5.err}`);
  const r6 = await cli(['train', '--config', dir]);
  console.log(`6 train --config <dir>: exit ${r6.code} ${r6.err}`);
  fs.writeFileSync(path.join(dir, 'alias.yaml'), 'training:\n  seed: *nope\n');
  const r6b = await cli(['train', '--config', path.join(dir, 'alias.yaml')]);
  console.log(`6 undefined YAML alias: exit ${r6b.code} ${r6b.err}`);
  fs.writeFileSync(path.join(dir, 'bad.duckdb'), 'not duckdb\n'.repeat(50));
  const r6c = await cli(['data', 'list', '--store', path.join(dir, 'bad.duckdb')]);
  console.log(`6 non-DuckDB --store: exit ${r6c.code} ${r6c.err}`);
  process.exit(0);
})();
