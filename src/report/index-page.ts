/** `reports/index.html`: one row per rendered notebook, linking its report with run ids and dates. */
import { escapeHtml } from '../viz/html';

/** One rendered (or failed) notebook, as listed in `reports/index.json` and `reports/index.html`. */
export interface ReportEntry {
  /** Notebook name without `.ipynb`, e.g. `00-quickstart`. */
  name: string;
  /** Title: the notebook's first markdown heading (else the name). */
  title: string;
  /** Report file name relative to the reports folder (`<name>.html`); absent when the render failed. */
  file?: string;
  /** `ok` or `failed`. */
  status: 'ok' | 'failed';
  /** ISO date-time the render finished. */
  renderedAt: string;
  /** Seconds the execution took. */
  seconds: number;
  /** Report size in bytes (0 when failed). */
  bytes: number;
  /** Chart containers in the report. */
  charts: number;
  /** Run ids the notebook displayed (`showRunInfo`). */
  runIds: string[];
  /** Parameters the notebook ran with. */
  fast: boolean;
  source: string;
  /** Error message when failed. */
  error?: string;
}

function fmtBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

/**
 * The index page (self-contained, no scripts).
 * @param entries reports to list (shown sorted by name)
 * @param options `title` (default `stock-ml-workbench reports`)
 * @returns HTML text
 */
export function reportIndexHtml(entries: readonly ReportEntry[], options: { title?: string } = {}): string {
  const title = escapeHtml(options.title ?? 'stock-ml-workbench reports');
  const rows = [...entries]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => {
      const link = e.file ? `<a href="${escapeHtml(encodeURI(e.file))}">${escapeHtml(e.name)}</a>` : escapeHtml(e.name);
      const runs = e.runIds.length ? e.runIds.map((r) => `<code class="run-id" data-run-id="${escapeHtml(r)}">${escapeHtml(r)}</code>`).join(' ') : '—';
      const status = e.status === 'ok' ? 'ok' : `<span class="failed" title="${escapeHtml(e.error ?? '')}">failed</span>`;
      return (
        `<tr data-report="${escapeHtml(e.name)}"><td>${link}</td><td>${escapeHtml(e.title)}</td><td>${runs}</td>` +
        `<td>${escapeHtml(e.renderedAt.replace('T', ' ').slice(0, 19))} UTC</td><td>${status}</td>` +
        `<td class="num">${e.seconds.toFixed(1)} s</td><td class="num">${e.charts}</td><td class="num">${e.bytes ? fmtBytes(e.bytes) : '—'}</td>` +
        `<td>${e.fast ? 'fast' : 'full'} · <code>${escapeHtml(e.source)}</code></td></tr>`
      );
    });
  const failures = entries.filter((e) => e.status === 'failed' && e.error);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}table{border-collapse:collapse;width:100%}' +
      'th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}' +
      'td.num{text-align:right;white-space:nowrap}td:first-child{white-space:nowrap}.failed{color:#c62828;font-weight:600}pre{white-space:pre-wrap;background:#fafafa;padding:8px}</style>',
    '</head><body>',
    `<h1>${title}</h1>`,
    '<p>Notebooks executed headlessly with the tslab kernel (<code>workbench report</code>). Each report is a single offline HTML file.</p>',
    '<table><thead><tr><th>notebook</th><th>title</th><th>run ids</th><th>rendered</th><th>status</th><th>time</th><th>charts</th><th>size</th><th>parameters</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    ...(failures.length
      ? ['<h2>Failures</h2>', ...failures.map((e) => `<h3>${escapeHtml(e.name)}</h3><pre>${escapeHtml(e.error ?? '')}</pre>`)]
      : []),
    '</body></html>',
    '',
  ].join('\n');
}
