/**
 * Versions of the folder-backed live models: the Production model lives in `<root>/<SYMBOL>/h<N>/`; every
 * promotion first archives it under `<root>/<SYMBOL>/h<N>.versions/<version>/` and appends to
 * `h<N>.history.json`, so {@link rollbackLiveModel} can restore the previous version.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../util/errors';
import { replaceDirAtomic, writeJsonAtomic } from '../util/fs';
import type { Model } from '../models/types';
import { BUNDLE_FILE, readBundleMeta, type BundleMeta } from '../training/bundle';
import { liveModelDir, saveLiveModel } from './model-source';

/** One promotion in a model's history. */
export interface PromotionEntry {
  version: string;
  previous?: string;
  at: string;
  reason: string;
}

function historyFile(root: string, symbol: string, horizon: number): string {
  return `${liveModelDir(root, symbol, horizon)}.history.json`;
}

function archiveDir(root: string, symbol: string, horizon: number, version: string): string {
  return path.join(`${liveModelDir(root, symbol, horizon)}.versions`, version.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** The promotion history (oldest first; [] when none). */
export function promotionHistory(root: string, symbol: string, horizon: number): PromotionEntry[] {
  const f = historyFile(root, symbol, horizon);
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as PromotionEntry[]) : [];
}

/**
 * Makes `model` the Production model: archives the current one (if any), replaces the folder atomically,
 * and appends to the history.
 * @returns the promotion entry
 */
export async function promoteLiveModel(root: string, symbol: string, horizon: number, model: Model, meta: BundleMeta, reason: string, now = new Date()): Promise<PromotionEntry> {
  const dir = liveModelDir(root, symbol, horizon);
  let previous: string | undefined;
  if (fs.existsSync(path.join(dir, BUNDLE_FILE))) {
    previous = readBundleMeta(dir).version;
    const arch = archiveDir(root, symbol, horizon, previous);
    if (!fs.existsSync(arch)) await replaceDirAtomic(arch, (tmp) => fs.cpSync(dir, tmp, { recursive: true }));
  }
  await replaceDirAtomic(dir, (tmp) => saveLiveModel(tmp, model, meta));
  const arch = archiveDir(root, symbol, horizon, meta.version);
  await replaceDirAtomic(arch, (tmp) => fs.cpSync(dir, tmp, { recursive: true }));
  const entry: PromotionEntry = { version: meta.version, previous, at: now.toISOString(), reason };
  writeJsonAtomic(historyFile(root, symbol, horizon), [...promotionHistory(root, symbol, horizon), entry]);
  return entry;
}

/**
 * Restores the version that was Production before the current one.
 * @returns the promotion entry of the rollback
 * @throws InputError when there is no previous version
 */
export async function rollbackLiveModel(root: string, symbol: string, horizon: number, now = new Date()): Promise<PromotionEntry> {
  const dir = liveModelDir(root, symbol, horizon);
  if (!fs.existsSync(path.join(dir, BUNDLE_FILE))) throw inputError({ file: dir }, 'a Production model to roll back', 'none');
  const current = readBundleMeta(dir).version;
  const hist = promotionHistory(root, symbol, horizon);
  const last = [...hist].reverse().find((e) => e.version === current);
  if (!last?.previous) throw inputError({ key: `${symbol}/h${horizon}` }, 'a previous version to roll back to', `only version ${current}`);
  const arch = archiveDir(root, symbol, horizon, last.previous);
  if (!fs.existsSync(arch)) throw inputError({ file: arch }, 'the archived previous version', 'missing');
  await replaceDirAtomic(dir, (tmp) => fs.cpSync(arch, tmp, { recursive: true }));
  const before = [...hist].reverse().find((e) => e.version === last.previous);
  const entry: PromotionEntry = { version: last.previous, previous: before?.previous, at: now.toISOString(), reason: `rollback from ${current}` };
  writeJsonAtomic(historyFile(root, symbol, horizon), [...hist, entry]);
  return entry;
}
