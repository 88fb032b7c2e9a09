/** A terminal progress bar for the progress stream (cli-progress), redrawn at least once per second. */
import * as cliProgress from 'cli-progress';
import { formatDuration, ProgressTracker, type ProgressStatus } from './progress';
import type { TrainProgress } from '../models/types';

/** Options of {@link terminalProgress}. */
export interface TerminalProgressOptions {
  /** Where to draw (default process.stderr). A non-TTY stream gets one plain line every `plainEveryMs`. */
  stream?: NodeJS.WriteStream;
  /** Interval of plain-text lines on non-TTY streams (default 5000 ms). */
  plainEveryMs?: number;
}

/**
 * Creates a progress bar fed by progress events.
 * @param unitsTotal planned units (see {@link ProgressTracker})
 * @returns `onProgress` to hand to trainers, `stop()` to finish the bar, and the tracker
 */
export function terminalProgress(unitsTotal: number, options: TerminalProgressOptions = {}) {
  const stream = options.stream ?? process.stderr;
  const tracker = new ProgressTracker(unitsTotal);
  const bar = new cliProgress.SingleBar(
    {
      stream,
      fps: 4,
      etaBuffer: 50,
      hideCursor: false,
      noTTYOutput: true,
      notTTYSchedule: options.plainEveryMs ?? 5000,
      format: '{bar} {percentage}% | {label} | ETA {etaText}',
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { label: 'starting', etaText: '--' });
  const label = (s: ProgressStatus): string =>
    [
      s.stage,
      s.model,
      s.horizon !== undefined ? `h=${s.horizon}` : undefined,
      s.iteration !== undefined ? `it ${s.iteration}/${s.iterations ?? '?'}` : undefined,
      s.epoch !== undefined ? `ep ${s.epoch}/${s.epochs ?? '?'}` : undefined,
      s.loss !== undefined ? `loss ${s.loss.toFixed(4)}` : undefined,
      s.metrics?.valAccuracy !== undefined ? `val acc ${s.metrics.valAccuracy.toFixed(3)}` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
  // Redraw on a timer too, so the ETA keeps moving during long epochs.
  const timer = setInterval(() => {
    const s = tracker.status();
    bar.update(Math.round(s.overall * 1000), { label: label(s), etaText: formatDuration(s.etaMs) });
  }, 1000);
  timer.unref();
  return {
    tracker,
    onProgress(event: TrainProgress): void {
      const s = tracker.update(event);
      bar.update(Math.round(s.overall * 1000), { label: label(s), etaText: formatDuration(s.etaMs) });
    },
    stop(): void {
      clearInterval(timer);
      bar.stop();
    },
  };
}
