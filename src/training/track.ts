/**
 * Runs one training track over the progressive schedule: a model on one horizon (progressive mode), or
 * one model trained once for one or all horizons (unified mode). Each iteration trains (fit or warm-start
 * finetune) on purged rows up to its trainEnd, checks the stopping rules on the validation tail only,
 * predicts the next block out of sample, and hands its state to a checkpoint hook.
 */
import { accuracy } from '../evaluation/metrics/classification';
import { majorityClass } from '../evaluation/metrics/baselines';
import type { Dataset, Model, TrainProgress } from '../models/types';
import { dayToIso } from '../util/dates';
import { Scaler, type ScalerKind } from '../windows/scalers';
import { createRunModel, isMultiHead, modelRank, type ModelSettings } from './models';
import { datasetForRows, fitRowScaler, scaleMatrix, type PreparedData } from './prepare';
import { iterationRows, type IterationRowOptions, type IterationRows, type IterationWindow } from './schedule';
import type { IterationRecord, PredictionRow, TrackState } from './types';

/** What a track needs from its run. */
export interface TrackContext {
  prep: PreparedData;
  schedule: IterationWindow[];
  settings: ModelSettings;
  rows: IterationRowOptions;
  /** Fine-tune the previous model (true) or refit from scratch every iteration (false). */
  warmStart: boolean;
  /** Most recent training samples used by a warm-start update of a sequence (deep) model; tabular models use the whole window. */
  finetuneWindow: number;
  /** Iterations without validation improvement before the model is frozen. */
  patience: number;
  /** Target accuracy per horizon key; reaching it on validation freezes the model. */
  targets: Record<string, number | undefined>;
  scalerKind: ScalerKind;
  /** Train once at the first iteration and only predict afterwards (unified mode). */
  trainOnce: boolean;
  onProgress?: (event: TrainProgress) => void;
  /** Cancels at the next batch (passed to fit/finetune) or iteration. */
  signal?: AbortSignal;
  /** Persists the state (and the model when it changed); resolves to the model to continue with. */
  checkpoint(state: TrackState, model: Model | undefined): Promise<Model | undefined>;
  /** Restores the model a resumed track continues from. */
  restore(state: TrackState): Promise<Model | undefined>;
}

function newRecords(state: TrackState): void {
  for (const h of state.horizons) state.byHorizon[h] = state.byHorizon[h] ?? { iterations: [], predictions: [] };
}

/** Membership mask of `rows` in `set` (both ascending). */
function maskOf(rows: Int32Array, set: Int32Array): Uint8Array {
  const s = new Set(set);
  return Uint8Array.from(rows, (r) => (s.has(r) ? 1 : 0));
}

function horizonOf(key: string): number {
  return Number(key.slice(1));
}

/**
 * Runs (or resumes) a track to the end of the schedule, mutating and checkpointing `state`.
 * @param ctx run context (data, schedule, settings, hooks)
 * @param state track state (fresh or restored from a checkpoint)
 * @returns the final state (same object)
 */
export async function runTrack(ctx: TrackContext, state: TrackState): Promise<TrackState> {
  const { prep, schedule, settings } = ctx;
  newRecords(state);
  const rank = modelRank(state.model);
  const multi = isMultiHead(state.model);
  const keys = state.horizons;
  const primary = keys[0];
  let model = state.modelDir ? await ctx.restore(state) : undefined;
  let scaled = state.scaler ? scaleMatrix(prep, Scaler.fromJSON(state.scaler, { clip: 10 })) : undefined;
  const total = schedule.length;
  for (let i = state.next; i < total; i++) {
    if (ctx.signal?.aborted) throw Object.assign(new Error(`training cancelled before iteration ${schedule[i].iteration} of ${state.id}`), { name: 'AbortError' });
    const w = schedule[i];
    const rowsBy: Record<string, IterationRows> = {};
    for (const k of keys) rowsBy[k] = iterationRows(prep, w, k, ctx.rows);
    const main = rowsBy[primary];
    const heads = multi ? { targets: keys, target: primary } : { target: primary };
    const dsFor = (rows: Int32Array, part: 'train' | 'validation'): Dataset => {
      const masks: Record<string, Uint8Array> = {};
      if (multi) for (const k of keys) masks[k] = maskOf(rows, rowsBy[k][part]);
      return datasetForRows(prep, scaled as Float32Array, rows, { rank, ...heads, masks });
    };
    const emit = (e: TrainProgress): void =>
      ctx.onProgress?.({ ...e, stage: state.mode, model: state.model, horizon: multi ? undefined : horizonOf(primary), iteration: w.iteration, iterations: schedule[total - 1].iteration, fraction: undefined });
    let action: IterationRecord['action'] = 'frozen';
    let valAcc: number | null = null;
    let ms = 0;
    const mustTrain = !state.stopped && !(ctx.trainOnce && model !== undefined);
    if (mustTrain) {
      const t0 = Date.now();
      const fresh = model === undefined || !ctx.warmStart;
      if (fresh) {
        const scaler = fitRowScaler(prep, main.train, ctx.scalerKind);
        state.scaler = scaler.toJSON();
        scaled = scaleMatrix(prep, scaler);
      }
      const validation = dsFor(main.validation, 'validation');
      if (fresh) {
        model?.dispose?.();
        model = createRunModel(state.model, settings, multi ? { targets: keys } : {}, Math.max(...state.horizons.map((h) => Number(h.slice(1)))));
        await model.fit(dsFor(main.train, 'train'), { validation, onProgress: emit, signal: ctx.signal });
        action = 'fit';
      } else {
        // deep nets take epochs on the recent window; tabular families warm-start on the whole window
        const recent = rank === 3 ? main.train.slice(Math.max(0, main.train.length - ctx.finetuneWindow)) : main.train;
        await (model as Model).finetune(dsFor(recent, 'train'), { validation, onProgress: emit, signal: ctx.signal, ...(rank === 3 ? { epochs: settings.epochsPerIteration } : {}) });
        action = 'finetune';
      }
      ms = Date.now() - t0;
      const accs: number[] = [];
      for (const k of keys) {
        const v = rowsBy[k].validation;
        const vd = datasetForRows(prep, scaled as Float32Array, v, { rank, target: k });
        const pred = await (model as Model).predict(vd, multi ? { target: k } : undefined);
        accs.push(accuracy(vd.y as Float32Array, pred));
      }
      valAcc = accs.reduce((a, b) => a + b, 0) / accs.length;
      if (valAcc > state.bestValidation + 1e-12) {
        state.bestValidation = valAcc;
        state.sinceBest = 0;
      } else state.sinceBest++;
      const target = ctx.targets[primary];
      if (!ctx.trainOnce && target !== undefined && valAcc >= target) {
        state.stopped = true;
        state.stopReason = `validation accuracy ${valAcc.toFixed(4)} reached the target ${target} at iteration ${w.iteration}`;
      } else if (!ctx.trainOnce && state.sinceBest >= ctx.patience) {
        state.stopped = true;
        state.stopReason = `no validation improvement for ${ctx.patience} iterations (iteration ${w.iteration})`;
      }
      state.trainMs += ms;
    }
    for (const k of keys) {
      const r = rowsBy[k];
      const td = datasetForRows(prep, scaled as Float32Array, r.test, { rank, target: k });
      const opts = multi ? { target: k } : undefined;
      const proba = await (model as Model).predictProba(td, opts);
      const c = proba.length / Math.max(1, r.test.length);
      const y = td.y as Float32Array;
      const trainLabels = Float64Array.from(r.train, (row) => prep.target[k][row]);
      const maj = majorityClass(trainLabels).classIndex;
      const preds: PredictionRow[] = [];
      let hits = 0;
      for (let j = 0; j < r.test.length; j++) {
        let best = 0;
        for (let q = 1; q < c; q++) if (proba[j * c + q] > proba[j * c + best]) best = q;
        if (best === y[j]) hits++;
        preds.push({ iteration: w.iteration, row: r.test[j], date: dayToIso(prep.frame.dates[r.test[j]]), y: y[j], pred: best, pUp: proba[j * c + c - 1], majority: maj });
      }
      const track = state.byHorizon[k];
      track.predictions.push(...preds);
      track.iterations.push({
        iteration: w.iteration,
        trainStart: dayToIso(w.trainStartDay),
        trainEnd: dayToIso(w.trainEndDay),
        testStart: preds.length ? preds[0].date : dayToIso(w.testStartDay),
        testEnd: preds.length ? preds[preds.length - 1].date : dayToIso(w.testEndDay),
        validationAccuracy: mustTrain ? valAcc : null,
        testAccuracy: preds.length ? hits / preds.length : NaN,
        nTest: preds.length,
        nTrain: r.train.length,
        nValidation: r.validation.length,
        trainMs: k === primary ? ms : 0,
        action,
      });
    }
    state.next = i + 1;
    if (mustTrain) state.modelBytes = (model as Model).sizeBytes();
    if (i === total - 1) state.done = true;
    model = await ctx.checkpoint(state, mustTrain ? model : undefined) ?? model;
    ctx.onProgress?.({ stage: state.mode, model: state.model, horizon: multi ? undefined : horizonOf(primary), iteration: w.iteration, iterations: schedule[total - 1].iteration, metrics: valAcc === null ? {} : { valAccuracy: valAcc }, fraction: 1 });
  }
  state.done = true;
  model?.dispose?.();
  return state;
}
