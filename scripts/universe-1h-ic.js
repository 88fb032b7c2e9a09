#!/usr/bin/env node
'use strict';
// The figure of docs/universe.md "Intraday (1h) universes": out-of-sample rank IC of a pooled gbdt on the
// synthetic 1h panel (16 equities x 126 sessions) with the planted reversal and without it — the same setup as
// test/universe/intraday.test.ts. Needs `npm run build` first. Usage: node scripts/universe-1h-ic.js
const path = require('path');
const dist = path.join(__dirname, '..', 'dist', 'src');
const { syntheticIntradayPanel } = require(path.join(dist, 'data', 'panel-intraday'));
const { fitPanelModel, panelIc, predictPanel } = require(path.join(dist, 'universe', 'direction'));
const { preparePanel } = require(path.join(dist, 'universe', 'panel'));
const { splitPanelByDate } = require(path.join(dist, 'universe', 'split'));

const settings = { task: 'binary', epochs: 1, epochsPerIteration: 1, batchSize: 256, seed: 42, params: { gbdt: { nRounds: 40, maxDepth: 3 } } };

(async () => {
  for (const signal of [0.2, 0]) {
    const p = syntheticIntradayPanel({ seed: 5, symbols: 16, days: 126, signal });
    const panel = preparePanel({ members: p.members, bars: p.bars }, { featureSet: 'minimal', horizons: [1], steps: 1, task: 'binary', pool: ['equity'] });
    const s = splitPanelByDate(panel, 'h1', { trainFraction: 0.6, validationFraction: 0.1 });
    const { fitted } = await fitPanelModel(panel, s, { model: 'gbdt', settings });
    const r = panelIc(panel, await predictPanel(panel, fitted, s.test)).rankIc;
    console.log(`signal ${signal}: rank IC ${r.mean.toFixed(3)} (t ${r.tStat.toFixed(2)}, se ${r.se.toFixed(3)}, chance band ±${r.chanceBand[1].toFixed(3)}, n ${r.dates} test instants x ${r.meanSymbols} symbols, ${s.test.length} rows)`);
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
