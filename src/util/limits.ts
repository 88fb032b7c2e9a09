/**
 * Bounds on hostile inputs, checked before (or instead of) work whose cost grows with them: nesting depth
 * and key counts of parsed documents, file sizes, and a linear pre-scan of JSON text. Every limit is a
 * constant here so the messages, docs and tests quote the same numbers.
 */
import * as fs from 'fs';
import { inputError, type ErrorLocation } from './errors';

/** Limits on documents users hand the workbench (configs, JSON data, request bodies). */
export const LIMITS = {
  /** Deepest nesting of objects/arrays in a JSON or YAML document. */
  maxDepth: 64,
  /** Most object keys in a configuration document (all levels together). */
  maxConfigKeys: 10000,
  /** Largest configuration file, bytes. */
  maxConfigBytes: 1 << 20,
  /** Most YAML aliases (`*a`) resolved in one document. */
  maxAliases: 100,
  /** Largest JSON data / fundamentals file, bytes. */
  maxJsonBytes: 512 << 20,
  /** Most symbols one command or request may name. */
  maxSymbols: 1000,
  /** Most runs waiting in the server's queue behind the active one. */
  maxQueuedRuns: 50,
} as const;

/**
 * Deepest bracket nesting of JSON text, scanned once in linear time (string contents skipped).
 * @param text JSON text
 * @param limit stop counting past this depth
 * @returns the depth (at most `limit + 1`)
 */
export function jsonDepth(text: string, limit: number = LIMITS.maxDepth): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Throws when JSON text nests deeper than `limit`.
 * @param text JSON text
 * @param where file / key for the error
 * @param limit maximum depth (default {@link LIMITS}.maxDepth)
 */
export function checkJsonDepth(text: string, where: ErrorLocation, limit: number = LIMITS.maxDepth): void {
  const d = jsonDepth(text, limit);
  if (d > limit) throw inputError(where, `JSON nested at most ${limit} levels deep`, `more than ${limit} levels`);
}

/**
 * Walks a parsed document iteratively and checks its nesting depth and total key count.
 * @param value the parsed document
 * @param where file for errors
 * @param opts `maxDepth` and `maxKeys` (defaults from {@link LIMITS})
 */
export function checkShape(value: unknown, where: ErrorLocation, opts: { maxDepth?: number; maxKeys?: number } = {}): void {
  const maxDepth = opts.maxDepth ?? LIMITS.maxDepth;
  const maxKeys = opts.maxKeys ?? LIMITS.maxConfigKeys;
  let keys = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d >= maxDepth) throw inputError(where, `a document nested at most ${maxDepth} levels deep`, `more than ${maxDepth} levels`);
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    if (!Array.isArray(v)) keys += children.length;
    if (keys > maxKeys) throw inputError(where, `at most ${maxKeys} keys`, `more than ${maxKeys}`);
    if (Array.isArray(v) && v.length > maxKeys) throw inputError(where, `arrays of at most ${maxKeys} items`, `${v.length} items`);
    for (const c of children) stack.push([c, d + 1]);
  }
}

/**
 * Reads a small text file (a config) with InputErrors for a missing path, a directory, a special file or
 * one larger than `maxBytes`.
 * @param file path
 * @param maxBytes size limit (default {@link LIMITS}.maxConfigBytes)
 * @param what phrase for a missing file (default `a readable file`)
 * @returns the contents as UTF-8 text
 */
export function readSmallTextFile(file: string, maxBytes: number = LIMITS.maxConfigBytes, what = 'a readable file'): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw inputError({ file }, what, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  if (st.isDirectory()) throw inputError({ file }, 'a file', 'a directory');
  if (!st.isFile()) throw inputError({ file }, 'a regular file', 'a special file');
  if (st.size > maxBytes) throw inputError({ file }, `a file of at most ${maxBytes} bytes`, `${st.size} bytes`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw inputError({ file }, 'a readable file', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}
