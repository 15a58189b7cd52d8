// Loading a large file: the page shows its progress while the worker checks the records, and
// loading can be cancelled, leaving nothing half-loaded on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useSite } from './fixtures/site.mjs';
import { DESKTOP } from './fixtures/contract.mjs';
import { sampleRelease } from './fixtures/cli.mjs';
import { targetTempDir } from './fixtures/data.mjs';
import { openHome, routeCasesFile } from './fixtures/page.mjs';

useSite();

test('a large file shows its progress while it is checked, and loading can be cancelled', async () => {
  // 250,000 generated records with every column (about 60 MB): the worker checks them in 25
  // batches, so the test can watch the bar move and still cancel before the end. Every value
  // the bar shows is recorded from the start, so a move is seen however late the test looks.
  const dir = targetTempDir('e2e-large-');
  sampleRelease(dir, 250_000);
  const body = fs.readFileSync(path.join(dir, 'cases.csv'));
  const meta = fs.readFileSync(path.join(dir, 'dataset.json'));
  const { context, page, problems } = await openHome({ viewport: DESKTOP, setup: async (p) => {
    await p.route('**/dataset.json', (route) => route.fulfill({ status: 200, body: meta, contentType: 'application/json' }));
    await routeCasesFile(p, body);
    await p.addInitScript(() => {
      window.progressSeen = [];
      const look = () => {
        const bar = document.querySelector('#load-progress');
        if (bar && !bar.closest('[hidden]')) window.progressSeen.push(bar.value);
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
  } });
  const progress = page.locator('#load-progress');
  await progress.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(() => new Set(window.progressSeen).size >= 2, null, { timeout: 30_000, polling: 'raf' });
  assert.match(await page.locator('.loading [role="status"]').textContent(), /Checking the data/);
  await page.locator('#cancel-loading').click();
  const panel = page.locator('[data-state="error"]');
  await panel.waitFor({ timeout: 30_000 });
  assert.match(await panel.textContent(), /Loading was cancelled/);
  assert.equal(await page.locator('.chart-card').count(), 0, 'nothing half-loaded is shown');
  assert.deepEqual(problems, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
