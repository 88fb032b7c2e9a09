/**
 * One progress stream for long work (training runs, tuning, reports): producers emit {@link TrainProgress}
 * events; a {@link ProgressTracker} folds them into a status snapshot with an ETA computed from measured
 * unit durations; consumers (terminal bar, notebook display, REST API) read the snapshot.
 */
import type { TrainProgress } from '../models/types';

/** A point-in-time view of a long job, as served by the API and drawn by progress bars. */
export interface ProgressStatus extends TrainProgress {
  /** Work units finished (e.g. iterations over all horizons and models). */
  unitsDone: number;
  /** Work units planned. */
  unitsTotal: number;
  /** Overall fraction done, 0..1. */
  overall: number;
  /** Milliseconds since the tracker started. */
  elapsedMs: number;
  /** Estimated milliseconds left (undefined until there is something to extrapolate from). */
  etaMs?: number;
  /** When the last event arrived (ms since epoch). */
  updatedAt: number;
}

/**
 * Estimates time left from the durations of finished units: mean finished-unit duration × units left,
 * minus the time already spent on the current unit (never below the current unit's own extrapolation).
 * @param doneDurationsMs durations of finished units (ms)
 * @param unitsLeft units not finished yet, including the current one
 * @param currentElapsedMs time spent so far on the current unit
 * @param currentFraction fraction (0..1) of the current unit done, if known
 * @returns milliseconds, or undefined when nothing has been measured yet
 */
export function estimateEta(doneDurationsMs: number[], unitsLeft: number, currentElapsedMs = 0, currentFraction?: number): number | undefined {
  if (unitsLeft <= 0) return 0;
  if (doneDurationsMs.length === 0) {
    if (currentFraction && currentFraction > 0.02) {
      const perUnit = currentElapsedMs / currentFraction;
      return Math.max(0, perUnit * unitsLeft - currentElapsedMs);
    }
    return undefined;
  }
  const recent = doneDurationsMs.slice(-10);
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  let currentLeft = Math.max(0, mean - currentElapsedMs);
  if (currentFraction !== undefined && currentFraction > 0.02) currentLeft = Math.max(0, (currentElapsedMs / currentFraction) * (1 - currentFraction));
  return currentLeft + mean * (unitsLeft - 1);
}

/** Folds progress events into a {@link ProgressStatus}. A "unit" finishes when an event has `fraction: 1`. */
export class ProgressTracker {
  private readonly started: number;
  private unitStarted: number;
  private readonly durations: number[] = [];
  private last: ProgressStatus;
  private readonly now: () => number;

  /**
   * @param unitsTotal planned units of work (e.g. horizons × models × iterations)
   * @param options.now clock in ms (tests inject a fake one); default Date.now
   */
  constructor(unitsTotal: number, options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.unitStarted = this.started;
    this.last = { stage: 'starting', unitsDone: 0, unitsTotal, overall: 0, elapsedMs: 0, updatedAt: this.started };
  }

  /** Records an event and returns the new status. */
  update(event: TrainProgress): ProgressStatus {
    const t = this.now();
    let unitsDone = this.last.unitsDone;
    const fraction = event.fraction ?? 0;
    if (fraction >= 1) {
      this.durations.push(t - this.unitStarted);
      this.unitStarted = t;
      unitsDone = Math.min(this.last.unitsTotal, unitsDone + 1);
    }
    const unitsTotal = this.last.unitsTotal;
    const partial = fraction >= 1 ? 0 : fraction;
    const overall = unitsTotal > 0 ? Math.min(1, (unitsDone + partial) / unitsTotal) : 0;
    const etaMs = estimateEta(this.durations, unitsTotal - unitsDone, t - this.unitStarted, fraction >= 1 ? undefined : fraction || undefined);
    const { fraction: _f, etaMs: _e, ...rest } = event;
    this.last = { ...rest, fraction: partial, unitsDone, unitsTotal, overall, elapsedMs: t - this.started, etaMs, updatedAt: t };
    return this.last;
  }

  /** Changes the planned total (e.g. when early stopping skips iterations). */
  setTotal(unitsTotal: number): void {
    this.last = { ...this.last, unitsTotal, overall: unitsTotal > 0 ? Math.min(1, this.last.unitsDone / unitsTotal) : 0 };
  }

  /** The latest status. */
  status(): ProgressStatus {
    return this.last;
  }

  /** Durations (ms) of the finished units, in order. */
  unitDurations(): number[] {
    return this.durations.slice();
  }
}

/** Formats milliseconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** One-line text form of a status: `[#####-----] 50% lstm h=7 it 3/30 ep 4/15 loss 0.6921 acc 0.512 ETA 3m05s`. */
export function formatStatus(s: ProgressStatus, width = 20): string {
  const filled = Math.round(s.overall * width);
  const parts = [`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(s.overall * 100).toFixed(0).padStart(3)}%`, s.stage];
  if (s.model) parts.push(s.model);
  if (s.horizon !== undefined) parts.push(`h=${s.horizon}`);
  if (s.iteration !== undefined) parts.push(`it ${s.iteration}${s.iterations ? `/${s.iterations}` : ''}`);
  if (s.epoch !== undefined) parts.push(`ep ${s.epoch}${s.epochs ? `/${s.epochs}` : ''}`);
  if (s.loss !== undefined) parts.push(`loss ${s.loss.toFixed(4)}`);
  const acc = s.metrics?.valAccuracy ?? s.metrics?.accuracy;
  if (acc !== undefined) parts.push(`acc ${acc.toFixed(3)}`);
  parts.push(`ETA ${formatDuration(s.etaMs)}`);
  return parts.join(' ');
}
