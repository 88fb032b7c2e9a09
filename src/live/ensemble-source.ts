/**
 * Ensembles for the predictor: {@link ensembleModelSource} combines several model sources (e.g. a GBDT and a
 * logistic model of the same symbol) into one by a weighted average of their probabilities of "up"
 * ({@link weightedAverage}) or a fitted stacker ({@link stackPredict}). The combination only predicts; each
 * member is served through its own bundle.
 */
import { inputError } from '../util/errors';
import { stackPredict, weightedAverage, type Stacker } from '../models/ensemble/stacking';
import type { LiveModelMeta, LoadedLiveModel, ModelSource } from './model-source';

/** Options of {@link ensembleModelSource}. */
export interface EnsembleSourceOptions {
  /** Weights of the members for the weighted average (default equal), e.g. from `fitBlend`. */
  weights?: number[];
  /** A stacker fitted on the members' out-of-fold predictions (replaces the weighted average). */
  stacker?: Stacker;
}

/**
 * Combines loaded members into one served model: P(up) is the stacker's output on the members' P(up), or
 * their weighted average; each member serves through its own bundle (features, scaler, window).
 */
function combined(members: LoadedLiveModel[], meta: LiveModelMeta, options: EnsembleSourceOptions): LoadedLiveModel {
  return {
    meta,
    dir: members.map((m) => m.dir).join(';'),
    async probUp(bars, rows) {
      const cols: Float64Array[] = [];
      for (const m of members) cols.push(await m.probUp(bars, rows));
      return options.stacker ? stackPredict(options.stacker, cols) : weightedAverage(cols, options.weights);
    },
    dispose() {
      for (const m of members) m.dispose();
    },
  };
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
          for (const x of members) x.dispose();
          return undefined;
        }
        members.push(m);
      }
      return combined(members, combineMeta(members.map((m) => m.meta)), options);
    },
  };
}
