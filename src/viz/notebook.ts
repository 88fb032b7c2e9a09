/**
 * Showing figures and rich output inside a tslab notebook. Outside a tslab kernel every `show…`
 * function is a no-op (unless a `display` sink is passed), so the same code runs in tests and scripts.
 * They return nothing, so a cell ending with one prints no value.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Figure } from './figure';
import { escapeHtml, figureHtml, plotlyScriptTag, type PlotlyTagOptions } from './html';

/** Where rich output goes: tslab's `display` (or any object with the same `html`/`markdown` methods). */
export interface DisplaySink {
  html(s: string): void;
  markdown?(s: string): void;
  text?(s: string): void;
}

/** A display that can be replaced in place (tslab's `newDisplay()`). */
export type UpdatableDisplay = DisplaySink;

interface TslabModule {
  display: DisplaySink;
  newDisplay(): UpdatableDisplay;
}

let tslabCache: TslabModule | null | undefined;
let warned = false;

/** True when this process was started as a tslab kernel (`…/tslab kernel --config-path …`). */
function startedAsTslabKernel(): boolean {
  return process.argv.includes('kernel') && process.argv.slice(0, 3).some((a) => /tslab/.test(a));
}

/** tslab's `dist/jupyter.js` of this kernel: among the loaded modules, else next to the kernel's binary. */
function findJupyterModule(): string | undefined {
  const cached = Object.keys(require.cache).find((f) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(f));
  if (cached || !startedAsTslabKernel() || !process.argv[1]) return cached;
  try {
    const file = path.join(path.dirname(fs.realpathSync(process.argv[1])), '..', 'dist', 'jupyter.js');
    return fs.existsSync(file) ? require.resolve(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tslab module of the kernel this code runs in, or undefined outside a tslab kernel.
 * Detection is cheap and loads nothing outside a kernel: it looks for tslab's `jupyter.js` among the modules
 * already loaded (the kernel loads it at start) and checks that the kernel is executing a cell. Inside a
 * kernel where this fails, it warns once on stderr (charts would silently be missing otherwise).
 * @returns tslab's public API (`display`, `newDisplay`) or undefined
 */
export function tslabKernel(): TslabModule | undefined {
  if (tslabCache) return tslabCache;
  const jupyterFile = findJupyterModule();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const jupyter = jupyterFile ? (require(jupyterFile) as { lastWriteDisplayData?: unknown }) : undefined;
  if (!jupyterFile || !jupyter || jupyter.lastWriteDisplayData == null) {
    if (startedAsTslabKernel() && !warned) {
      warned = true;
      process.stderr.write(
        `stock-ml-workbench: running in a tslab kernel but its display API was not found (${jupyterFile ?? 'no tslab/dist/jupyter.js loaded'}); charts and rich output will not be shown\n`,
      );
    }
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  tslabCache = require(path.join(path.dirname(jupyterFile), 'public.js')) as TslabModule;
  return tslabCache;
}

/** Options shared by the `show…` helpers. */
export interface ShowOptions {
  /** Where to display (default: the tslab kernel's `display`; none outside tslab). */
  display?: DisplaySink;
}

const libraryShown = new WeakSet<object>();
const NO_SINK = {};

function sinkOf(options: ShowOptions): DisplaySink | undefined {
  return options.display ?? tslabKernel()?.display;
}

/**
 * Emits the inlined plotly.js into the notebook (one invisible output). Call it in the first cell of a
 * notebook so charts render in nbconvert's offline HTML and in JupyterLab after a restart; {@link showFigure}
 * calls it by itself the first time.
 * @param options `display` sink (default tslab's), `force` re-emits even if already emitted in this kernel,
 *   `compress` (default true: gzip+base64, see {@link plotlyScriptTag})
 * Returns nothing, so a notebook cell ending with it prints nothing.
 */
export function initCharts(options: ShowOptions & PlotlyTagOptions & { force?: boolean } = {}): void {
  const sink = sinkOf(options);
  const key = sink ?? NO_SINK;
  if (libraryShown.has(key) && !options.force) return;
  libraryShown.add(key);
  sink?.html(plotlyScriptTag({ compress: options.compress }));
}

/** Options of {@link showFigure}. */
export interface ShowFigureOptions extends ShowOptions {
  /** Chart height in CSS pixels (default: the figure's layout height, else 420). */
  height?: number;
  /** Element id (default: a fresh unique id). */
  id?: string;
}

/**
 * Displays a figure in the notebook: on the first call in a kernel, plotly.js is emitted first
 * (see {@link initCharts}); then a `<div class="wb-chart">` and the script that draws into it.
 * @param figure figure JSON from a `viz` builder
 * @param options `height` px, `id`, `display` sink
 * Returns nothing (a cell ending with it prints nothing); use {@link figureHtml} for the HTML text.
 */
export function showFigure(figure: Figure, options: ShowFigureOptions = {}): void {
  initCharts(options);
  sinkOf(options)?.html(figureHtml(figure, { height: options.height, id: options.id }));
}

/** Displays markdown (conclusions computed from results). Outside tslab: no-op. */
export function showMarkdown(text: string, options: ShowOptions = {}): void {
  const sink = sinkOf(options);
  if (sink?.markdown) sink.markdown(text);
  else sink?.html(`<pre>${escapeHtml(text)}</pre>`);
}

/** A run shown in a notebook, so the report index can link reports to runs. */
export interface RunInfo {
  /** Run id from the tracking store. */
  runId: string;
  /** What the run is (e.g. `progressive lstm h=7`). */
  label?: string;
  /** ISO date-time of the run (default: now). */
  date?: string;
}

/**
 * Displays a small "run" line carrying `data-run-id` / `data-run-date` attributes. The report renderer
 * scans the rendered HTML for these attributes to list run ids in `reports/index.html`. Outside tslab: no-op.
 */
export function showRunInfo(info: RunInfo, options: ShowOptions = {}): void {
  sinkOf(options)?.html(runInfoHtml(info));
}

/**
 * HTML of a run line: `<div class="wb-run" data-run-id=… data-run-date=…>`.
 * @returns HTML text
 */
export function runInfoHtml(info: RunInfo): string {
  const date = info.date ?? new Date().toISOString();
  const label = info.label ? ` · ${escapeHtml(info.label)}` : '';
  return (
    `<div class="wb-run" data-run-id="${escapeHtml(info.runId)}" data-run-date="${escapeHtml(date)}">` +
    `run <code>${escapeHtml(info.runId)}</code>${label} · ${escapeHtml(date)}</div>`
  );
}
