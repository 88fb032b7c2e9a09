/**
 * A universe's members and their bars (issue 16): resolved from `data.universe` — a folder with
 * `universe.json` + `<SYMBOL>.csv`, a JSON member list, a seeded synthetic panel, or a member list whose
 * bars come from the store, CSV files or Yahoo. Each symbol keeps its own trading days; nothing is aligned
 * or filled here. Bad input (unknown symbol, duplicates, a sector map that does not cover the equities,
 * too little history, calendars without overlap) is an InputError naming the symbol.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import type { universeSchema } from '../config/schema';
import { checkSymbol, sliceBars, type Bars } from '../data/bars';
import { syntheticPanel, type UniverseMember } from '../data/panel-synthetic';
import { syntheticIntradayPanel } from '../data/panel-intraday';
import type { Timeframe } from '../data/intraday/timeframe';
import { inputError, InputError, show } from '../util/errors';
import { dayToIso, isoToDay } from '../util/dates';
import { resolveDataSource } from '../training/source';

export type { UniverseMember };

/** `data.universe` as resolved by the config schema. */
export type UniverseSpec = z.output<typeof universeSchema>;

/** A loaded universe: members in config order and their bars, each on its own calendar. */
export interface Universe {
  members: UniverseMember[];
  bars: Record<string, Bars>;
  /** What the source says is learnable (synthetic panels), when it says so. */
  truth?: { signalFeature?: string; description?: string; bayesRankIc?: number; signal?: number };
}

/** Options of {@link loadUniverse}. */
export interface LoadUniverseOptions {
  /** Folder relative paths are resolved against (the config file's folder). Default the working directory. */
  baseDir?: string;
  /** Store file for `store:` members. */
  storePath?: string;
  /** Seed of a `synthetic:` universe when the source gives none. */
  seed?: number;
  /**
   * Bar timeframe of the members (`data.timeframe`; absent or `1d` = daily bars). Intraday: each member's bars
   * of that timeframe from `csv:` files or the store (resampled from finer stored bars), on its market's
   * sessions; a `synthetic:` source generates an intraday panel (data/panel-intraday.ts).
   */
  timeframe?: Timeframe;
  /** Zone of intraday CSV date-times written without one (`data.zone`). */
  zone?: string;
}

const KEY = 'data.universe';

interface RawMember {
  symbol: string;
  sector?: string;
  asset_class?: string;
  assetClass?: string;
  market?: string;
  source?: string;
}

function readMemberFile(file: string): { members: RawMember[]; truth?: Universe['truth'] } {
  if (!fs.existsSync(file)) throw inputError({ file, key: `${KEY}.source` }, 'an existing universe file', 'no such file');
  const size = fs.statSync(file).size;
  if (size > 4 * 1024 * 1024) throw inputError({ file }, 'a universe file of at most 4 MiB', `${size} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw inputError({ file }, 'valid JSON', (e as Error).message);
  }
  const list = Array.isArray(doc) ? doc : (doc as { members?: unknown })?.members;
  if (!Array.isArray(list)) throw inputError({ file, key: 'members' }, 'a list of members {symbol, sector, assetClass, market}', show(doc));
  list.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof (m as RawMember).symbol !== 'string') throw inputError({ file, key: `members[${i}]` }, 'an object with a string `symbol`', show(m));
  });
  const truth = Array.isArray(doc) ? undefined : ((doc as { truth?: Universe['truth'] }).truth ?? undefined);
  return { members: list as RawMember[], ...(truth ? { truth } : {}) };
}

/**
 * Resolves member records: asset class, market and sector checked; duplicates and uncovered sectors refused.
 * @param raw member records (config snake_case or universe.json camelCase)
 * @param sectors optional sector map symbol → sector
 * @param where key path for errors
 * @returns UniverseMember[] in input order
 * @throws InputError naming the symbol
 */
export function resolveMembers(raw: RawMember[], sectors: Record<string, string> | undefined, where = `${KEY}.members`): UniverseMember[] {
  if (raw.length < 2) throw inputError({ key: where }, 'a universe of at least 2 symbols', `${raw.length}`);
  const seen = new Set<string>();
  const out: UniverseMember[] = [];
  raw.forEach((m, i) => {
    const symbol = checkSymbol(m.symbol, { key: `${where}[${i}].symbol` });
    if (seen.has(symbol)) throw inputError({ key: `${where}[${i}].symbol` }, 'each symbol once', `duplicate symbol ${symbol}`);
    seen.add(symbol);
    const assetClass = (m.assetClass ?? m.asset_class ?? 'equity') as UniverseMember['assetClass'];
    if (!['equity', 'index', 'volatility'].includes(assetClass)) throw inputError({ key: `${where}[${i}].asset_class` }, 'equity, index or volatility', `${show(assetClass)} for ${symbol}`);
    const market = (m.market ?? 'NYSE') as UniverseMember['market'];
    if (market !== 'NYSE' && market !== 'NSE') throw inputError({ key: `${where}[${i}].market` }, 'NYSE or NSE', `${show(market)} for ${symbol}`);
    const sector = m.sector ?? sectors?.[symbol] ?? (assetClass === 'equity' ? undefined : assetClass);
    if (sector === undefined || sector === '') {
      throw inputError({ key: sectors ? `${KEY}.sectors` : `${where}[${i}].sector` }, 'a sector for every equity (member `sector` or the `sectors` map)', `none for ${symbol}`);
    }
    out.push({ symbol, sector, assetClass, market });
  });
  if (sectors) {
    for (const s of Object.keys(sectors)) if (!seen.has(s)) throw inputError({ key: `${KEY}.sectors.${s}` }, 'a symbol of the universe', `unknown symbol ${s}`);
  }
  return out;
}

function memberSource(m: RawMember, spec: UniverseSpec, baseDir: string): string {
  const src = m.source ?? (spec.default_source.startsWith('csv:') ? `csv:${path.join(spec.default_source.slice(4), `${m.symbol}.csv`)}` : `${spec.default_source}:${m.symbol}`);
  if (src.startsWith('csv:') || src.startsWith('json:')) {
    const i = src.indexOf(':');
    const p = src.slice(i + 1);
    return `${src.slice(0, i)}:${path.isAbsolute(p) ? p : path.join(baseDir, p)}`;
  }
  return src;
}

async function loadMemberBars(symbol: string, source: string, options: LoadUniverseOptions, market: UniverseMember['market']): Promise<Bars> {
  const tf = options.timeframe && options.timeframe !== '1d' ? options.timeframe : undefined;
  if (tf && !/^(csv|store):/.test(source)) throw inputError({ key: 'data.timeframe' }, `csv: or store: member sources for a ${tf} universe (intraday bars)`, `${show(source)} for ${symbol}`);
  try {
    const bars = await resolveDataSource(source, { symbol, storePath: options.storePath, ...(tf ? { timeframe: tf, exchange: market, ...(options.zone ? { zone: options.zone } : {}) } : {}) });
    return { ...bars, symbol };
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`symbol ${symbol} (${source}): ${e.message}`, { key: KEY });
    throw e;
  }
}

/** The bars inside `[start_date, end_date]` of the spec (views, no copy). */
function clip(b: Bars, spec: UniverseSpec): Bars {
  const from = spec.start_date ? isoToDay(spec.start_date) : -Infinity;
  const to = spec.end_date ? isoToDay(spec.end_date) : Infinity;
  let a = 0;
  while (a < b.dates.length && b.dates[a] < from) a++;
  let z = b.dates.length;
  while (z > a && b.dates[z - 1] > to) z--;
  return a === 0 && z === b.dates.length ? b : sliceBars(b, a, z);
}

/**
 * Loads a universe from its spec (no checks of history or overlap: see {@link checkUniverse}).
 * @param spec `data.universe`
 * @param options base folder, store path, seed
 * @returns members and bars
 * @throws InputError for an unknown symbol (no bars), duplicates, an uncovered sector map, a bad file
 */
export async function loadUniverse(spec: UniverseSpec, options: LoadUniverseOptions = {}): Promise<Universe> {
  const baseDir = options.baseDir ?? process.cwd();
  const src = spec.source;
  if (src?.startsWith('synthetic:') && options.timeframe && options.timeframe !== '1d') {
    const s = spec.synthetic;
    const panel = syntheticIntradayPanel({ seed: Number(src.slice('synthetic:'.length)), symbols: s.symbols, sectors: Math.min(5, s.symbols), days: s.days, signal: s.signal, index: s.indices, timeframe: options.timeframe });
    return { members: panel.members, bars: panel.bars, truth: { signalFeature: panel.truth.signalFeature, description: panel.truth.description, signal: panel.truth.signal } };
  }
  if (src?.startsWith('synthetic:')) {
    const s = spec.synthetic;
    const panel = syntheticPanel({ seed: Number(src.slice('synthetic:'.length)), symbols: s.symbols, sectors: Math.min(5, s.symbols), days: s.days, signal: s.signal, indices: s.indices });
    return { members: panel.members, bars: panel.bars, truth: { signalFeature: panel.truth.signalFeature, description: panel.truth.description, bayesRankIc: panel.truth.bayesRankIc, signal: panel.truth.signal } };
  }
  let raw: RawMember[] = spec.members ? spec.members.map((m) => ({ ...m })) : [];
  let truth: Universe['truth'];
  let folder: string | undefined;
  if (src?.startsWith('dir:') || src?.startsWith('json:')) {
    const p = src.slice(src.indexOf(':') + 1);
    const abs = path.isAbsolute(p) ? p : path.join(baseDir, p);
    folder = src.startsWith('dir:') ? abs : undefined;
    const file = folder ? path.join(folder, 'universe.json') : abs;
    const read = readMemberFile(file);
    truth = read.truth;
    if (raw.length === 0) raw = read.members;
  }
  if (raw.length === 0) throw inputError({ key: KEY }, 'members (`members:` or a source dir:/json:/synthetic:)', 'none');
  const members = resolveMembers(raw, spec.sectors);
  const bars: Record<string, Bars> = {};
  for (const [i, m] of members.entries()) {
    const r = raw[i];
    const source = r.source !== undefined || !folder ? memberSource(r, spec, baseDir) : `csv:${path.join(folder, `${m.symbol}.csv`)}`;
    if (source.startsWith('csv:') && !fs.existsSync(source.slice(4))) throw inputError({ key: `${KEY}.members[${i}]` }, 'a known symbol with a bars file', `unknown symbol ${m.symbol} (no file ${source.slice(4)})`);
    bars[m.symbol] = clip(await loadMemberBars(m.symbol, source, options, m.market), spec);
  }
  return { members, bars, ...(truth ? { truth } : {}) };
}

/**
 * Refuses a universe a pooled model cannot be trained on: a member with fewer than `minHistory` bars, or
 * a member whose dates do not overlap the others' common span.
 * @param u loaded universe
 * @param minHistory fewest bars per member
 * @returns the common date span `[from, to]` (days since epoch) every member covers
 * @throws InputError naming the symbol
 */
export function checkUniverse(u: Universe, minHistory: number): { from: number; to: number } {
  let from = -Infinity;
  let to = Infinity;
  for (const m of u.members) {
    const b = u.bars[m.symbol];
    const n = b.dates.length;
    if (n < minHistory) throw inputError({ key: `${KEY}.min_history` }, `at least ${minHistory} bars per symbol`, `${n} for ${m.symbol}`);
    from = Math.max(from, b.dates[0]);
    to = Math.min(to, b.dates[n - 1]);
  }
  if (!(from <= to)) {
    const late = u.members.find((m) => u.bars[m.symbol].dates[0] === from)!;
    const span = (s: string): string => `${dayToIso(u.bars[s].dates[0])} … ${dayToIso(u.bars[s].dates[u.bars[s].dates.length - 1])}`;
    throw inputError({ key: KEY }, 'calendars that overlap (every symbol trading on a common span of dates)', `${late.symbol} starts ${dayToIso(from)} after another symbol ends (${late.symbol} ${span(late.symbol)})`);
  }
  for (const m of u.members) {
    const d = u.bars[m.symbol].dates;
    let k = 0;
    for (const x of d) if (x >= from && x <= to) k++;
    if (k < minHistory) throw inputError({ key: KEY }, `at least ${minHistory} bars of each symbol inside the common span ${dayToIso(from)} … ${dayToIso(to)}`, `${k} for ${m.symbol}`);
  }
  return { from, to };
}
