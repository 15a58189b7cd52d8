// The service worker's cost and readiness (docs/PERFORMANCE.md, "The service worker and the
// first chart"). Build first (`trunk build --release`), then from the repository's root:
//   node bench/browser/offline.mjs first-chart   # medians of 9: workers allowed vs blocked
//   node bench/browser/offline.mjs ready MODE    # MODE: first-chart, all-charts, ready, controller
// "ready" opens the bare address in 5 fresh contexts, waits as MODE says, cuts the network
// (context.setOffline) and reloads: the page must draw its charts from the saved copy.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tests/e2e/node_modules/playwright-core/index.mjs';
import { startServer } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CARDS = ['review-progress', 'court-weekly', 'outcomes', 'time-to-outcome', 'repeat-reports', 'sources'];
const [what = 'first-chart', mode = 'all-charts'] = process.argv.slice(2);
const server = await startServer(path.join(ROOT, 'dist'));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const chart = (page, id) => page.locator(`section.chart-card[data-chart="${id}"] svg`).first().waitFor({ timeout: 30_000 });

if (what === 'first-chart') {
  for (const serviceWorkers of ['allow', 'block']) {
    const times = [];
    for (let i = 0; i < 9; i++) {
      const context = await browser.newContext({ serviceWorkers });
      const page = await context.newPage();
      await page.goto(`${base}?release=demo`);
      await page.waitForFunction(() => performance.getEntriesByName('scrutiny:charts-painted').length > 0, null, { timeout: 30_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('scrutiny:chart-painted')[0].startTime));
      await context.close();
    }
    console.log(`service workers ${serviceWorkers}: first chart median ${times.sort((a, b) => a - b)[4].toFixed(0)} ms`);
  }
} else {
  let drawn = 0;
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await chart(page, CARDS[0]);
    if (mode === 'all-charts') for (const id of CARDS) await chart(page, id);
    if (mode === 'ready') await page.evaluate(() => navigator.serviceWorker.ready);
    if (mode === 'controller') await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 10_000 });
    await context.setOffline(true);
    try {
      await page.reload({ timeout: 15_000 });
      await chart(page, CARDS[1]);
      drawn += 1;
    } catch {
      // Not drawn offline: counted below.
    }
    await context.close();
  }
  console.log(`network cut after ${mode}: drawn offline in ${drawn} of 5`);
}
await browser.close();
server.close();
