/**
 * `renderNotebooks`: executes notebooks headlessly with the tslab kernel and writes one offline HTML report
 * per notebook (`reports/<name>.html`) plus `reports/index.html` / `reports/index.json` listing them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../util/errors';
import { repoRoot, writeFileAtomic, writeJsonAtomic } from '../util/fs';
import { DEFAULT_NOTEBOOK_SOURCE } from '../viz/notebook-params';
import { reportIndexHtml, type ReportEntry } from './index-page';
import { inspectReport, makeOffline } from './inspect';
import { executeNotebook, NotebookError, writeKernelSpec } from './jupyter';
import { withDefaults } from '../viz/options';

/** Options of {@link renderNotebooks}. */
export interface RenderOptions {
  /** Notebook names (`00-quickstart`, with or without `.ipynb`) or paths; default: every `*.ipynb` in `notebooksDir`. */
  notebooks?: readonly string[];
  /** Folder of the notebooks (default `<repo>/notebooks`). */
  notebooksDir?: string;
  /** Where reports go (default `<repo>/reports`). */
  outDir?: string;
  /** Fast mode (`WORKBENCH_FAST=1`): small data, few epochs. Default false. */
  fast?: boolean;
  /** Data source (`WORKBENCH_SOURCE`, default `sample:sp500`); relative file paths are resolved from the cwd. */
  source?: string;
  /** State folder (`WORKBENCH_HOME`) for the kernels (default: inherited). */
  home?: string;
  /** Extra environment variables for the kernels. */
  env?: Record<string, string>;
  /** Kernel name (default `tslab`: this checkout's `node_modules/.bin/tslab` through a private kernelspec; any other name is looked up among the registered kernels). */
  kernel?: string;
  /** Seconds a single cell may run (default 900). */
  cellTimeoutS?: number;
  /** Reports larger than this many bytes are flagged through `onLog` (default 6,000,000). */
  maxBytes?: number;
  /** Progress lines (default: none). */
  onLog?: (line: string) => void;
}

/** Defaults of {@link RenderOptions}. */
export const renderDefaults = { fast: false, source: DEFAULT_NOTEBOOK_SOURCE, kernel: 'tslab', cellTimeoutS: 900, maxBytes: 6_000_000 } as const;

/** Several notebooks failed in one {@link renderNotebooks} call (one failure rejects with its NotebookError). */
export class NotebooksFailedError extends Error {
  readonly failures: NotebookError[];
  constructor(failures: NotebookError[]) {
    super(`${failures.length} notebooks failed:\n${failures.map((f) => f.message).join('\n')}`);
    this.name = 'NotebooksFailedError';
    this.failures = failures;
  }
}

/** Result of {@link renderNotebooks}. */
export interface RenderResult {
  /** One entry per notebook rendered by this call, in order. */
  entries: ReportEntry[];
  /** Absolute path of `index.html`. */
  indexFile: string;
  /** Absolute report paths, by notebook name (successful renders only). */
  files: Record<string, string>;
}

/**
 * Sorted paths of the notebooks in a folder (`*.ipynb`, skipping Jupyter checkpoints and `_`-prefixed drafts).
 * @returns absolute paths ([] when the folder does not exist)
 */
export function listNotebooks(dir: string = path.join(repoRoot(), 'notebooks')): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('_') && !f.startsWith('.'))
    .sort()
    .map((f) => path.resolve(dir, f));
}

function resolveNotebook(spec: string, dir: string): string {
  const candidates = [spec, path.join(dir, spec), path.join(dir, `${spec}.ipynb`)];
  const found = candidates.find((c) => c.endsWith('.ipynb') && fs.existsSync(c));
  if (!found) {
    const known = listNotebooks(dir).map((f) => path.basename(f, '.ipynb'));
    throw inputError({ key: 'notebooks' }, `a notebook in ${dir} (one of ${known.join(', ') || 'none'}) or an .ipynb path`, JSON.stringify(spec));
  }
  return path.resolve(found);
}

/**
 * A data source whose file path is absolute, so kernels running in `notebooks/` find it: plain paths and
 * `csv:`/`json:` paths are resolved from the current directory; other schemes (`sample:`, `store:`, `yahoo:`) stay.
 * @returns the source text
 */
export function resolveSource(source: string): string {
  const scheme = /^([a-z]+):(.*)$/i.exec(source);
  if (scheme && !/^[a-z]:[\\/]/i.test(source)) {
    return scheme[1] === 'csv' || scheme[1] === 'json' ? `${scheme[1]}:${path.resolve(scheme[2])}` : source;
  }
  return path.resolve(source);
}

function notebookTitle(file: string, fallback: string): string {
  try {
    const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
    for (const c of nb.cells ?? []) {
      if (c.cell_type !== 'markdown') continue;
      const text = Array.isArray(c.source) ? c.source.join('') : c.source ?? '';
      const m = /^#+\s+(.+)$/m.exec(text);
      if (m) return m[1].trim();
    }
  } catch {
    // not JSON: nbclient will report it when executing
  }
  return fallback;
}

function readManifest(file: string): ReportEntry[] {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { reports?: ReportEntry[] };
    return Array.isArray(v.reports) ? v.reports : [];
  } catch {
    return [];
  }
}

/**
 * Executes notebooks with the tslab kernel (cwd: each notebook's folder) and writes `<outDir>/<name>.html`
 * atomically (rendered into a temporary folder, made offline, then renamed into place), then updates
 * `<outDir>/index.json` and `<outDir>/index.html` (earlier reports of other notebooks stay listed).
 * Every notebook is attempted; if any cell fails, the call rejects afterwards with a {@link NotebookError}
 * (one failure) or a {@link NotebooksFailedError} listing every failure (`<notebook>: cell <n>: <message>`).
 * Parameters reach the kernels as `WORKBENCH_FAST`, `WORKBENCH_SOURCE`, `WORKBENCH_HOME`.
 * @param options see {@link RenderOptions} (defaults {@link renderDefaults})
 * @returns the entries of this call, the index path and the report paths
 */
export async function renderNotebooks(options: RenderOptions = {}): Promise<RenderResult> {
  const o = withDefaults(renderDefaults, options);
  const log = o.onLog ?? (() => undefined);
  const dir = path.resolve(o.notebooksDir ?? path.join(repoRoot(), 'notebooks'));
  const outDir = path.resolve(o.outDir ?? path.join(repoRoot(), 'reports'));
  const files = o.notebooks && o.notebooks.length ? o.notebooks.map((n) => resolveNotebook(n, dir)) : listNotebooks(dir);
  if (files.length === 0) throw inputError({ key: 'notebooks' }, `at least one .ipynb notebook in ${dir}`, 'none');
  const source = resolveSource(o.source);
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env, WORKBENCH_FAST: o.fast ? '1' : '0', WORKBENCH_SOURCE: source };
  if (o.home) env.WORKBENCH_HOME = path.resolve(o.home);
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(outDir, '.render-'));
  // this checkout's tslab, whatever kernel another checkout registered globally under the same name
  const jupyterPath = o.kernel === renderDefaults.kernel ? writeKernelSpec(path.join(tmp, 'jupyter'), o.kernel) : undefined;
  const entries: ReportEntry[] = [];
  const failures: NotebookError[] = [];
  const written: Record<string, string> = {};
  try {
    for (const file of files) {
      const name = path.basename(file, '.ipynb');
      const title = notebookTitle(file, name);
      log(`report: executing ${name} (${o.fast ? 'fast' : 'full'} mode, source ${source})`);
      const tmpHtml = path.join(tmp, `${name}.html`);
      const base = { name, title, fast: o.fast, source, runIds: [] as string[] };
      const t0 = Date.now();
      try {
        const r = await executeNotebook(file, tmpHtml, { kernel: o.kernel, cellTimeoutS: o.cellTimeoutS, env, cwd: path.dirname(file), jupyterPath });
        const { html, removed } = makeOffline(fs.readFileSync(tmpHtml, 'utf8'));
        const info = inspectReport(html);
        const target = path.join(outDir, `${name}.html`);
        writeFileAtomic(target, html);
        written[name] = target;
        if (removed.length) log(`report: ${name}: removed ${removed.length} external script/style reference(s) for offline use`);
        if (info.bytes > o.maxBytes) log(`report: WARNING ${name}.html is ${(info.bytes / 1e6).toFixed(1)} MB, above the ${(o.maxBytes / 1e6).toFixed(1)} MB limit`);
        entries.push({ ...base, file: `${name}.html`, status: 'ok', renderedAt: new Date().toISOString(), seconds: r.seconds, bytes: info.bytes, charts: info.chartIds.length, runIds: info.runIds });
        log(`report: wrote ${target} (${(info.bytes / 1e6).toFixed(1)} MB, ${info.chartIds.length} charts, ${r.seconds.toFixed(1)} s)`);
      } catch (e) {
        if (!(e instanceof NotebookError)) throw e;
        failures.push(e);
        entries.push({ ...base, status: 'failed', renderedAt: new Date().toISOString(), seconds: (Date.now() - t0) / 1000, bytes: 0, charts: 0, error: e.message });
        log(`report: FAILED ${e.message}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const manifestFile = path.join(outDir, 'index.json');
  const merged = new Map<string, ReportEntry>();
  for (const e of readManifest(manifestFile)) {
    if (e && typeof e.name === 'string' && e.file && fs.existsSync(path.join(outDir, e.file))) merged.set(e.name, e);
  }
  for (const e of entries) {
    const previous = merged.get(e.name);
    // a failed re-render keeps the previous good report listed (and linked), marked as failed now
    merged.set(e.name, e.status === 'failed' && previous?.file ? { ...e, file: previous.file } : e);
  }
  const all = [...merged.values()].sort((a, b) => a.name.localeCompare(b.name));
  writeJsonAtomic(manifestFile, { format: 'stock-ml-workbench/reports@1', updatedAt: new Date().toISOString(), reports: all });
  const indexFile = path.join(outDir, 'index.html');
  writeFileAtomic(indexFile, reportIndexHtml(all));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new NotebooksFailedError(failures);
  return { entries, indexFile, files: written };
}
