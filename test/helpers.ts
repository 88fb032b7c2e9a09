/** Shared test helpers: fixtures, temp folders, a close-enough assertion. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as assert from 'uvu/assert';
import { repoRoot } from '../src/util/fs';

/** Absolute path of a file under test/fixtures. */
export function fixture(name: string): string {
  return path.join(repoRoot(), 'test', 'fixtures', name);
}

/** A fresh temporary folder (removed by the OS; tests may also remove it). */
export function tempDir(prefix = 'wb-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Asserts |actual - expected| <= tol * max(1, |expected|) (relative for large values). */
export function assertClose(actual: number, expected: number, tol = 1e-9, message?: string): void {
  const ok = Number.isNaN(expected) ? Number.isNaN(actual) : Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  assert.ok(ok, message ?? `expected ${expected} ± ${tol}, received ${actual}`);
}

/** Asserts that an async function rejects with a message matching `re`. */
export async function rejects(fn: () => Promise<unknown>, re: RegExp): Promise<void> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a rejection matching ${re}`);
  assert.match(String((err as Error).message), re);
}
