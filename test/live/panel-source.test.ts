/**
 * Serving a universe pipeline's panel bundle with `predict --registry`: the offline synthetic universe
 * (configs/universe-synthetic.yaml, made smaller) through the whole pipeline, its members' bars in the store,
 * then the served P(up) of one symbol on the last validated date against the pipeline's evaluation there.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { predictCommand } from '../../src/cli/predict';
import { loadConfig } from '../../src/config/load';
import type { Bars } from '../../src/data/bars';
import { Store } from '../../src/data/store';
import { registryModelSource } from '../../src/live/registry-source';
import { listModelVersions, transitionModelVersionStage } from '../../src/tracking/model-registry';
import { loadBundle } from '../../src/training/bundle';
import { fittedFrom, predictOnRows } from '../../src/training/fit';
import { panelAccuracy, predictPanel } from '../../src/universe/direction';
import type { Universe } from '../../src/universe/members';
import { pipelineConfig, pipelinePanel, runPipeline } from '../../src/universe/pipeline';
import { splitPanelByDate } from '../../src/universe/split';
import { dayToIso } from '../../src/util/dates';
import { repoRoot } from '../../src/util/fs';
import { Scaler } from '../../src/windows/scalers';
import { runCommand } from '../cli/run-command';
import { assertClose, tempDir } from '../helpers';

const home = tempDir('wb-panel-');
const dir = path.join(home, 'pipelines', 'syn');
const storePath = path.join(home, 'store.duckdb');
const cfg = loadConfig(path.join(repoRoot(), 'configs', 'universe-synthetic.yaml'));
// smaller than the shipped config: 8 equities × 500 days, one model per unit kind, no leave-symbols-out
cfg.data.universe!.synthetic = { ...cfg.data.universe!.synthetic, symbols: 8, days: 500 };
cfg.pipeline = { ...pipelineConfig(cfg), direction_models: ['gbdt'], volatility_models: ['garch'], holdout_fraction: 0 };

let universe: Universe;
let symbol = '';
let lastDay = 0;
let evaluated = NaN;

function snapshot(): Universe {
  const doc = JSON.parse(fs.readFileSync(path.join(dir, 'ingest', 'universe.json'), 'utf8')) as { members: Universe['members']; bars: Record<string, Record<string, number[]>> };
  const bars: Record<string, Bars> = {};
  for (const [s, b] of Object.entries(doc.bars)) {
    bars[s] = { symbol: s, dates: Int32Array.from(b.dates), open: Float64Array.from(b.open), high: Float64Array.from(b.high), low: Float64Array.from(b.low), close: Float64Array.from(b.close), volume: Float64Array.from(b.volume) };
  }
  return { members: doc.members, bars };
}

/** Every member's bars up to `day` (inclusive) into the store. */
async function storeUpTo(day: number): Promise<void> {
  const store = new Store({ path: storePath });
  for (const m of universe.members) {
    const b = universe.bars[m.symbol];
    let n = 0;
    while (n < b.dates.length && b.dates[n] <= day) n++;
    const cut = { symbol: m.symbol, dates: b.dates.slice(0, n), open: b.open.slice(0, n), high: b.high.slice(0, n), low: b.low.slice(0, n), close: b.close.slice(0, n), volume: b.volume.slice(0, n) };
    await store.upsertBars(cut, { source: 'test' });
  }
}

test.before(async () => {
  await runPipeline(cfg, { stage: 'full', dir, home, storePath });
  universe = snapshot();
  // the pipeline's evaluation: its panel and split, the deployed model; the accuracy it reported is reproduced
  const panel = pipelinePanel(cfg, universe);
  const p = pipelineConfig(cfg);
  const split = splitPanelByDate(panel, 'h1', { trainFraction: p.train_fraction, validationFraction: p.validation_fraction });
  const bundle = await loadBundle(path.join(dir, 'models', 'direction_gbdt'));
  const spec = { model: bundle.meta.model, settings: { task: bundle.meta.task, epochs: 0, epochsPerIteration: 0, batchSize: 0, seed: 0, params: {} }, keys: ['h1'], scalerKind: bundle.meta.scaler.kind };
  const fitted = fittedFrom(panel.prep, spec, bundle.model, Scaler.fromJSON(bundle.meta.scaler, { clip: 10 }));
  const reported = JSON.parse(fs.readFileSync(path.join(dir, 'metrics', 'direction_gbdt.json'), 'utf8')).metrics.value as number;
  assertClose(panelAccuracy(panel, await predictPanel(panel, fitted, split.test), split.train).accuracy, reported, 1e-12);
  const k = panel.members.findIndex((m) => m.assetClass === 'equity');
  symbol = panel.members[k].symbol;
  const row = split.test.filter((r) => panel.symbolOf[r] === k).reduce((a, b) => Math.max(a, b), -1);
  lastDay = panel.prep.frame.dates[row];
  const { proba, classes } = await predictOnRows(panel.prep, fitted, [row], 'h1');
  evaluated = proba[classes - 1];
  bundle.model.dispose?.();
  await storeUpTo(lastDay);
  // units that did not meet seed 003's thresholds stay out of Production: promote them as a user would
  for (const v of await listModelVersions(undefined, { home, storePath })) {
    if (v.stage !== 'Production') await transitionModelVersionStage(v.name, v.version, 'Production', { home, storePath });
  }
});

test('registry source: the served P(up) on the last validated date equals the pipeline-evaluated one (1e-6)', async () => {
  const src = registryModelSource({ home, storePath, template: 'direction_gbdt' });
  const m = await src.resolve(symbol, 1);
  assert.ok(m, 'direction_gbdt resolves');
  const bars = await new Store({ path: storePath }).readBars(symbol);
  assert.is(dayToIso(bars.dates[bars.dates.length - 1]), dayToIso(lastDay));
  const served = await m!.probUp(bars, [bars.dates.length - 1]);
  assertClose(served[0], evaluated, 1e-6);
  assert.ok(evaluated > 0 && evaluated < 1);
  m!.dispose();
});

test('predict --registry --template direction_gbdt: exit 0, p_model = the evaluated P(up); a member missing from the store → exit 2 naming it', async () => {
  const prev = process.env.WORKBENCH_HOME;
  process.env.WORKBENCH_HOME = home;
  try {
    const r = await runCommand(predictCommand, ['--registry', '--template', 'direction_gbdt', '--symbols', symbol, '--store', storePath, '--json']);
    assert.is(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { predictions: Array<{ symbol: string; madeOn: string; signals: Record<string, number> }> };
    assert.is(out.predictions.length, 1);
    assert.is(out.predictions[0].madeOn, dayToIso(lastDay));
    assertClose(out.predictions[0].signals.p_model, evaluated, 1e-6);
    const regime = await runCommand(predictCommand, ['--registry', '--template', 'regime_random_forest', '--symbols', symbol, '--store', storePath]);
    assert.is(regime.code, 2);
    assert.match(regime.err, /direction unit of the universe pipeline/);
    const gone = universe.members.find((m) => m.assetClass === 'index')!.symbol;
    await new Store({ path: storePath }).deleteSymbol(gone);
    const missing = await runCommand(predictCommand, ['--registry', '--template', 'direction_gbdt', '--symbols', symbol, '--store', storePath]);
    assert.is(missing.code, 2);
    assert.match(missing.err, new RegExp(`universe member.*missing ${gone.replace(/\^/g, '\\^')}`));
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

test.run();
