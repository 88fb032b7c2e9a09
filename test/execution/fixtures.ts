/** Shared setup of the execution tests: a tiny tabular + deep config on synthetic bars, CLI processes. */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Bars } from '../../src/data/bars';
import { dayToIso } from '../../src/util/dates';
import { repoRoot } from '../../src/util/fs';
import { writeBarsCsv } from '../training/fixtures';

/**
 * A YAML config over a CSV of `bars`: logistic + lstm (4 units, 1 epoch) on h1/h7, 3 iterations; unified
 * falls back to logistic per horizon: 6 tracks.
 * @param dir folder for the CSV and the YAML
 * @param source data.source to write (default the absolute CSV path)
 * @returns the YAML path
 */
export function writeJobConfig(dir: string, bars: Bars, source?: string): string {
  const csv = path.join(dir, 'RW.csv');
  writeBarsCsv(bars, csv);
  const file = path.join(dir, 'jobs.yaml');
  const lines = [
    'data:',
    `  source: "${source ?? `csv:${csv}`}"`,
    'training:',
    `  start_date: "${dayToIso(bars.dates[0])}"`,
    `  initial_end_date: "${dayToIso(bars.dates[400])}"`,
    '  window_increment: 14',
    '  max_iterations: 3',
    'models:',
    '  enabled: [logistic, lstm]',
    '  unified_model: logistic',
    '  epochs: 1',
    '  epochs_per_iteration: 1',
    '  params: { lstm: { units: 4, batchSize: 128 } }',
    'horizons:',
    '  enabled: [1, 7]',
    '  targets: {}',
    'features:',
    '  set: minimal',
    '  sequence_length: 5',
    'evaluation:',
    '  bootstrap_samples: 100',
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A CLI process with its output collected. */
export interface CliProcess {
  proc: ChildProcess;
  output(): string;
  /** Resolves to the exit code (or the signal name). */
  exited: Promise<number | string>;
}

/**
 * Starts `bin/workbench.js <args>`.
 * @param args CLI arguments
 * @param options working folder, extra environment
 */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliProcess {
  const proc = spawn(process.execPath, [path.join(repoRoot(), 'bin', 'workbench.js'), ...args], {
    cwd: options.cwd ?? repoRoot(),
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (c) => (out += String(c)));
  proc.stderr?.on('data', (c) => (out += String(c)));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, sig) => resolve(code ?? String(sig))));
  return { proc, output: () => out, exited };
}

/**
 * Waits until `cond()` holds (polling every 50 ms).
 * @param cond condition
 * @param ms timeout (default 30 s)
 * @param what description for the timeout error
 */
export async function waitFor(cond: () => boolean, ms = 30000, what = 'a condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
