/**
 * Figures as HTML: the inlined plotly.js loader, one `<div class="wb-chart">` + script per figure,
 * and a standalone page. Everything works offline (no CDN): plotly.js is read from the
 * `plotly.js-dist-min` package and inlined once per page/notebook.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { UnavailableError } from '../util/errors';
import type { Figure } from './figure';

/** CSS class of every chart container (reports and tests look for it). */
export const CHART_CLASS = 'wb-chart';

/** Marker attribute on the inlined plotly.js script (lets checks count how often it was inlined). */
export const PLOTLY_MARKER = 'data-wb-plotly';

let cachedLibrary: { path: string; text: string; version: string } | undefined;

/**
 * The text and version of plotly.js from the `plotly.js-dist-min` package (read once, then cached).
 * `require('plotly.js-dist-min')` cannot be used under Node (the bundle touches `self`), so the file is read.
 * @returns `{path, text, version}`; throws UnavailableError when the package is missing
 */
export function plotlyLibrary(): { path: string; text: string; version: string } {
  if (cachedLibrary) return cachedLibrary;
  let file: string;
  try {
    file = require.resolve('plotly.js-dist-min');
  } catch {
    throw new UnavailableError('the npm package `plotly.js-dist-min` is not installed; run `npm ci` (it is a dependency)');
  }
  const text = fs.readFileSync(file, 'utf8');
  const m = /plotly\.js v(\d+\.\d+\.\d+)/.exec(text.slice(0, 400));
  cachedLibrary = { path: file, text, version: m ? m[1] : 'unknown' };
  return cachedLibrary;
}

/** Options of {@link plotlyScriptTag}. */
export interface PlotlyTagOptions {
  /**
   * Ship plotly.js gzip-compressed and base64-encoded (≈ 1.9 MB instead of 4.8 MB), unpacked in the browser
   * with `DecompressionStream` (Chrome 80+, Firefox 113+, Safari 16.4+). Default true; false inlines the
   * plain library (defines `window.Plotly` synchronously).
   */
  compress?: boolean;
}

/** Defaults of {@link PlotlyTagOptions}. */
export const plotlyTagDefaults = { compress: true } as const;

let cachedCompressed: string | undefined;

/**
 * A `<script>` element that defines `window.Plotly` from the inlined library, offline. The bundle runs inside a
 * function whose `define`, `module` and `exports` are undefined, so an AMD loader on the page (require.js in
 * classic Jupyter or nbconvert templates) cannot capture it. Compressed (default), the library is ready
 * asynchronously: `window.__wbPlotlyReady` is a promise of `Plotly` that chart scripts wait on.
 * @param options `compress` (default true)
 * @returns HTML text (≈ 1.9 MB compressed, ≈ 4.8 MB plain, with plotly.js 3)
 */
export function plotlyScriptTag(options: PlotlyTagOptions = {}): string {
  const compress = options.compress ?? plotlyTagDefaults.compress;
  const lib = plotlyLibrary();
  if (!compress) {
    const body = lib.text.replace(/<\/(script)/gi, '<\\/$1');
    return (
      `<script type="text/javascript" ${PLOTLY_MARKER}="${lib.version}">` +
      `if (!window.Plotly) { (function (define, module, exports) {\n${body}\n}).call(window); }</script>`
    );
  }
  cachedCompressed ??= zlib.gzipSync(Buffer.from(lib.text, 'utf8'), { level: 9 }).toString('base64');
  return (
    `<script type="text/javascript" ${PLOTLY_MARKER}="${lib.version}" data-wb-encoding="gzip+base64">(function () {\n` +
    `  if (window.Plotly || window.__wbPlotlyReady) return;\n` +
    `  var b64 = "${cachedCompressed}";\n` +
    `  var bin = atob(b64), bytes = new Uint8Array(bin.length);\n` +
    `  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);\n` +
    `  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));\n` +
    `  window.__wbPlotlyReady = new Response(stream).text().then(function (src) {\n` +
    `    new Function('define', 'module', 'exports', src).call(window);\n` +
    `    return window.Plotly;\n` +
    `  });\n` +
    `  window.__wbPlotlyReady.catch(function (e) { console.error('stock-ml-workbench: plotly.js could not be unpacked', e); });\n` +
    `})();</script>`
  );
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** Element id; must be unique on the page (default: a fresh `wb-chart-…` id). */
  id?: string;
  /** Height in CSS pixels (default: the figure's `layout.height`, else 420). */
  height?: number;
}

let idCounter = 0;
const idSession = `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}`;

/**
 * A fresh element id, unique within this process and (with high likelihood) across kernel restarts.
 * @returns e.g. `wb-chart-k3x9a1b2c-4`
 */
export function newChartId(): string {
  idCounter += 1;
  return `${CHART_CLASS}-${idSession}-${idCounter}`;
}

/**
 * JSON that is safe inside an inline `<script>`: `<`, `>`, `&` and the JS line separators are escaped.
 * @returns JSON text
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * One chart: a `<div id=… class="wb-chart">` and a script that draws the figure into it with
 * `Plotly.newPlot` (responsive, no Plotly logo), at once or when the compressed library is unpacked.
 * If plotly.js is not on the page, the div says so.
 * @param figure the figure JSON (not modified)
 * @param options `id` (default fresh), `height` px (default layout.height or 420)
 * @returns HTML text
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? newChartId();
  const layoutHeight = typeof figure.layout.height === 'number' ? figure.layout.height : undefined;
  const height = options.height ?? layoutHeight ?? 420;
  const layout = { ...figure.layout, height };
  const config = { responsive: true, displaylogo: false, ...figure.config };
  const safeId = escapeHtml(id);
  return (
    `<div id="${safeId}" class="${CHART_CLASS}" style="width:100%;height:${height}px;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var el = document.getElementById(${scriptSafeJson(id)}) || (document.currentScript && document.currentScript.previousElementSibling);\n` +
    `  if (!el) return;\n` +
    `  var draw = function (P) { return P.newPlot(el, ${scriptSafeJson(figure.data)}, ${scriptSafeJson(layout)}, ${scriptSafeJson(config)}); };\n` +
    `  if (window.Plotly) draw(window.Plotly);\n` +
    `  else if (window.__wbPlotlyReady) window.__wbPlotlyReady.then(draw).catch(function (e) { el.textContent = 'chart failed: ' + e; });\n` +
    `  else el.textContent = 'plotly.js is not loaded: run the notebook from its first cell (initCharts()).';\n` +
    `})();</script>`
  );
}

/** Options of {@link standaloneHtml}. */
export interface StandaloneOptions {
  /** Page title (default `stock-ml-workbench charts`). */
  title?: string;
  /** HTML placed above the charts (already escaped/trusted). */
  headerHtml?: string;
}

/**
 * A complete offline HTML page with plotly.js inlined once and every figure below it.
 * @param figures the charts, in order
 * @param options `title`, `headerHtml`, `compress` (default true, see {@link plotlyScriptTag})
 * @returns HTML text (≈ 1.9 MB + the figures' data)
 */
export function standaloneHtml(figures: readonly Figure[], options: StandaloneOptions & PlotlyTagOptions = {}): string {
  const title = escapeHtml(options.title ?? 'stock-ml-workbench charts');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:1100px}.wb-chart{margin:1rem 0}</style>',
    plotlyScriptTag({ compress: options.compress }),
    '</head><body>',
    options.headerHtml ?? `<h1>${title}</h1>`,
    ...figures.map((f) => figureHtml(f)),
    '</body></html>',
    '',
  ].join('\n');
}
