/**
 * Pipeline steps that write files: saving a train unit's bundle and metrics, validating the units against
 * seed 003's thresholds (met / not met with intervals), and deploying them into the model registry with
 * the seed's metadata (Production only for units that passed validation).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import type { pipelineSchema, WorkbenchConfig } from '../config/schema';
import { listModelVersions, registerModelVersion, transitionModelVersionStage } from '../tracking/model-registry';
import { BUNDLE_FORMAT, writeBundleMeta, type BundleMeta } from '../training/bundle';
import { inputError } from '../util/errors';
import { replaceDirAtomic, writeJsonAtomic } from '../util/fs';
import { Scaler } from '../windows/scalers';
import { testKillPoint } from './state';
import type { UniverseMember } from './members';
import { panelKeyIso, type PanelData } from './panel';
import type { PanelSplit } from './split';
import type { UnitMetrics, UnitResult } from './units';

/** The resolved `pipeline` section. */
export type PipelineConfig = z.output<typeof pipelineSchema>;

/** One unit's line of validation.json. */
export interface UnitValidation {
  unit: string;
  metric: string;
  value: number;
  ci: number[] | null;
  baseline: number;
  threshold: string;
  /** `met`, or `not met` with the reason. */
  status: string;
  passed: boolean;
}

/**
 * Saves a unit: its model folder as a bundle (bundle.json with scaler, features, labels, training window,
 * metrics, the universe's members) and `metrics/<unit>.json`, each atomically.
 */
export async function saveUnit(dir: string, unit: string, model: string, r: UnitResult, ctx: { panel: PanelData; split: PanelSplit; cfg: WorkbenchConfig; dataHash: string; members: UniverseMember[] }): Promise<void> {
  const { panel, split, cfg } = ctx;
  const kind = unit.slice(0, unit.indexOf('_'));
  const trainedAt = new Date().toISOString();
  const scaler = r.fitted?.scaler ?? new Scaler({ kind: 'zscore', clip: 10 }).fit({ x: new Float32Array([0]), shape: [1, 1], featureNames: ['log_ret_1'] });
  const meta: BundleMeta = {
    format: BUNDLE_FORMAT,
    name: unit,
    version: pipelineVersion(cfg),
    model,
    symbol: 'UNIVERSE',
    featureSet: `panel:${cfg.features.set}`,
    featureNames: r.fitted ? panel.prep.frame.names.slice() : ['log_ret_1'],
    steps: panel.prep.steps,
    rank: r.fitted?.rank ?? 2,
    scaler: scaler.toJSON(),
    // direction: ternary; regime: 4-class; volatility: a value forecast (tags beyond the direction tasks)
    task: (kind === 'direction' ? 'ternary' : kind === 'regime' ? 'multiclass' : 'volatility') as BundleMeta['task'],
    horizon: 1,
    horizons: [1],
    neutralBand: cfg.horizons.neutral_band,
    trainStart: panelKeyIso(panel, panel.prep.frame.dates[split.train[0]]),
    trainEnd: panelKeyIso(panel, split.trainEnd),
    trainedAt,
    dataSha256: ctx.dataHash,
    metrics: { test: flat(r.metrics) },
    // serving recomputes the panel features from every member's bars (live/panel-source.ts)
    universe: { members: ctx.members },
    ...(panel.timeframe ? { timeframe: panel.timeframe, exchange: ctx.members[0]?.market } : {}),
    origin: { track: unit },
  };
  await replaceDirAtomic(path.join(dir, 'models', unit), async (tmp) => {
    if (r.fitted) await r.fitted.model.save(tmp);
    else if (r.models?.length) {
      await r.models[0].model.save(tmp);
      for (const m of r.models) await m.model.save(path.join(tmp, 'symbols', m.symbol));
    }
    writeBundleMeta(tmp, meta);
  });
  writeJsonAtomic(path.join(dir, 'metrics', `${unit}.json`), { unit, model, trainedAt, trainSamples: r.trainSamples, metrics: r.metrics });
}

function flat(m: UnitMetrics): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
    else if (Array.isArray(v)) v.forEach((x, i) => (out[`${k}_${i}`] = Number.isFinite(x) ? x : null));
  }
  return out;
}

function pipelineVersion(cfg: WorkbenchConfig): string {
  return cfg.pipeline?.version ?? '1.0';
}

function readMetrics(dir: string, unit: string): { trainSamples: number; trainedAt: string; metrics: UnitMetrics } {
  const file = path.join(dir, 'metrics', `${unit}.json`);
  if (!fs.existsSync(file)) throw inputError({ file }, `the metrics of train unit ${unit} (run --stage train)`, 'no such file');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '--');

/**
 * Checks every unit against seed 003's thresholds and writes validation.json.
 * Direction: accuracy >= direction_target and the interval's low end above the majority baseline.
 * Volatility: RMSE below yesterday's-vol RMSE with the loss difference's interval below 0.
 * Regime: accuracy >= regime_target (persistence reported beside it).
 * @returns the table as text lines
 */
export function validateUnits(dir: string, units: string[], p: PipelineConfig): string[] {
  const rows: UnitValidation[] = units.map((unit) => {
    const m = readMetrics(dir, unit).metrics;
    const value = m.value as number;
    const ci = (m.ci as number[] | undefined) ?? (m.lossDiffCi as number[] | undefined) ?? null;
    const baseline = m.baseline as number;
    if (unit.startsWith('direction_')) {
      const ok = value >= p.direction_target;
      const sig = ci !== null && ci[0] > baseline;
      return { unit, metric: 'accuracy', value, ci, baseline, threshold: `>= ${pct(p.direction_target)} and above baseline`, status: ok && sig ? 'met' : !ok ? 'not met (below target)' : 'not met (interval reaches the baseline)', passed: ok && sig };
    }
    if (unit.startsWith('volatility_')) {
      const ok = value < baseline;
      const sig = ci !== null && ci[1] < 0;
      return { unit, metric: 'rmse', value, ci, baseline, threshold: "< yesterday's-vol RMSE", status: ok && sig ? 'met' : !ok ? 'not met (naive lower)' : 'not met (interval reaches 0)', passed: ok && sig };
    }
    const ok = value >= p.regime_target;
    return { unit, metric: 'accuracy', value, ci, baseline, threshold: `>= ${pct(p.regime_target)}`, status: ok ? 'met' : 'not met (below target)', passed: ok };
  });
  writeJsonAtomic(path.join(dir, 'validation.json'), { validatedAt: new Date().toISOString(), passed: rows.every((r) => r.passed), units: rows });
  return formatValidation(rows);
}

/**
 * The validation table as text.
 * @param rows validation rows
 * @returns lines (header first)
 */
export function formatValidation(rows: UnitValidation[]): string[] {
  const f = (r: UnitValidation, v: number): string => (r.metric === 'rmse' ? (Number.isFinite(v) ? v.toFixed(5) : '--') : pct(v));
  const lines = ['| model | metric | test | interval | baseline | threshold | status |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const ci = r.ci ? (r.metric === 'rmse' ? `Δmse [${r.ci.map((x) => x.toExponential(2)).join(', ')}]` : `[${r.ci.map(pct).join(', ')}]`) : '--';
    lines.push(`| ${r.unit} | ${r.metric} | ${f(r, r.value)} | ${ci} | ${f(r, r.baseline)} | ${r.threshold} | ${r.status} |`);
  }
  return lines;
}

/**
 * Registers every unit's bundle in the model registry with seed 003's metadata (description JSON and
 * deploy.json); units that passed validation go to Production, the others stay in None. A deploy killed
 * midway resumes after the last unit it registered (same config): deploy.json names the unit being registered
 * (`pending`) before the registry call, so a version registered just before a kill is adopted, not registered
 * twice; `redeploy` registers every unit again.
 * @returns lines for the user
 */
export async function deployUnits(dir: string, units: string[], p: PipelineConfig, ctx: { symbols: string[]; features: number; configHash: string; redeploy?: boolean; home?: string; storePath?: string }): Promise<string[]> {
  const vfile = path.join(dir, 'validation.json');
  if (!fs.existsSync(vfile)) throw inputError({ file: vfile }, 'a validation report (run --stage validate)', 'no such file');
  const validation = JSON.parse(fs.readFileSync(vfile, 'utf8')) as { units: UnitValidation[] };
  // units registered by an earlier, interrupted deploy are kept (deploy.json is rewritten after every unit)
  const dfile = path.join(dir, 'deploy.json');
  const earlier = !ctx.redeploy && fs.existsSync(dfile) ? (JSON.parse(fs.readFileSync(dfile, 'utf8')) as { configHash?: string; models: Array<Record<string, unknown>>; pending?: { unit: string; sinceMs: number } }) : undefined;
  const resumed = earlier && earlier.configHash === ctx.configHash ? earlier : undefined;
  const out: Array<Record<string, unknown>> = resumed ? resumed.models : [];
  const lines: string[] = [];
  const write = (pending?: { unit: string; sinceMs: number }): void => writeJsonAtomic(dfile, { deployedAt: new Date().toISOString(), configHash: ctx.configHash, models: out, ...(pending ? { pending } : {}) });
  for (const unit of units) {
    if (out.some((m) => m.model_name === unit)) continue;
    const m = readMetrics(dir, unit);
    const v = validation.units.find((x) => x.unit === unit);
    const meta = {
      model_name: unit,
      version: p.version,
      trained_date: m.trainedAt.slice(0, 10),
      training_samples: m.trainSamples,
      test_accuracy: m.metrics.metric === 'accuracy' ? m.metrics.value : null,
      test_rmse: m.metrics.metric === 'rmse' ? m.metrics.value : null,
      symbols: ctx.symbols,
      feature_count: unit.startsWith('volatility_') ? 1 : ctx.features,
      timeframe: '1d',
      validation: v?.status ?? 'not validated',
    };
    const reg = { home: ctx.home, storePath: ctx.storePath };
    const source = path.join(dir, 'models', unit);
    // a deploy killed between registering this unit and recording it left a version behind: adopt it, never register twice
    const pending = resumed?.pending?.unit === unit ? resumed.pending : undefined;
    const left = pending ? (await listModelVersions(unit, reg)).find((x) => x.source === path.resolve(source) && x.createdMs >= pending.sinceMs && x.description === JSON.stringify(meta)) : undefined;
    if (!left) write({ unit, sinceMs: Date.now() });
    const mv = left ?? (await registerModelVersion({ name: unit, source, description: JSON.stringify(meta) }, reg));
    testKillPoint(`deploy:registered:${out.length + 1}`);
    const stage = v?.passed ? 'Production' : 'None';
    if (v?.passed && mv.stage !== 'Production') await transitionModelVersionStage(unit, mv.version, 'Production', reg);
    out.push({ ...meta, registry: `${unit}/${mv.version}`, stage });
    lines.push(`deploy: ${unit} → registry ${unit}/${mv.version} (${stage}${v?.passed ? '' : ': validation not met'})`);
    write();
  }
  return lines;
}
