/**
 * Test helper: opens an HTML file offline in headless Chromium (Debian package `chromium`, driven by the
 * npm package `playwright-core`) and checks that every chart container holds rendered Plotly SVG.
 */
import * as fs from 'fs';

/** Path of the Chromium binary (Debian's `chromium` package). */
export const CHROMIUM = process.env.WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type Playwright = typeof import('playwright-core');

function loadPlaywright(): Playwright | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require('playwright-core') as Playwright;
  } catch {
    return undefined;
  }
}

/** Why the browser check cannot run here, or undefined when it can. */
export function browserUnavailable(): string | undefined {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found (apt-get install chromium)`;
  if (!loadPlaywright()) return 'the npm package playwright-core is not installed';
  return undefined;
}

/** What {@link renderInBrowser} saw. */
export interface BrowserCheck {
  /** Ids of the chart containers. */
  charts: string[];
  /** `.main-svg` elements inside each container, in order. */
  svgPerChart: number[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Requests to anything but `file:`/`data:`/`blob:` URLs (all blocked). */
  external: string[];
  seconds: number;
}

/**
 * Opens `file` in headless Chromium with every network request blocked, waits until each `.wb-chart`
 * holds a `.main-svg` (or `timeoutMs` passes), optionally saves a full-page screenshot.
 */
export async function renderInBrowser(file: string, options: { screenshot?: string; timeoutMs?: number } = {}): Promise<BrowserCheck> {
  const pw = loadPlaywright();
  if (!pw) throw new Error('playwright-core is not installed');
  const t0 = Date.now();
  const browser = await pw.chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(file|data|blob):/.test(url)) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    try {
      await page.waitForFunction(
        `(() => { const c = Array.from(document.querySelectorAll('.wb-chart')); return c.length > 0 && c.every((el) => el.querySelector('.main-svg')); })()`,
        undefined,
        { timeout: options.timeoutMs ?? 20_000 },
      );
    } catch {
      // fall through: the counts below show which charts did not render
    }
    const charts = await page.$$eval('.wb-chart', (els) => els.map((e) => e.id));
    const svgPerChart = await page.$$eval('.wb-chart', (els) => els.map((e) => e.querySelectorAll('.main-svg').length));
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });
    return { charts, svgPerChart, errors, external, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await browser.close();
  }
}
