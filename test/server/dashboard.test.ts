/**
 * The dashboard in headless Chromium (playwright-core + Debian's /usr/bin/chromium): an invalid value shows an
 * inline message; a fast run started from the form drives the progress bar to 100 %; the results chart
 * renders, with log loss / Brier / ECE beside accuracy and the reliability diagram per horizon. Screenshots
 * (1280×800 and phone width) go to <repo>/outputs/ci-artifacts/.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/util/fs';
import { startServer } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = fs.existsSync(CHROMIUM);
if (!available) console.log(`  dashboard browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

(available ? test : test.skip)('start a fast run from the form, watch the bar reach 100 %, see the results chart', async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const t = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const artifacts = path.join(repoRoot(), 'outputs', 'ci-artifacts');
  fs.mkdirSync(artifacts, { recursive: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(t.url);
    await page.waitForSelector('#f-training-max_iterations');

    await page.fill('#f-training-max_iterations', '0');
    await page.click('#start');
    await page.waitForSelector('.field.invalid[data-field="training.max_iterations"] .msg');
    assert.match(await page.textContent('.field.invalid .msg') ?? '', /training\.max_iterations.*received 0/);
    assert.is(t.server.manager.busy, false);

    await page.fill('#f-training-max_iterations', '3');
    await page.check('input[name=mode][value=progressive]');
    await page.fill('#f-models-enabled', 'logistic');
    await page.fill('#f-horizons-enabled', '1, 7');
    await page.fill('#f-training-start_date', '2014-01-02');
    await page.check('#f-runtime-fast');
    await page.click('#start');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('progress-bar').getAttribute('aria-valuenow') === '100', null, { timeout: 90000 });
    assert.is(await page.textContent('#progress-pct'), '100 %');
    assert.match(await page.textContent('#progress-state') ?? '', /completed/);
    await page.waitForSelector('#results-chart .main-svg', { timeout: 15000 });
    assert.ok((await page.$$('#results-chart .point, #results-chart .bars path')).length >= 2, 'bars drawn');
    assert.ok(await page.$('#loss-chart .main-svg'), 'loss chart drawn');
    assert.match(await page.textContent('#results-table') ?? '', /logistic/);
    await page.waitForFunction(() => /workers: /.test((globalThis as any).document.getElementById('queue-line')?.textContent ?? ''), null, { timeout: 10000 });
    assert.match(await page.textContent('#queue-line') ?? '', /Queue: .* · workers: \d+ local process(es)? \(local\)/);
    assert.match(await page.textContent('#results-table') ?? '', /log loss.*Brier.*ECE/);
    await page.waitForSelector('#calib-chart .main-svg', { timeout: 15000 });
    assert.ok((await page.$$('#calib-chart .scatterlayer .trace')).length >= 2, 'diagonal and reliability points drawn');
    assert.match(await page.textContent('#calib-note') ?? '', /progressive · logistic: ECE \d\.\d{3} \(noise \d\.\d{3}\), log loss \d\.\d{3}, Brier \d\.\d{3}/);
    await page.selectOption('#calib-h', '1');
    await page.waitForFunction(() => /h = 7/.test((globalThis as any).document.querySelector('#calib-chart .gtitle')?.textContent ?? ''), null, { timeout: 5000 });

    await page.click('#cmp-go');
    await page.waitForSelector('#cmp-chart .main-svg', { timeout: 15000 });
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await page.waitForTimeout(400);
    const overflow = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-phone.png'), fullPage: false });
    await page.evaluate(() => (globalThis as any).document.getElementById('results').scrollIntoView());
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-phone-results.png'), fullPage: false });
    assert.equal(errors, []);
  } finally {
    await browser.close();
    await t.close();
  }
});

test.run();
