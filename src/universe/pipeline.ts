/**
 * The seed-003 one-time training pipeline on a universe (`workbench pipeline`): ingest → features → train →
 * validate → deploy, each stage resumable through state.json (see state.ts). Outputs under the pipeline
 * folder: `ingest/universe.json` (members + bars) and `ingest/quality.json`, `features/summary.json`,
 * `models/<unit>/` (bundles), `metrics/<unit>.json`, `validation.json`, `deploy.json`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { configHash } from '../config/load';
import type { WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import type { TrainProgress } from '../models/types';
import type { ModelSettings } from '../training/models';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';
import { checkUniverse, loadUniverse, type Universe } from './members';
import { preparePanel, type PanelData } from './panel';
import { universeQuality } from './quality';
import { saveUnit, deployUnits, validateUnits, type PipelineConfig } from './pipeline-steps';
import { splitPanelByDate } from './split';
import { PIPELINE_STAGES, readPipelineState, stagesToRun, testKillPoint, writePipelineState, type PipelineStage } from './state';
import { directionUnit, regimeUnit, type UnitResult } from './units';
import { garchUnit, lstmVolUnit } from './volatility';

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions {
  /** `full` or one stage. */
  stage: string;
  /** Pipeline folder. */
  dir: string;
  /** Folder relative universe paths are resolved against. */
  baseDir?: string;
  /** Registry home and tracking store (default workbenchHome()). */
  home?: string;
  storePath?: string;
  /** Called once with the number of train units planned. */
  onPlan?: (units: number) => void;
  onProgress?: (e: TrainProgress) => void;
  /** Lines for the user (stage summaries). */
  log?: (line: string) => void;
}

/** The resolved pipeline section (defaults filled in). */
export function pipelineConfig(cfg: WorkbenchConfig): PipelineConfig {
  return {
    name: undefined,
    train_fraction: 0.8,
    validation_fraction: 0.1,
    direction_models: ['gbdt', 'lstm'],
    volatility_models: ['garch', 'lstm_vol'],
    regime_model: 'random_forest',
    vol_window: 20,
    holdout_fraction: 0.2,
    direction_target: 0.55,
    regime_target: 0.7,
    version: '1.0',
    ...(cfg.pipeline ?? {}),
  };
}

function snapshotBars(b: Bars): Record<string, unknown> {
  const out: Record<string, unknown> = { dates: Array.from(b.dates), open: Array.from(b.open), high: Array.from(b.high), low: Array.from(b.low), close: Array.from(b.close), volume: Array.from(b.volume) };
  // intraday members keep their instants, timeframe and exchange (daily snapshots are unchanged)
  if (b.times) Object.assign(out, { times: Array.from(b.times), timeframe: b.timeframe, exchange: b.exchange });
  return out;
}

function readSnapshot(dir: string): Universe {
  type Snap = Record<'dates' | 'open' | 'high' | 'low' | 'close' | 'volume', number[]> & { times?: number[]; timeframe?: Bars['timeframe']; exchange?: string };
  const doc = JSON.parse(fs.readFileSync(path.join(dir, 'ingest', 'universe.json'), 'utf8')) as { members: Universe['members']; bars: Record<string, Snap>; truth?: Universe['truth'] };
  const bars: Record<string, Bars> = {};
  for (const [s, b] of Object.entries(doc.bars)) {
    bars[s] = { symbol: s, dates: Int32Array.from(b.dates), open: Float64Array.from(b.open), high: Float64Array.from(b.high), low: Float64Array.from(b.low), close: Float64Array.from(b.close), volume: Float64Array.from(b.volume) };
    if (b.times) Object.assign(bars[s], { times: Float64Array.from(b.times), timeframe: b.timeframe, exchange: b.exchange });
  }
  return { members: doc.members, bars, ...(doc.truth ? { truth: doc.truth } : {}) };
}

/** Panel of the pipeline (direction task: ternary ±neutral band, sequence length from the config). */
export function pipelinePanel(cfg: WorkbenchConfig, u: Universe): PanelData {
  return preparePanel(u, { featureSet: cfg.features.set, horizons: [1], steps: cfg.features.sequence_length, task: 'ternary', neutralBand: cfg.horizons.neutral_band });
}

/** Train units of a config, in order. */
export function trainUnits(p: PipelineConfig): string[] {
  return [...p.direction_models.map((m) => `direction_${m}`), ...p.volatility_models.map((m) => `volatility_${m}`), `regime_${p.regime_model}`];
}

/**
 * Runs pipeline stages (skipping those already done for the same config).
 * @param cfg configuration with `data.universe`
 * @param options stage, folder, progress
 * @returns the stages run
 * @throws InputError for a config without a universe, bad universe input (before anything is trained)
 */
export async function runPipeline(cfg: WorkbenchConfig, options: RunPipelineOptions): Promise<PipelineStage[]> {
  const spec = cfg.data.universe;
  if (!spec) throw inputError({ key: 'data.universe' }, 'a universe for the pipeline (see configs/universe-synthetic.yaml)', 'none');
  const p = pipelineConfig(cfg);
  const log = options.log ?? (() => undefined);
  const dir = options.dir;
  fs.mkdirSync(dir, { recursive: true });
  const hash = configHash(cfg);
  const state = readPipelineState(dir, hash);
  const stages = stagesToRun(options.stage, state);
  const intraday = cfg.data.timeframe && cfg.data.timeframe !== '1d' ? cfg.data.timeframe : undefined;
  // serving a panel bundle (live/panel-source.ts) reads daily bars: an intraday pipeline stops before deploy
  if (intraday && stages.includes('deploy')) {
    throw inputError({ key: 'data.timeframe' }, `data.timeframe 1d for --stage ${options.stage} (it deploys, and panel bundles are served on daily bars only; on intraday bars run --stage ingest, features, train and validate)`, intraday);
  }
  let universe: Universe | undefined;
  let panel: PanelData | undefined;
  const getPanel = (): PanelData => (panel ??= pipelinePanel(cfg, (universe ??= readSnapshot(dir))));
  const redeploy = state.stages.deploy !== undefined;
  for (const stage of stages) {
    if (state.stages[stage]) {
      // rerunning a finished stage: it and every later stage start over (their outputs would be stale)
      const at = PIPELINE_STAGES.indexOf(stage);
      for (const later of PIPELINE_STAGES.slice(at)) delete state.stages[later];
      if (at <= PIPELINE_STAGES.indexOf('train')) state.units = {};
      writePipelineState(dir, state);
      fs.rmSync(path.join(dir, 'deploy.json'), { force: true });
    }
    if (stage === 'ingest') {
      const u = await loadUniverse(spec, { baseDir: options.baseDir, storePath: options.storePath, seed: cfg.training.seed, ...(intraday ? { timeframe: intraday, ...(cfg.data.zone ? { zone: cfg.data.zone } : {}) } : {}) });
      checkUniverse(u, spec.min_history);
      const q = universeQuality(u, spec.max_missing);
      if (!q.ok) {
        const bad = q.members.filter((m) => !m.ok);
        throw inputError({ key: 'data.universe' }, `every symbol passing the quality checks (missing <= ${spec.max_missing * 100} %)`, bad.map((m) => `${m.symbol}: ${m.failed.join(', ')} (missing ${(m.missingFraction * 100).toFixed(1)} %)`).join('; '));
      }
      const snap: Record<string, Record<string, unknown>> = {};
      for (const m of u.members) snap[m.symbol] = snapshotBars(u.bars[m.symbol]);
      writeJsonAtomic(path.join(dir, 'ingest', 'quality.json'), q);
      testKillPoint('ingest:1');
      writeJsonAtomic(path.join(dir, 'ingest', 'universe.json'), { members: u.members, bars: snap, ...(u.truth ? { truth: u.truth } : {}) });
      universe = u;
      log(`ingest: ${q.symbols} symbols, ${q.totalBars} bars, ${q.passing}/${q.symbols} pass the quality checks (worst missing ${q.worstMissing.symbol} ${(q.worstMissing.missingFraction * 100).toFixed(1)} %)`);
    } else if (stage === 'features') {
      const pn = getPanel();
      const usable = pn.prep.usable.reduce((a, b) => a + b, 0);
      testKillPoint('features:1');
      writeJsonAtomic(path.join(dir, 'features', 'summary.json'), { rows: pn.prep.frame.dates.length, usableRows: usable, features: pn.prep.features, featureNames: pn.prep.frame.names, crossSection: pn.crossNames, symbols: pn.members.map((m) => m.symbol) });
      log(`features: ${pn.prep.features} features (${pn.crossNames.length} cross-sectional / context) on ${pn.prep.frame.dates.length} ${pn.timeframe ? `symbol-bars of ${pn.timeframe}` : 'symbol-days'} (${usable} usable) of ${pn.members.length} symbols`);
    } else if (stage === 'train') {
      const pn = getPanel();
      const split = splitPanelByDate(pn, 'h1', { trainFraction: p.train_fraction, validationFraction: p.validation_fraction });
      const settings: ModelSettings = { task: 'ternary', epochs: cfg.models.epochs, epochsPerIteration: cfg.models.epochs_per_iteration, batchSize: cfg.models.batch_size, seed: cfg.training.seed, params: cfg.models.params };
      const units = trainUnits(p);
      options.onPlan?.(units.length);
      for (const unit of units) {
        if (state.units[unit]) {
          options.onProgress?.({ stage: `train ${unit} (done)`, fraction: 1 });
          continue;
        }
        const progress = (e: TrainProgress) => options.onProgress?.({ ...e, stage: `train ${unit}`, fraction: Math.min(0.99, e.fraction ?? 0) });
        const [kind, model] = [unit.slice(0, unit.indexOf('_')), unit.slice(unit.indexOf('_') + 1)];
        let r: UnitResult;
        if (kind === 'direction') r = await directionUnit(pn, split, model, settings, progress, p.holdout_fraction);
        else if (kind === 'volatility') r = model === 'garch' ? await garchUnit(pn, split, p.vol_window) : await lstmVolUnit(pn, split, p.vol_window, settings, progress);
        else r = await regimeUnit(pn, (universe ??= readSnapshot(dir)), split, model, settings, progress);
        await saveUnit(dir, unit, model, r, { panel: pn, split, cfg, dataHash: hash, members: (universe ??= readSnapshot(dir)).members });
        state.units[unit] = new Date().toISOString();
        writePipelineState(dir, state);
        options.onProgress?.({ stage: `train ${unit}`, fraction: 1 });
        const v = r.metrics.value as number;
        const kept = typeof r.metrics.keptShare === 'number' ? `; held-out symbols keep ${(r.metrics.keptShare * 100).toFixed(0)} % of the in-universe rank IC ${(r.metrics.inUniverseRankIc as number).toFixed(3)}` : '';
        const ric =
          typeof r.metrics.rankIc === 'number'
            ? `, rank IC ${r.metrics.rankIc.toFixed(3)} (t ${(r.metrics.rankIcT as number).toFixed(1)})`
            : r.metrics.rankIc === null
              ? ', no rank IC (its scores are the same for every symbol of a date, e.g. a net that fell back to the base rate)'
              : '';
        log(`train: ${unit} ${r.metrics.metric} ${Number.isFinite(v) ? v.toFixed(4) : '--'} (baseline ${(r.metrics.baseline as number).toFixed(4)}, n ${r.metrics.n}, ${r.trainSamples} training samples${ric}${kept})`);
      }
    } else if (stage === 'validate') {
      for (const line of validateUnits(dir, trainUnits(p), p)) log(line);
    } else {
      const pn = getPanel();
      for (const line of await deployUnits(dir, trainUnits(p), p, { symbols: pn.members.map((m) => m.symbol), features: pn.prep.features, configHash: hash, redeploy, home: options.home, storePath: options.storePath })) log(line);
    }
    testKillPoint(`${stage}:done`);
    state.stages[stage] = new Date().toISOString();
    writePipelineState(dir, state);
  }
  return stages;
}
