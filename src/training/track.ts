/**
 * Runs one training track over the progressive schedule: a model on one horizon (progressive mode), or
 * one model trained once for one or all horizons (unified mode). Each iteration trains (fit or warm-start
 * finetune) on purged rows up to its trainEnd, checks the stopping rules on the validation tail only,
 * predicts the next block out of sample, and hands its state to a checkpoint hook.
 */
import type { Model, TrainProgress } from '../models/types';
import { dayToIso } from '../util/dates';
import { Scaler, type ScalerKind } from '../windows/scalers';
import { validationScore, fitOnRows, fittedFrom, scoreOnRows, selectionRecord, type Fitted, type FitSpec } from './fit';
import { isMultiHead, type ModelSettings } from './models';
import type { PreparedData } from './prepare';
import { iterationRows, type IterationRowOptions, type IterationRows, type IterationWindow } from './schedule';
import type { IterationRecord, TrackState } from './types';

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
  /** Iterations without validation improvement before the model is frozen; 0 = never (the default). */
  patience: number;
  /** Target accuracy per horizon key; reaching it on validation (95 % lower confidence bound) freezes the model. */
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
  /** Called once when the track ends, with its final model (writes the track's model bundle). */
  finish?(state: TrackState, model: Model): Promise<void>;
}

function newRecords(state: TrackState): void {
  for (const h of state.horizons) state.byHorizon[h] = state.byHorizon[h] ?? { iterations: [], predictions: [] };
}

/**
 * One-sided 95 % Wilson lower bound of an accuracy measured on `n` rows: a validation tail of ~100 rows
 * scores ±0.05 by chance, so a target counts as reached only when the bound reaches it.
 * @returns the bound in [0, 1] (0 when n = 0)
 */
export function accuracyLowerBound(acc: number, n: number): number {
  if (!(n > 0)) return 0;
  const z = 1.6449;
  const z2n = (z * z) / n;
  return Math.max(0, (acc + z2n / 2 - z * Math.sqrt((acc * (1 - acc)) / n + z2n / (4 * n))) / (1 + z2n));
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
  const keys = state.horizons;
  const primary = keys[0];
  const spec: FitSpec = { model: state.model, settings, keys, scalerKind: ctx.scalerKind };
  const multi = isMultiHead(state.model);
  const restored = state.modelDir ? await ctx.restore(state) : undefined;
  let fitted = restored && state.scaler ? fittedFrom(prep, spec, restored, Scaler.fromJSON(state.scaler, { clip: 10 })) : undefined;
  const total = schedule.length;
  for (let i = state.next; i < total; i++) {
    if (ctx.signal?.aborted) throw Object.assign(new Error(`training cancelled before iteration ${schedule[i].iteration} of ${state.id}`), { name: 'AbortError' });
    const w = schedule[i];
    const rowsBy: Record<string, IterationRows> = {};
    for (const k of keys) rowsBy[k] = iterationRows(prep, w, k, ctx.rows);
    const emit = (e: TrainProgress): void =>
      ctx.onProgress?.({ ...e, stage: state.mode, model: state.model, horizon: multi ? undefined : horizonOf(primary), iteration: w.iteration, iterations: schedule[total - 1].iteration, fraction: undefined });
    let action: IterationRecord['action'] = 'frozen';
    let valAcc: number | null = null;
    let ms = 0;
    let capacity: Record<string, number | string> | undefined;
    const mustTrain = !state.stopped && !(ctx.trainOnce && fitted !== undefined);
    if (mustTrain) {
      const warm = ctx.warmStart ? fitted : undefined;
      if (!warm) fitted?.model.dispose?.();
      const out = await fitOnRows(prep, spec, rowsBy, { warm, finetuneWindow: ctx.finetuneWindow, onProgress: emit, signal: ctx.signal });
      fitted = out.fitted;
      action = out.action;
      ms = out.ms;
      state.scaler = fitted.scaler.toJSON();
      const chosen = { ...(fitted.model.selection?.() ?? {}), ...selectionRecord(fitted.scaler) };
      capacity = Object.keys(chosen).length ? chosen : undefined;
      if (action === 'fit') state.fits = [...(state.fits ?? []), { iteration: w.iteration, trainStart: dayToIso(w.trainStartDay), trainEnd: dayToIso(w.trainEndDay) }];
      valAcc = await validationScore(prep, fitted, Object.fromEntries(keys.map((k) => [k, rowsBy[k].validation])));
      if (valAcc > state.bestValidation + 1e-12) {
        state.bestValidation = valAcc;
        state.sinceBest = 0;
      } else state.sinceBest++;
      const target = ctx.targets[primary];
      const nVal = Math.min(...keys.map((k) => rowsBy[k].validation.length));
      const low = accuracyLowerBound(valAcc, nVal);
      if (!ctx.trainOnce && target !== undefined && low >= target) {
        state.stopped = true;
        state.stopReason = `validation accuracy ${valAcc.toFixed(4)} on ${nVal} rows (95 % lower bound ${low.toFixed(4)}) reached the target ${target} at iteration ${w.iteration}`;
      } else if (!ctx.trainOnce && ctx.patience > 0 && state.sinceBest >= ctx.patience) {
        state.stopped = true;
        state.stopReason = `no validation improvement for ${ctx.patience} iterations (iteration ${w.iteration})`;
      }
      state.trainMs += ms;
      state.lastTrainEnd = dayToIso(w.trainEndDay);
    }
    const current = fitted as Fitted;
    for (const k of keys) {
      const r = rowsBy[k];
      const { predictions: preds, hits } = await scoreOnRows(prep, current, r.test, k, { iteration: w.iteration, trainRows: r.train });
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
        ...(capacity ? { capacity } : {}),
      });
    }
    state.next = i + 1;
    if (mustTrain) state.modelBytes = current.model.sizeBytes();
    if (i === total - 1) state.done = true;
    const reloaded = await ctx.checkpoint(state, mustTrain ? current.model : undefined);
    if (reloaded && reloaded !== current.model) fitted = { ...current, model: reloaded };
    ctx.onProgress?.({ stage: state.mode, model: state.model, horizon: multi ? undefined : horizonOf(primary), iteration: w.iteration, iterations: schedule[total - 1].iteration, metrics: valAcc === null ? {} : { valAccuracy: valAcc }, fraction: 1 });
  }
  state.done = true;
  if (fitted) await ctx.finish?.(state, fitted.model);
  fitted?.model.dispose?.();
  return state;
}
