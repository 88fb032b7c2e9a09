/**
 * Ensembles for the predictor: {@link ensembleModelSource} combines several model sources (e.g. a GBDT and a
 * logistic model of the same symbol) into one by a weighted average of their probabilities of "up"
 * ({@link weightedAverage}) or a fitted stacker ({@link stackPredict}). The combined model only predicts.
 */
import { inputError } from '../util/errors';
import type { Dataset, Model, TrainHistory } from '../models/types';
import { stackPredict, weightedAverage, type Stacker } from '../models/ensemble/stacking';
import type { LiveModelMeta, LoadedLiveModel, ModelSource } from './model-source';

/** Options of {@link ensembleModelSource}. */
export interface EnsembleSourceOptions {
  /** Weights of the members for the weighted average (default equal), e.g. from `fitBlend`. */
  weights?: number[];
  /** A stacker fitted on the members' out-of-fold predictions (replaces the weighted average). */
  stacker?: Stacker;
}

/** Prediction-only model combining members by weighted average or stacking. */
class EnsembleModel implements Model {
  readonly key = 'live_ensemble';
  readonly task = 'binary' as const;
  readonly inputRank = 2 as const;
  readonly fitted = true;
  readonly params: Readonly<Record<string, unknown>>;
  constructor(
    private readonly members: LoadedLiveModel[],
    private readonly names: string[],
    private readonly options: EnsembleSourceOptions,
  ) {
    this.params = { members: members.map((m) => `${m.meta.name}@${m.meta.version}`), weights: options.weights, stacking: Boolean(options.stacker) };
  }
  async fit(): Promise<this> {
    throw inputError({ key: 'model' }, 'members trained separately (the live ensemble only predicts)', 'fit()');
  }
  async finetune(): Promise<this> {
    throw inputError({ key: 'model' }, 'members trained separately (the live ensemble only predicts)', 'finetune()');
  }
  async predictProba(data: Dataset): Promise<Float32Array> {
    const n = data.shape[0];
    const f = data.shape[1];
    const cols: Float64Array[] = [];
    for (const m of this.members) {
      const idx = m.meta.featureNames.map((name) => data.featureNames.indexOf(name));
      const x = new Float32Array(n * idx.length);
      for (let r = 0; r < n; r++) idx.forEach((j, c) => (x[r * idx.length + c] = data.x[r * f + j]));
      const p = await m.model.predictProba({ x, shape: [n, idx.length], featureNames: m.meta.featureNames.slice() });
      cols.push(Float64Array.from({ length: n }, (_, r) => p[r * 2 + 1]));
    }
    const up = this.options.stacker ? stackPredict(this.options.stacker, cols) : weightedAverage(cols, this.options.weights);
    const out = new Float32Array(n * 2);
    up.forEach((p, r) => {
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    });
    return out;
  }
  async predict(data: Dataset): Promise<Float32Array> {
    const p = await this.predictProba(data);
    return Float32Array.from({ length: data.shape[0] }, (_, r) => (p[r * 2 + 1] >= 0.5 ? 1 : 0));
  }
  async save(): Promise<void> {
    throw inputError({ key: 'model' }, 'members saved separately (the live ensemble is rebuilt from its sources)', 'save()');
  }
  sizeBytes(): number {
    return this.members.reduce((s, m) => s + m.model.sizeBytes(), 0);
  }
  history(): TrainHistory {
    return { loss: [] };
  }
  dispose(): void {
    for (const m of this.members) m.model.dispose?.();
  }
  featureNames(): string[] {
    return this.names.slice();
  }
}

/**
 * A model source whose model combines the models of several sources for the same symbol and horizon.
 * Symbols for which any member is missing get no model.
 * @param sources member sources (at least 2), in weight order
 * @param options weights (default equal) or a stacker
 * @returns ModelSource named `ensemble(<members>)`
 */
export function ensembleModelSource(sources: ModelSource[], options: EnsembleSourceOptions = {}): ModelSource {
  if (sources.length < 2) throw inputError({ key: 'ensemble' }, 'at least 2 member sources', String(sources.length));
  if (options.weights && options.weights.length !== sources.length) throw inputError({ key: 'ensemble.weights' }, `${sources.length} weights`, String(options.weights.length));
  const combineMeta = (metas: LiveModelMeta[]): LiveModelMeta => {
    const names = [...new Set(metas.flatMap((m) => m.featureNames))];
    const trainEnd = metas.map((m) => m.trainEnd).sort()[0];
    const trainedAt = metas.map((m) => m.trainedAt).sort()[0];
    return {
      name: `ensemble(${metas.map((m) => m.name).join(',')})`,
      version: metas.map((m) => m.version).join('+'),
      featureSet: 'full',
      featureNames: names,
      horizon: metas[0].horizon,
      trainedAt,
      trainStart: metas.map((m) => m.trainStart).sort()[0],
      trainEnd,
    };
  };
  return {
    name: `ensemble(${sources.map((s) => s.name).join(', ')})`,
    async describe(symbol, horizon) {
      const metas = await Promise.all(sources.map((s) => s.describe(symbol, horizon)));
      return metas.every((m) => m) ? combineMeta(metas as LiveModelMeta[]) : undefined;
    },
    async resolve(symbol, horizon) {
      const members: LoadedLiveModel[] = [];
      for (const s of sources) {
        const m = await s.resolve(symbol, horizon);
        if (!m) {
          for (const x of members) x.model.dispose?.();
          return undefined;
        }
        members.push(m);
      }
      const meta = combineMeta(members.map((m) => m.meta));
      return { model: new EnsembleModel(members, meta.featureNames, options), meta, dir: members.map((m) => m.dir).join(';') };
    },
  };
}
