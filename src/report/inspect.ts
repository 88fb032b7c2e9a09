/**
 * Reading and fixing rendered report HTML: make it render offline, and find what is in it
 * (chart containers, run ids, stderr outputs, how often plotly.js was inlined).
 */
import { CHART_CLASS, PLOTLY_MARKER } from '../viz/html';

const EXTERNAL_SCRIPT = /<script\b[^>]*\bsrc\s*=\s*["'](?:https?:|file:|\/\/)[^"']*["'][^>]*>\s*<\/script>/gi;
const EXTERNAL_STYLESHEET = /<link\b[^>]*\brel\s*=\s*["']stylesheet["'][^>]*\bhref\s*=\s*["'](?:https?:|file:|\/\/)[^"']*["'][^>]*>/gi;

/**
 * Removes `<script src>` and stylesheet `<link>` tags that point outside the file (`http(s):`, `file:`, `//`).
 * nbconvert's templates load require.js and MathJax that way (from a CDN, or on Debian from
 * `file:///usr/share/javascript/…`), which fails offline or on another machine and logs console errors; the
 * workbench's reports inline everything they need (plotly.js), so nothing is lost except LaTeX typesetting.
 * @param html a rendered report
 * @returns `{html, removed}`: the new HTML and the URLs that were removed
 */
export function makeOffline(html: string): { html: string; removed: string[] } {
  const removed: string[] = [];
  const drop = (tag: string): string => {
    const m = /(?:src|href)\s*=\s*["']([^"']*)["']/i.exec(tag);
    removed.push(m ? m[1] : tag);
    return '<!-- external resource removed by stock-ml-workbench for offline rendering -->';
  };
  const out = html.replace(EXTERNAL_SCRIPT, drop).replace(EXTERNAL_STYLESHEET, drop);
  return { html: out, removed };
}

/** What {@link inspectReport} finds in a report. */
export interface ReportContents {
  /** Ids of the chart containers (`<div id=… class="wb-chart">`), in order. */
  chartIds: string[];
  /** Run ids set by `showRunInfo` (`data-run-id`), unique, in order. */
  runIds: string[];
  /** Run dates (`data-run-date`), unique, in order. */
  runDates: string[];
  /** Number of stderr / error outputs (nbconvert marks them `application/vnd.jupyter.stderr`). */
  errorOutputs: number;
  /** Text of those outputs (tags removed, at most 500 characters each). */
  errorTexts: string[];
  /** How many times plotly.js was inlined (should be 1 when there are charts). */
  plotlyCopies: number;
  /** Size in bytes (UTF-8). */
  bytes: number;
}

function unescapeAttr(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function uniqueMatches(html: string, re: RegExp): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(re)) {
    const v = unescapeAttr(m[1]);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Lists what a rendered report contains.
 * @param html report HTML
 * @returns chart ids, run ids and dates, error output count, plotly.js copies, size
 */
export function inspectReport(html: string): ReportContents {
  const chartRe = new RegExp(`<div id="([^"]+)" class="${CHART_CLASS}"`, 'g');
  const errorTexts = Array.from(html.matchAll(/data-mime-type="application\/vnd\.jupyter\.stderr"[^>]*>([\s\S]*?)<\/div>/g), (m) =>
    unescapeAttr(m[1].replace(/<[^>]*>/g, '')).trim().slice(0, 500),
  );
  return {
    chartIds: Array.from(html.matchAll(chartRe), (m) => unescapeAttr(m[1])),
    runIds: uniqueMatches(html, /\bdata-run-id="([^"]*)"/g),
    runDates: uniqueMatches(html, /\bdata-run-date="([^"]*)"/g),
    errorOutputs: errorTexts.length,
    errorTexts,
    plotlyCopies: (html.match(new RegExp(`<script[^>]*\\b${PLOTLY_MARKER}=`, 'g')) ?? []).length,
    bytes: Buffer.byteLength(html, 'utf8'),
  };
}
