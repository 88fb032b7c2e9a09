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

const tempDirs = new Set<string>();
let exitHook = false;

/** Removes every folder made by {@link tempDir} that still exists (runs by itself when the test process exits). */
export function removeTempDirs(): void {
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      process.stderr.write(`test/helpers: could not remove ${dir}: ${(e as Error).message}\n`);
    }
    tempDirs.delete(dir);
  }
}

/**
 * A fresh temporary folder under `os.tmpdir()`, removed with its contents when the test process exits
 * (tests may remove it earlier). scripts/test.js fails the run if anything is left in the temp dir.
 * @param prefix folder name prefix (default `wb-test-`)
 * @returns absolute path of the new, empty folder
 */
export function tempDir(prefix = 'wb-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', removeTempDirs);
  }
  tempDirs.add(dir);
  return dir;
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
