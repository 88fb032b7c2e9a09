/** `Tracker`: the tracking functions bound to one store file, home folder and default experiment. */
import type { TrackingStoreOptions } from './db';
import { bestRun, getRun, listRuns, runMetrics, runsTable, type BestRunOptions, type ListRunsOptions, type MetricPoint, type RunRow } from './query';
import { markStaleRuns, startRun, type RunHandle, type StartRunOptions } from './tracker';

/** Options of {@link Tracker}. */
export interface TrackerOptions extends TrackingStoreOptions {
  /** Default experiment of {@link Tracker.startRun}. Default `default`. */
  experiment?: string;
  /** Root of run folders (artifacts). Default `workbenchHome()`. */
  home?: string;
}

/** A handle on one tracking store: every method is the free function of the same name with these options. */
export class Tracker {
  /** @param options `storePath`, `home`, default `experiment` */
  constructor(readonly options: TrackerOptions = {}) {}

  /** Starts a run (see {@link startRun}); `experiment` defaults to the tracker's. */
  startRun(options: StartRunOptions = {}): Promise<RunHandle> {
    return startRun({ ...this.options, ...options, experiment: options.experiment ?? this.options.experiment });
  }

  /** Runs as plain rows (see {@link listRuns}). */
  listRuns(filters: Omit<ListRunsOptions, keyof TrackingStoreOptions> = {}): Promise<RunRow[]> {
    return listRuns({ ...this.options, ...filters });
  }

  /** Runs as an arquero table (see {@link runsTable}). */
  runsTable(filters: Omit<ListRunsOptions, keyof TrackingStoreOptions> = {}): ReturnType<typeof runsTable> {
    return runsTable({ ...this.options, ...filters });
  }

  /** Best run by a metric (see {@link bestRun}). */
  bestRun(metric: string, options: Omit<BestRunOptions, keyof TrackingStoreOptions> = {}): Promise<RunRow | undefined> {
    return bestRun(metric, { ...this.options, ...options });
  }

  /** Every point of one metric (see {@link runMetrics}). */
  runMetrics(runId: string, key: string): Promise<MetricPoint[]> {
    return runMetrics(runId, key, this.options);
  }

  /** One run (see {@link getRun}). */
  getRun(runId: string): Promise<RunRow> {
    return getRun(runId, this.options);
  }

  /** Marks runs of dead processes FAILED (see {@link markStaleRuns}). */
  markStaleRuns(): Promise<string[]> {
    return markStaleRuns(this.options);
  }
}
