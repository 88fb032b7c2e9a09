/**
 * Live training progress inside a notebook: one output that is replaced in place (tslab's
 * `newDisplay()`), showing a bar, the ETA and the latest loss, fed by {@link TrainProgress} events.
 */
import type { TrainProgress } from '../models/types';
import { formatDuration } from '../training/progress';
import { escapeHtml } from './html';
import { tslabKernel, type UpdatableDisplay } from './notebook';

/**
 * Fraction done of a progress event: `fraction` when given, else from epoch/batch or iteration counts.
 * @returns a number in [0, 1], or undefined when the event says nothing about it
 */
export function progressFraction(e: TrainProgress): number | undefined {
  let f: number | undefined;
  if (e.fraction !== undefined) f = e.fraction;
  else if (e.epoch !== undefined && e.epochs) {
    const within = e.batch !== undefined && e.batches ? e.batch / e.batches : 1;
    f = (e.epoch - 1 + within) / e.epochs;
  } else if (e.iteration !== undefined && e.iterations) f = e.iteration / e.iterations;
  if (f === undefined || Number.isNaN(f)) return undefined;
  return Math.min(1, Math.max(0, f));
}

/** What {@link progressHtml} draws. */
export interface ProgressView {
  /** Title above the bar (e.g. `lstm h=7`). */
  title?: string;
  event: TrainProgress;
  /** Milliseconds since the work started (for the ETA when the event has none). */
  elapsedMs?: number;
  /** Final state: full bar, "done" text. */
  done?: boolean;
}

/**
 * HTML of one progress state: a bar, `stage · epoch 3/10 · 30 % · ETA 1m20s · loss 0.6931 · val 0.6950`.
 * The ETA is the event's `etaMs`, else extrapolated from `elapsedMs` and the fraction done.
 * @returns HTML text (a `div.wb-progress` with `data-fraction`)
 */
export function progressHtml(view: ProgressView): string {
  const e = view.event;
  const f = view.done ? 1 : progressFraction(e);
  const parts: string[] = [escapeHtml(e.stage)];
  if (e.model) parts.push(escapeHtml(e.model));
  if (e.horizon !== undefined) parts.push(`h=${e.horizon}`);
  if (e.iteration !== undefined) parts.push(`iteration ${e.iteration}${e.iterations ? `/${e.iterations}` : ''}`);
  if (e.epoch !== undefined) parts.push(`epoch ${e.epoch}${e.epochs ? `/${e.epochs}` : ''}`);
  if (f !== undefined) parts.push(`${(100 * f).toFixed(0)} %`);
  let eta = e.etaMs;
  if (eta === undefined && f !== undefined && f > 0 && view.elapsedMs !== undefined) eta = (view.elapsedMs * (1 - f)) / f;
  if (view.done) parts.push(`done in ${formatDuration(view.elapsedMs ?? NaN)}`);
  else if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
  if (e.loss !== undefined) parts.push(`loss ${e.loss.toFixed(4)}`);
  if (e.valLoss !== undefined) parts.push(`val ${e.valLoss.toFixed(4)}`);
  for (const [k, v] of Object.entries(e.metrics ?? {})) parts.push(`${escapeHtml(k)} ${Number.isInteger(v) ? v : v.toFixed(4)}`);
  const pct = f === undefined ? 0 : 100 * f;
  const title = view.title ? `<div style="font-weight:600">${escapeHtml(view.title)}</div>` : '';
  return (
    `<div class="wb-progress" data-fraction="${f === undefined ? '' : f.toFixed(4)}" style="font-family:monospace;font-size:12px;max-width:720px">` +
    title +
    `<div style="background:#e8e8e8;border-radius:3px;height:10px;margin:4px 0">` +
    `<div style="background:${view.done ? '#2ca02c' : '#1f77b4'};width:${pct.toFixed(1)}%;height:10px;border-radius:3px"></div></div>` +
    `<div>${parts.join(' · ')}</div></div>`
  );
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** Title above the bar. */
  title?: string;
  /** Minimum milliseconds between two redraws (default 250); the final state is always drawn. */
  throttleMs?: number;
  /** Where to draw (default: a new tslab display; nothing outside tslab). */
  display?: UpdatableDisplay;
  /** Clock in milliseconds (default `Date.now`; tests pass a fake). */
  now?: () => number;
}

/** Defaults of {@link ProgressDisplayOptions}. */
export const progressDefaults = { throttleMs: 250 } as const;

/**
 * An in-place progress bar for notebooks. Pass `progress.onProgress` as a fit/trainer `onProgress`
 * callback; call `done()` at the end. Outside tslab it draws nothing (but still tracks state).
 * @example const progress = new ProgressDisplay({title: 'gbdt'}); await model.fit(train, {onProgress: progress.onProgress}); progress.done();
 */
export class ProgressDisplay {
  private readonly target: UpdatableDisplay | undefined;
  private readonly opts: { title?: string; throttleMs: number; now: () => number };
  private readonly started: number;
  private lastDraw = -Infinity;
  private last: TrainProgress | undefined;
  private lastHtml = '';
  /** Number of redraws so far (tests read it). */
  draws = 0;

  constructor(options: ProgressDisplayOptions = {}) {
    this.opts = { ...progressDefaults, title: options.title, throttleMs: options.throttleMs ?? progressDefaults.throttleMs, now: options.now ?? Date.now };
    this.target = options.display ?? tslabKernel()?.newDisplay();
    this.started = this.opts.now();
  }

  /** The progress callback (bound; safe to pass around). */
  readonly onProgress = (event: TrainProgress): void => {
    this.last = event;
    const t = this.opts.now();
    const f = progressFraction(event);
    if (t - this.lastDraw < this.opts.throttleMs && f !== 1) return;
    this.draw(false, t);
  };

  /** Draws the final state (full bar, total time). */
  done(): void {
    this.draw(true, this.opts.now());
  }

  /** HTML of the latest drawn state ('' before the first draw). */
  html(): string {
    return this.lastHtml;
  }

  private draw(done: boolean, t: number): void {
    const event = this.last ?? { stage: 'waiting' };
    this.lastHtml = progressHtml({ title: this.opts.title, event, elapsedMs: t - this.started, done });
    this.lastDraw = t;
    this.draws += 1;
    this.target?.html(this.lastHtml);
  }
}
