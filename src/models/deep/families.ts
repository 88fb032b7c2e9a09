/** Registers the deep families with the model registry (imported once from `deep/index.ts`). */
import { registerModel } from '../registry';
import { DeepSequenceModel } from './model';

const families: Array<{ key: string; description: string; regressionOnly?: boolean }> = [
  { key: 'lstm', description: 'LSTM on a feature sequence (fast); binary, ternary or regression' },
  { key: 'lstm_vol', description: 'LSTM regressor of realized volatility (log target), for comparison with GARCH', regressionOnly: true },
  { key: 'lstm_cnn', description: 'Conv1D feature extractor feeding an LSTM (balanced)' },
  { key: 'lstm_transformer_cnn', description: 'Conv1D + Transformer encoder block + LSTM (full)' },
  { key: 'unified', description: 'Shared LSTM trunk with one head per horizon (h1, h7, h30), masked summed loss' },
];

for (const f of families) {
  registerModel({
    key: f.key,
    description: f.description,
    tasks: f.regressionOnly ? ['regression'] : ['binary', 'ternary', 'regression'],
    inputRank: 3,
    create: (params) => new DeepSequenceModel(f.key, params),
    load: (dir, manifest) => DeepSequenceModel.load(dir, manifest),
  });
}

/** Registry keys of the deep families. */
export const DEEP_MODEL_KEYS = families.map((f) => f.key);
