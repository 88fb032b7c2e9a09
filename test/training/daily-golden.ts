/**
 * The fixed small DAILY binary run whose outputs must not change when value tasks (or anything else that
 * claims to leave daily runs alone) land: results.json, predictions.csv, comparison files, every bundle.json
 * and model folder — timings, wall-clock stamps and the echoed config removed. `dailyGoldenDigest` runs it with the code under
 * `root` (this checkout's compiled `src`, or another checkout's `dist/src`) and returns one sha256 per file
 * plus the headline accuracies, so a mismatch says which file moved.
 *
 * Re-pin (only when a change to daily outputs is intended): `npm run build`, then
 * `node dist/test/training/daily-golden.js dist/src > test/fixtures/daily-golden.json`.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Keys removed before hashing: timings and wall-clock stamps, and the echoed config with its hash (a new config
 * key with a default — e.g. a timeframe — is an input change, not an output change; config.json is skipped too).
 */
const VOLATILE = new Set(['createdAt', 'completedAt', 'durationMs', 'trainMs', 'trainedAt', 'savedAt', 'config', 'configHash']);

/** The digest of a run's files. */
export interface GoldenDigest {
  files: Record<string, string>;
  accuracy: Record<string, number>;
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !VOLATILE.has(k)).map(([k, x]) => [k, strip(x)]));
  return v;
}

function csvWithout(text: string, columns: string[]): string {
  const lines = text.trim().split('\n');
  const head = lines[0].split(',');
  const keep = head.map((h, i) => (columns.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((l) => keep.map((i) => l.split(',')[i]).join(',')).join('\n');
}

function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]));
}

const sha = (s: string | Buffer): string => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * Runs the golden config with the code under `root` and digests its outputs.
 * @param root folder holding the compiled `config/`, `data/`, `training/` modules
 * @param home scratch folder (a new temp folder when omitted; removed afterwards)
 * @returns GoldenDigest
 */
export async function dailyGoldenDigest(root: string, home?: string): Promise<GoldenDigest> {
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { parseConfig } = require(path.resolve(root, 'config/load'));
  const { ar1Returns } = require(path.resolve(root, 'data/synthetic'));
  const { trainRun } = require(path.resolve(root, 'training/run'));
  const own = home === undefined;
  const dir = home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
  try {
    const bars = ar1Returns({ n: 520, seed: 31, phi: 0.2, symbol: 'GOLD', start: '2015-01-02' });
    const day = (i: number): string => new Date(bars.dates[i] * 86400000).toISOString().slice(0, 10);
    const cfg = parseConfig({
      training: { start_date: day(0), initial_end_date: day(440), window_increment: 14, max_iterations: 2 },
      models: { enabled: ['logistic', 'gbdt', 'random_forest', 'lstm'], epochs: 1, epochs_per_iteration: 1, params: { gbdt: { nRounds: 8, maxDepth: 3 }, random_forest: { nTrees: 8, maxDepth: 4 }, lstm: { units: 4 }, unified: { units: 4 } } },
      horizons: { enabled: [1, 7] },
      features: { set: 'minimal', sequence_length: 10 },
      evaluation: { bootstrap_samples: 50 },
    });
    const out = await trainRun(cfg, { bars, home: dir, runId: 'golden', track: false });
    const files: Record<string, string> = {};
    for (const rel of walk(out.dir).filter((f) => !f.startsWith('checkpoint') && f !== 'config.json').sort()) {
      const file = path.join(out.dir, rel);
      if (rel.endsWith('.json')) files[rel] = sha(JSON.stringify(strip(JSON.parse(fs.readFileSync(file, 'utf8')))));
      else if (rel === 'comparison.csv') files[rel] = sha(csvWithout(fs.readFileSync(file, 'utf8'), ['a_train_ms', 'b_train_ms']));
      else files[rel] = sha(fs.readFileSync(file));
    }
    const accuracy: Record<string, number> = {};
    for (const [mode, m] of Object.entries(out.results.modes as Record<string, { horizons: Record<string, Record<string, { accuracy: number }>> }>)) {
      for (const [h, models] of Object.entries(m.horizons)) for (const [k, e] of Object.entries(models)) accuracy[`${mode}/h${h}/${k}`] = e.accuracy;
    }
    return { files, accuracy };
  } finally {
    if (own) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  dailyGoldenDigest(process.argv[2] ?? path.join(__dirname, '..', '..', 'src')).then(
    (d) => process.stdout.write(`${JSON.stringify(d, null, 2)}\n`),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
