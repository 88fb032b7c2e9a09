/** Shared fixtures of the pipeline CLI tests: a tiny seeded synthetic universe and a fast pipeline config. */
import * as fs from 'fs';
import * as path from 'path';
import { syntheticPanel, writeSyntheticUniverse } from '../../src/data/panel-synthetic';

/** Writes a small pipeline config (tiny models) over the universe folder; `extra` lines go under `data.universe`. */
export function writeConfig(dir: string, universeDir: string, extra = ''): string {
  const file = path.join(dir, 'universe.yaml');
  fs.writeFileSync(
    file,
    [
      'data:',
      '  universe:',
      `    source: "dir:${universeDir}"`,
      '    min_history: 300',
      extra,
      'models:',
      '  epochs: 1',
      '  batch_size: 256',
      '  params:',
      '    gbdt: { nRounds: 30, maxDepth: 3 }',
      '    lstm: { units: 8 }',
      '    lstm_vol: { units: 8 }',
      '    random_forest: { nTrees: 10, maxDepth: 6 }',
      'features: { set: full, sequence_length: 10 }',
      'pipeline: { train_fraction: 0.7, validation_fraction: 0.1, direction_models: [gbdt, lstm] }',
      '',
    ].join('\n'),
  );
  return file;
}

/** Writes a seeded synthetic universe (CSVs + universe.json) under `root`. */
export function universeFolder(root: string, options: { symbols?: number; days?: number } = {}): string {
  const dir = path.join(root, 'universe');
  writeSyntheticUniverse(dir, syntheticPanel({ seed: 3, symbols: options.symbols ?? 6, sectors: Math.min(5, options.symbols ?? 6), days: options.days ?? 420, signal: 0.2 }));
  return dir;
}
