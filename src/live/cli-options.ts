/** Option parsing shared by the live CLI commands (`update`, `predict`, `predictions`, `verify`, `retrain`). */
import * as path from 'path';
import { checkSymbol } from '../data/bars';
import { Store } from '../data/store';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { folderModelSource, type ModelSource } from './model-source';
import { registryModelSource } from './registry-source';

type Values = Record<string, string | boolean | string[] | undefined>;

/** `--symbols A,B` (or repeated) → checked symbols, undefined when absent. */
export function symbolsOption(values: Values): string[] | undefined {
  const v = values.symbols;
  if (v === undefined || v === true || v === false) return undefined;
  const list = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return list.map((s) => checkSymbol(s, { key: '--symbols' }));
}

/** A positive integer option (e.g. `--horizon 5`), `fallback` when absent. */
export function intOption(values: Values, key: string, fallback: number): number {
  const v = values[key];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 1) throw inputError({ key: `--${key}` }, 'an integer >= 1', JSON.stringify(v));
  return n;
}

/** `--horizons 1,5` → integers >= 1 (default [1]). */
export function horizonsOption(values: Values, key = 'horizons'): number[] {
  const v = values[key];
  if (v === undefined) return [1];
  return String(v).split(',').map((s) => intOption({ [key]: s.trim() }, key, 1));
}

/** The store of `--store <file>` (default `$WORKBENCH_HOME/store.duckdb`). */
export function storeOption(values: Values): Store {
  return new Store({ path: typeof values.store === 'string' ? values.store : undefined });
}

/** Folder of the live models: `--models <dir>`, default `$WORKBENCH_HOME/live/models`. */
export function modelsRootOption(values: Values): string {
  return typeof values.models === 'string' ? path.resolve(values.models) : path.join(workbenchHome(), 'live', 'models');
}

/** `--registry` → the registry source (name `{symbol}-h{horizon}`, alias champion, else Production); else the folder source. */
export function modelSourceOption(values: Values, store: Store): ModelSource {
  if (values.registry) return registryModelSource({ storePath: store.path, template: typeof values.template === 'string' ? values.template : undefined });
  return folderModelSource(modelsRootOption(values));
}

/** Formats a number for tables (fixed digits, `-` for NaN/undefined). */
export function fmt(v: number | undefined, digits = 3): string {
  return v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
}

/** Pads a table of strings into aligned columns (first row = header). */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((cell, j) => (j === r.length - 1 ? cell : cell.padEnd(widths[j]))).join('  ')).join('\n');
}
