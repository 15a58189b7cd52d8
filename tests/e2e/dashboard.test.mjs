// End-to-end: the release bundle (dist/) in Debian's headless Chromium. The expected numbers
// are computed by the core (the `scrutiny summary` CLI) on the same file, never copied here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'target', 'screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CHARTS = ['review-progress', 'court-weekly', 'outcomes', 'time-to-outcome', 'repeat-reports', 'sources'];

let server, browser, baseUrl, figures;

/** The disclosed figures the core computes for the demo release. */
function coreFigures() {
  const out = execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'scrutiny-cli', '--', 'summary', '--json', '--disclosed',
    'public/data/demo/cases.csv'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out).figures;
}

/** What `scrutiny check --json` says of a cases file (exit code 1 means row errors, still JSON). */
function coreCheck(file) {
  try {
    return JSON.parse(execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'scrutiny-cli', '--', 'check', '--json', file], { cwd: ROOT, encoding: 'utf8' }));
  } catch (e) {
    if (e.status === 1) return JSON.parse(e.stdout);
    throw e;
  }
}

/** A count as the page shows it: "1,633", or "[c]" for a suppressed cell. */
const shown = (cell) => (typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell);

before(async () => {
  figures = coreFigures();
  server = await startServer(path.join(ROOT, 'dist'));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the dashboard in a fresh context, collecting console errors and failed requests. */
async function openDashboard(viewport, setup) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(baseUrl)) problems.push(`request to another origin: ${r.url()}`); });
  if (setup) await setup(page);
  await page.goto(baseUrl);
  return { context, page, problems };
}

async function waitForCharts(page, layout) {
  for (const id of CHARTS) {
    await page.locator(`[data-chart="${id}"] .chart-${layout} svg`).waitFor({ state: 'visible', timeout: 30_000 });
  }
}

/** The rows of a table as [header, ...cells] text arrays. A card's tables are drawn only while
 *  its Table tab is open: every card's is opened to read, then the tabs are put back. */
async function tableRows(page, name) {
  return page.evaluate(async (name) => {
    const selected = [...document.querySelectorAll('section.chart-card [role=tab][aria-selected=true]')];
    document.querySelectorAll('section.chart-card [role=tab][id$="-tab-table"]').forEach((tab) => tab.click());
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const rows = [...document.querySelectorAll(`table[data-table="${name}"] tbody tr`)].map((r) => [...r.children].map((c) => c.textContent.trim()));
    selected.forEach((tab) => tab.click());
    return rows;
  }, name);
}

test('desktop: every chart, table, summary and commitment equals the core\'s; no console errors; no axe violations', async () => {
  const { context, page, problems } = await openDashboard({ width: 1280, height: 900 });
  await waitForCharts(page, 'wide');

  await assert.doesNotReject(page.locator('[data-banner="synthetic"]').waitFor(), 'synthetic-data banner is shown');
  const headline = async (key) => (await page.locator(`[data-headline="${key}"]`).textContent()).trim();
  assert.equal(await headline('records'), shown(figures.records));
  assert.equal(await headline('distinct-subjects'), shown(figures.distinct_subjects));
  assert.equal(await headline('in-review'), shown(figures.review.in_review));
  assert.equal(await headline('completed-by-target'), shown(figures.review.completed_by_target));
  assert.equal(await headline('court-total'), shown(figures.court.total));

  const court = await tableRows(page, 'court-weekly');
  assert.deepEqual(court, figures.court.weeks.map((w) => [w.label, w.iso_week, shown(w.count)]));
  const review = await tableRows(page, 'review-weekly');
  assert.deepEqual(review, figures.review.cumulative_by_week.map((w) => [w.label, w.iso_week, shown(w.count)]));
  for (const [name, cells] of [['criminal-outcomes', figures.outcomes.criminal], ['misconduct-outcomes', figures.outcomes.misconduct],
    ['court-groups', figures.court.by_offence_group], ['repeat-people', figures.repeat.with_cases]]) {
    assert.deepEqual(await tableRows(page, name), cells.map((c) => [c.label, shown(c.count)]), name);
  }
  const summaries = await page.locator('.chart-card .summary').allTextContents();
  assert.deepEqual(summaries, [figures.review.summary, figures.court.summary, figures.outcomes.summary,
    figures.time_to_outcome.summary, figures.repeat.summary, figures.sources.summary]);
  assert.deepEqual(await tableRows(page, 'sources'), figures.sources.by_source.map((c, i) =>
    [c.label, shown(c.count), shown(figures.sources.other_force_by_source[i].count)]));
  // Days to one decimal place, halves up, thousands separated: as the page writes them.
  const day = (d) => (Math.round(d * 10) / 10).toLocaleString('en-GB', { maximumFractionDigits: 1 });
  const quartiles = (q) => [shown(q.cases), ...(q.days ? q.days.map(day) : ['[c]', '[c]', '[c]'])];
  assert.deepEqual(await tableRows(page, 'time-to-outcome'), [
    ['Misconduct', ...quartiles(figures.time_to_outcome.misconduct)], ['Criminal', ...quartiles(figures.time_to_outcome.criminal)]]);
  assert.deepEqual(await tableRows(page, 'repeat-outcomes'), figures.repeat.earlier_outcomes.map((c) => [c.label, shown(c.count)]));
  const commitments = await page.locator('[data-commitment]').evaluateAll((items) =>
    items.map((li) => [li.dataset.status, li.querySelector('.commitment-evidence').textContent]));
  assert.deepEqual(commitments, figures.commitments.map((c) => [c.status, c.evidence]));

  for (const id of CHARTS) {
    const svg = page.locator(`[data-chart="${id}"] .chart-wide svg`);
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.ok((await svg.locator('desc').textContent()).length > 20, `${id} has a description`);
  }

  await page.screenshot({ path: path.join(SHOTS, 'desktop.png'), fullPage: true });
  for (const id of CHARTS) {
    await page.locator(`[data-chart="${id}"]`).screenshot({ path: path.join(SHOTS, `desktop-${id}.png`) });
  }
  // Evaluated through the DevTools protocol: the page's CSP (rightly) blocks an injected <script>.
  await page.evaluate(fs.readFileSync(path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8'));
  const axe = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }));
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone: narrow charts, nothing cut off, screenshot saved', async () => {
  const { context, page, problems } = await openDashboard({ width: 390, height: 844 });
  await waitForCharts(page, 'narrow');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling on a phone');
  for (const id of CHARTS) {
    const box = await page.locator(`[data-chart="${id}"] .chart-narrow svg`).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${id} fits the screen`);
  }
  await page.screenshot({ path: path.join(SHOTS, 'phone.png'), fullPage: true });
  for (const id of CHARTS) {
    await page.locator(`[data-chart="${id}"]`).screenshot({ path: path.join(SHOTS, `phone-${id}.png`) });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing dataset.json shows a clear error instead of a blank page', async () => {
  const { context, page } = await openDashboard({ width: 1280, height: 900 }, (p) =>
    p.route('**/dataset.json', (route) => route.fulfill({ status: 404, body: 'not found' })));
  const panel = page.locator('[data-state="error"]');
  await panel.waitFor({ timeout: 30_000 });
  assert.match(await panel.textContent(), /answered 404 for .*dataset\.json/);
  await page.screenshot({ path: path.join(SHOTS, 'error.png') });
  await context.close();
});

test('a refused cases file says why, and draws no chart', async () => {
  const { context, page } = await openDashboard({ width: 1280, height: 900 }, (p) =>
    p.route('**/cases.csv', (route) => route.fulfill({ status: 200, body: 'case_id,role\nC1,Officer\n' })));
  const panel = page.locator('[data-state="error"]');
  await panel.waitFor({ timeout: 30_000 });
  assert.match(await panel.textContent(), /refused.*Required column\(s\) missing: subject_ref/);
  assert.equal(await page.locator('.chart-card').count(), 0);
  await context.close();
});

test('the data-quality panel lists what the core found, as text', async () => {
  // The demo file plus rows that break the contract, one with markup in its note.
  const dir = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-quality-'));
  const demo = fs.readFileSync(path.join(ROOT, 'public/data/demo/cases.csv'), 'utf8');
  const bad = [
    'BAD-1,P-0000000a,Offcer,Violence,2023-01-02,,,,,,,,,,,,,,',
    'BAD-2,P-0000000b,Officer,Violence,31/02/2023,,,,,,,,,,,,,,<img src=x onerror="window.pwned=1">',
  ].join('\n');
  const body = `${demo}${bad}\n`;
  fs.writeFileSync(path.join(dir, 'cases.csv'), body);
  fs.copyFileSync(path.join(ROOT, 'public/data/demo/dataset.json'), path.join(dir, 'dataset.json'));
  const expected = coreCheck(path.join(dir, 'cases.csv'));
  assert.equal(expected.rejected, 2);

  const { context, page, problems } = await openDashboard({ width: 1280, height: 900 }, (p) =>
    p.route('**/cases.csv', (route) => route.fulfill({ status: 200, body, contentType: 'text/csv' })));
  const panel = page.locator('[data-panel="quality"]');
  await panel.waitFor({ timeout: 30_000 });
  await panel.locator('summary').click();
  const summary = await panel.locator('[data-field="quality"]').textContent();
  assert.equal(summary, `${expected.records.toLocaleString('en-GB')} rows loaded, ${expected.rejected} left out, ${expected.warnings} warnings, ${expected.blank_rows_skipped} blank rows skipped.`);
  const rows = await tableRows(page, 'problems');
  assert.deepEqual(rows.map((r) => r[3]), expected.problems.map((p) => p.message));
  assert.ok(rows.some((r) => r[3].includes('Did you mean "Officer"')));
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'markup in data is never rendered');
  assert.equal(await page.locator('[data-panel="quality"] img').count(), 0);
  await panel.screenshot({ path: path.join(SHOTS, 'quality-panel.png') });
  assert.deepEqual(problems, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a large file shows its progress while it is checked, and loading can be cancelled', async () => {
  // 250,000 generated records with every column (about 60 MB): the worker checks them in 25
  // batches, so the test can watch the bar move and still cancel before the end. Every value
  // the bar shows is recorded from the start, so a move is seen however late the test looks.
  const dir = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-large-'));
  execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'scrutiny-cli', '--', 'sample', dir, '--records', '250000'], { cwd: ROOT });
  const body = fs.readFileSync(path.join(dir, 'cases.csv'));
  const meta = fs.readFileSync(path.join(dir, 'dataset.json'));
  const { context, page, problems } = await openDashboard({ width: 1280, height: 900 }, async (p) => {
    await p.route('**/dataset.json', (route) => route.fulfill({ status: 200, body: meta, contentType: 'application/json' }));
    await p.route('**/cases.csv', (route) => route.fulfill({ status: 200, body, contentType: 'text/csv' }));
    await p.addInitScript(() => {
      window.progressSeen = [];
      const look = () => {
        const bar = document.querySelector('#load-progress');
        if (bar && !bar.closest('[hidden]')) window.progressSeen.push(bar.value);
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
  });
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
