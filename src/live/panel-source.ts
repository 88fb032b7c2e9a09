/**
 * Serving a panel bundle of the universe pipeline (`featureSet` `panel:<set>`) for one symbol of its
 * universe. A panel model's inputs at a date include cross-sectional ranks, sector-relative values and the
 * market / VIX context of that date, so serving it needs every member of the universe on the same dates: the
 * members (recorded in the bundle) are read from the store, the panel is prepared exactly as the pipeline
 * prepared it (`preparePanel`), and the served symbol's row of the requested date is predicted with the
 * bundle's model and scaler. Only direction units serve P(up); regime and volatility units are refused.
 */
import type { Bars } from '../data/bars';
import { Store } from '../data/store';
import { fittedFrom, predictOnRows, type Fitted } from '../training/fit';
import type { LoadedBundle } from '../training/bundle';
import { inputError } from '../util/errors';
import { dayToIso } from '../util/dates';
import { Scaler } from '../windows/scalers';
import type { Universe } from '../universe/members';
import { preparePanel, type PanelData } from '../universe/panel';
import { liveMetaOf, type LoadedLiveModel } from './model-source';

/** Prefix of a panel bundle's `featureSet`. */
export const PANEL_FEATURE_PREFIX = 'panel:';

/**
 * Whether a bundle's feature set is a universe panel's.
 * @param featureSet `bundle.json`'s featureSet
 * @returns true for `panel:<set>`
 */
export function isPanelFeatureSet(featureSet: string): boolean {
  return featureSet.startsWith(PANEL_FEATURE_PREFIX);
}

/** Options of {@link panelLiveModel}. */
export interface PanelServeOptions {
  /** The store holding every member's bars (default the workbench store). */
  storePath?: string;
  /** Registry name and version shown instead of the bundle's own. */
  label?: { name: string; version: string };
  /** Panels already prepared for a bundle folder (shared by the symbols of one `predict`). */
  cache?: Map<string, Promise<PanelData>>;
}

/**
 * Prepares a panel bundle's panel from the store: every member recorded in the bundle, with all its stored bars.
 * @param bundle loaded panel bundle
 * @param storePath store file (default the workbench store)
 * @returns the panel, its feature columns checked against the bundle's
 * @throws InputError for a bundle without its members, a member missing from the store, other feature columns
 */
export async function panelFromStore(bundle: LoadedBundle, storePath?: string): Promise<PanelData> {
  const { meta } = bundle;
  const where = `${meta.name} (${bundle.dir})`;
  const members = meta.universe?.members;
  if (!members?.length) {
    throw inputError({ key: `${where}: bundle.universe.members` }, 'the members of the universe the panel model was trained on (written by `workbench pipeline` since this version: rerun its train and deploy stages)', 'none');
  }
  const store = new Store({ path: storePath });
  const stored = store.exists() ? new Set((await store.listSymbols()).map((s) => s.symbol)) : new Set<string>();
  const missing = members.filter((m) => !stored.has(m.symbol)).map((m) => m.symbol);
  if (missing.length) {
    throw inputError(
      { key: `${where}: universe member${missing.length > 1 ? 's' : ''}` },
      `every member's bars in the store ${store.path} (panel features need all ${members.length} members on the same dates; import them with \`workbench data import\`)`,
      `missing ${missing.join(', ')}`,
    );
  }
  const bars: Record<string, Bars> = {};
  for (const m of members) bars[m.symbol] = await store.readBars(m.symbol, { extras: false });
  const u: Universe = { members, bars };
  const panel = preparePanel(u, { featureSet: meta.featureSet.slice(PANEL_FEATURE_PREFIX.length), horizons: meta.horizons, steps: meta.steps, task: meta.task, neutralBand: meta.neutralBand });
  const names = panel.prep.frame.names;
  if (names.length !== meta.featureNames.length || names.some((n, j) => n !== meta.featureNames[j])) {
    throw inputError({ key: `${where}: bundle.featureNames` }, `the ${meta.featureNames.length} panel columns the model was trained on`, `${names.length} columns from the stored members`);
  }
  return panel;
}

/** Row of `symbol` on `day` in the panel, or an error naming what is missing. */
function panelRow(panel: PanelData, symbol: string, day: number, where: string): number {
  const k = panel.members.findIndex((m) => m.symbol === symbol);
  if (k < 0) throw inputError({ key: `${where}: symbol` }, `one of the universe's pooled members (${panel.members.map((m) => m.symbol).join(', ')})`, JSON.stringify(symbol));
  const dates = panel.prep.frame.dates;
  let lo = panel.offsets[k];
  let hi = panel.offsets[k + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= panel.offsets[k + 1] || dates[lo] !== day) throw inputError({ key: `${where}: ${symbol}` }, `a stored bar of ${symbol} on ${dayToIso(day)} in the panel`, 'none');
  if (!panel.prep.usable[lo]) throw inputError({ key: `${where}: ${symbol} ${dayToIso(day)}` }, 'a row with a complete panel feature window (every context member on that date)', 'an incomplete row');
  return lo;
}

/**
 * Serves a panel bundle (a direction unit of the universe pipeline) for the symbols of its universe: P(up) of
 * a symbol's row is the up class's probability on the panel row of the same symbol and date.
 * @param bundle loaded panel bundle (task binary or ternary)
 * @param horizon served horizon (one of the bundle's)
 * @param options storePath, label, cache
 * @returns LoadedLiveModel whose probUp maps the rows of a symbol's bars to panel rows by date
 * @throws InputError for a regime or volatility unit, an unknown horizon, a bundle without members or a member missing from the store
 */
export async function panelLiveModel(bundle: LoadedBundle, horizon: number, options: PanelServeOptions = {}): Promise<LoadedLiveModel> {
  const { meta } = bundle;
  const where = `${meta.name} (${bundle.dir})`;
  if (meta.task !== 'binary' && meta.task !== 'ternary') {
    throw inputError({ key: `${where}: task` }, 'a direction unit of the universe pipeline (binary or ternary P(up)); regime and volatility units are not served by `predict`', JSON.stringify(meta.task));
  }
  if (!meta.horizons.includes(horizon)) throw inputError({ key: `${where}: horizon` }, `one of the model's horizons ${meta.horizons.join(', ')}`, String(horizon));
  // the store holds daily panel members here: a panel of intraday bars (data.timeframe) is not served yet
  if (meta.timeframe && meta.timeframe !== '1d') throw inputError({ key: `${where}: bundle.timeframe` }, 'a panel bundle of daily (1d) bars (intraday universe models are trained and validated, not served yet)', meta.timeframe);
  const cache = options.cache ?? new Map<string, Promise<PanelData>>();
  let pending = cache.get(bundle.dir);
  if (!pending) {
    pending = panelFromStore(bundle, options.storePath);
    cache.set(bundle.dir, pending);
  }
  const panel = await pending;
  const spec = { model: meta.model, settings: { task: meta.task, epochs: 0, epochsPerIteration: 0, batchSize: 0, seed: 0, params: {} }, keys: meta.horizons.map((k) => `h${k}`), scalerKind: meta.scaler.kind };
  let fitted: Fitted | undefined;
  return {
    meta: liveMetaOf(meta, horizon, options.label),
    dir: bundle.dir,
    model: bundle.model,
    async probUp(bars, rows) {
      const panelRows = rows.map((r) => panelRow(panel, bars.symbol, bars.dates[r], where));
      fitted ??= fittedFrom(panel.prep, spec, bundle.model, Scaler.fromJSON(meta.scaler, { clip: 10 }));
      const { proba, classes } = await predictOnRows(panel.prep, fitted, panelRows, `h${horizon}`);
      return Float64Array.from(rows, (_, j) => proba[j * classes + classes - 1]);
    },
    dispose: () => bundle.model.dispose?.(),
  };
}
