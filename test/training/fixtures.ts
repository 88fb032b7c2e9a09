/**
 * Test fixtures for the trainers: a `test_last_label` model (registered once) that records every dataset
 * it is given and predicts the class of the most recent labelled training row — a perfect memoriser of
 * the latest label, so any label overlap between training and test shows up as accuracy.
 */
import { modelKeys, readManifest, registerModel, writeManifest } from '../../src/models/registry';
import type { Dataset, FinetuneOptions, FitOptions, Model, Task, TrainHistory } from '../../src/models/types';
import { parseConfig } from '../../src/config/load';
import type { WorkbenchConfig, WorkbenchConfigInput } from '../../src/config/schema';
import type { Bars } from '../../src/data/bars';
import { dayToIso } from '../../src/util/dates';
import * as fs from 'fs';
import * as path from 'path';

/** One recorded call. */
export interface SpyCall {
  method: 'fit' | 'finetune';
  dates: Int32Array;
  labels: Float32Array;
  validationDates: Int32Array;
}

/** Every fit/finetune call of any `test_last_label` instance, in order. */
export const spyCalls: SpyCall[] = [];

class LastLabelModel implements Model {
  readonly key = 'test_last_label';
  readonly task: Task = 'binary';
  readonly inputRank = 2 as const;
  readonly params: Readonly<Record<string, unknown>> = {};
  last = -1;
  names: string[] = [];
  get fitted(): boolean {
    return this.last >= 0;
  }
  private learn(d: Dataset, method: SpyCall['method'], o: FitOptions): void {
    spyCalls.push({ method, dates: (d.dates as Int32Array).slice(), labels: (d.y as Float32Array).slice(), validationDates: (o.validation?.dates ?? new Int32Array(0)).slice() });
    const y = d.y as Float32Array;
    for (let i = y.length - 1; i >= 0; i--) {
      if (!Number.isNaN(y[i])) {
        this.last = y[i];
        break;
      }
    }
    this.names = d.featureNames.slice();
  }
  async fit(d: Dataset, o: FitOptions = {}): Promise<this> {
    this.learn(d, 'fit', o);
    return this;
  }
  async finetune(d: Dataset, o: FinetuneOptions = {}): Promise<this> {
    this.learn(d, 'finetune', o);
    return this;
  }
  async predictProba(d: Dataset): Promise<Float32Array> {
    const out = new Float32Array(d.shape[0] * 2);
    for (let i = 0; i < d.shape[0]; i++) out[i * 2 + this.last] = 1;
    return out;
  }
  async predict(d: Dataset): Promise<Float32Array> {
    return new Float32Array(d.shape[0]).fill(this.last);
  }
  async save(dir: string): Promise<void> {
    writeManifest(dir, { key: this.key, task: this.task, params: {}, featureNames: this.names, state: { last: this.last } });
  }
  sizeBytes(): number {
    return 16;
  }
  history(): TrainHistory {
    return { loss: [] };
  }
}

if (!modelKeys().includes('test_last_label')) {
  registerModel({
    key: 'test_last_label',
    description: 'test fixture: predicts the latest training label',
    tasks: ['binary'],
    inputRank: 2,
    create: () => new LastLabelModel(),
    load: async (dir) => {
      const m = new LastLabelModel();
      const man = readManifest(dir);
      m.last = (man.state as { last: number }).last;
      m.names = man.featureNames;
      return m;
    },
  });
}

/**
 * A small config over `bars`: training from the first bar, first window ending at row `endRow`.
 * @param bars data the run will get
 * @param endRow row of initial_end_date
 * @param extra overrides merged per section
 */
export function testConfig(bars: Bars, endRow: number, extra: WorkbenchConfigInput = {}): WorkbenchConfig {
  const e = extra as Record<string, Record<string, unknown>>;
  return parseConfig({
    ...extra,
    training: { start_date: dayToIso(bars.dates[0]), initial_end_date: dayToIso(bars.dates[endRow]), early_stop_patience: 1000, ...(e.training ?? {}) },
    horizons: { targets: {}, ...(e.horizons ?? {}) },
    features: { set: 'minimal', ...(e.features ?? {}) },
    evaluation: { bootstrap_samples: 200, ...(e.evaluation ?? {}) },
  });
}

/** results.json without the fields that measure time. */
export function withoutTiming(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTiming);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!['trainMs', 'createdAt', 'completedAt', 'durationMs', 'runId'].includes(k)) o[k] = withoutTiming(x);
    return o;
  }
  return v;
}

/** Writes bars as a plain OHLCV CSV. */
export function writeBarsCsv(bars: Bars, file: string): void {
  const lines = ['date,open,high,low,close,volume'];
  for (let i = 0; i < bars.dates.length; i++) lines.push(`${dayToIso(bars.dates[i])},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** A tiny YAML config training logistic + gbdt on a CSV of synthetic bars. */
export function writeTinyConfig(dir: string, bars: Bars, extra = ''): string {
  const csv = path.join(dir, 'RW.csv');
  writeBarsCsv(bars, csv);
  const file = path.join(dir, 'tiny.yaml');
  fs.writeFileSync(
    file,
    [
      'data:',
      `  source: "csv:${csv}"`,
      'training:',
      `  start_date: "${dayToIso(bars.dates[0])}"`,
      `  initial_end_date: "${dayToIso(bars.dates[400])}"`,
      '  window_increment: 14',
      '  max_iterations: 4',
      'models:',
      '  enabled: [logistic, gbdt]',
      '  unified_model: logistic',
      '  params: { gbdt: { nRounds: 10, maxDepth: 3 } }',
      'horizons:',
      '  enabled: [1, 7]',
      'features:',
      '  set: minimal',
      'evaluation:',
      '  bootstrap_samples: 100',
      extra,
    ].join('\n'),
  );
  return file;
}

