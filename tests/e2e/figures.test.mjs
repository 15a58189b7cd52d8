// The figures: the release bundle (dist/) in Debian's headless Chromium shows what the core
// computes. The expected numbers come from the `scrutiny summary` CLI on the same file, never
// copied here; the data-quality panel and the error states say what `scrutiny check` says.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { shot, useSite } from './fixtures/site.mjs';
import { CARDS, DESKTOP, PHONE, shown } from './fixtures/contract.mjs';
import { coreCheck, coreFigures } from './fixtures/cli.mjs';
import { DEMO_CSV, DEMO_DIR, targetTempDir } from './fixtures/data.mjs';
import { openHome, routeCasesFile, runAxe, tableRows, waitForCharts } from './fixtures/page.mjs';

useSite();
let figures;
before(() => { figures = coreFigures(); });

test('desktop: every chart, table, summary and commitment equals the core\'s; no console errors; no axe violations', async () => {
  const { context, page, problems } = await openHome({ viewport: DESKTOP, axe: true });
  await waitForCharts(page, 'wide');

  await assert.doesNotReject(page.locator('[data-banner="synthetic"]').waitFor(), 'synthetic-data banner is shown');
  const headline = async (key) => (await page.locator(`[data-headline="${key}"]`).textContent()).trim();
  assert.equal(await headline('records'), shown(figures.records));
  assert.equal(await headline('distinct-subjects'), shown(figures.distinct_subjects));
  assert.equal(await headline('in-review'), shown(figures.review.in_review));
  assert.equal(await headline('completed-by-target'), shown(figures.review.completed_by_target));
  assert.equal(await headline('court-total'), shown(figures.court.total));

  const court = await tableRows(page, 'court-weekly');
  assert.deepEqual(court, figures.court.weeks.map((w, i) => [w.label, w.iso_week, ...figures.court.by_week_and_group.rows[i].cells.map(shown), shown(w.count)]));
  const review = await tableRows(page, 'review-weekly');
  assert.deepEqual(review, figures.review.cumulative_by_week.map((w) => [w.label, w.iso_week, shown(w.count)]));
  for (const [name, cells] of [['criminal-outcomes', figures.outcomes.criminal], ['misconduct-outcomes', figures.outcomes.misconduct],
    ['court-groups', figures.court.by_offence_group], ['repeat-people', figures.repeat.with_cases]]) {
    assert.deepEqual(await tableRows(page, name), cells.map((c) => [c.label, shown(c.count)]), name);
  }
  const summaries = await page.locator('.chart-card .summary').allTextContents();
  assert.deepEqual(summaries, [figures.review.summary, figures.court.summary, figures.outcomes.summary,
    figures.outcomes.by_category_summary, figures.time_to_outcome.summary, figures.repeat.summary, figures.sources.summary]);
  assert.deepEqual(await tableRows(page, 'sources'), figures.sources.by_source.map((c, i) =>
    [c.label, shown(c.count), shown(figures.sources.other_force_by_source[i].count)]));
  // Whole months, halves up, thousands separated: as people count them, and the page writes them.
  const month = (d) => Math.round(d).toLocaleString('en-GB');
  const quartiles = (q) => [shown(q.cases), ...(q.months ? q.months.map(month) : ['[c]', '[c]', '[c]'])];
  assert.deepEqual(await tableRows(page, 'time-to-outcome'), [
    ['Misconduct', ...quartiles(figures.time_to_outcome.misconduct)], ['Criminal', ...quartiles(figures.time_to_outcome.criminal)]]);
  assert.deepEqual(await tableRows(page, 'repeat-outcomes'), figures.repeat.earlier_outcomes.map((c) => [c.label, shown(c.count)]));
  const commitments = await page.locator('[data-commitment]').evaluateAll((items) =>
    items.map((li) => [li.dataset.status, li.querySelector('.commitment-evidence').textContent]));
  assert.deepEqual(commitments, figures.commitments.map((c) => [c.status, c.evidence]));

  for (const id of CARDS) {
    const svg = page.locator(`[data-chart="${id}"] .chart-wide svg`);
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.ok((await svg.locator('desc').textContent()).length > 20, `${id} has a description`);
  }

  await page.screenshot({ path: shot('desktop.png'), fullPage: true });
  for (const id of CARDS) {
    await page.locator(`[data-chart="${id}"]`).screenshot({ path: shot(`desktop-${id}.png`) });
  }
  await runAxe(page, 'the desktop view');
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone: narrow charts, nothing cut off, screenshot saved', async () => {
  const { context, page, problems } = await openHome({ viewport: PHONE });
  await waitForCharts(page, 'narrow');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling on a phone');
  for (const id of CARDS) {
    const box = await page.locator(`[data-chart="${id}"] .chart-narrow svg`).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${id} fits the screen`);
  }
  await page.screenshot({ path: shot('phone.png'), fullPage: true });
  for (const id of CARDS) {
    await page.locator(`[data-chart="${id}"]`).screenshot({ path: shot(`phone-${id}.png`) });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing dataset.json shows a clear error instead of a blank page', async () => {
  const { context, page } = await openHome({ viewport: DESKTOP, setup: (p) =>
    p.route('**/dataset.json', (route) => route.fulfill({ status: 404, body: 'not found' })) });
  const panel = page.locator('[data-state="error"]');
  await panel.waitFor({ timeout: 30_000 });
  assert.match(await panel.textContent(), /answered 404 for .*dataset\.json/);
  await page.screenshot({ path: shot('error.png') });
  await context.close();
});

test('a refused cases file says why, and draws no chart', async () => {
  // The hosted release's dataset.json says it is a public release: a cases file missing a
  // release's columns is refused, and so is an internal extract (IDs and pseudonyms) served
  // in its place.
  for (const [body, reason] of [
    ['role\nOfficer\n', /refused.*Required column\(s\) missing: allegation_category, reported_date, subject_cases, earlier_case_outcome\./],
    ['case_id,subject_ref,role\nC1,P-00000001,Officer\n', /refused.*"case_id" column, which only an internal extract holds/],
  ]) {
    const { context, page } = await openHome({ viewport: DESKTOP, setup: (p) => routeCasesFile(p, body) });
    const panel = page.locator('[data-state="error"]');
    await panel.waitFor({ timeout: 30_000 });
    assert.match(await panel.textContent(), reason);
    assert.equal(await page.locator('.chart-card').count(), 0);
    await context.close();
  }
});

test('the data-quality panel lists what the core found, as text', async () => {
  // The demo release plus rows that break its format, one with markup in a value.
  const dir = targetTempDir('e2e-quality-');
  const demo = fs.readFileSync(DEMO_CSV, 'utf8');
  const bad = [
    'Offcer,Violence,2023-01,,,,,,,,,,,,,,1,',
    'Officer,Violence,31/02/2023,,,,,,,,,,,,,,<img src=x onerror="window.pwned=1">,',
  ].join('\n');
  const body = `${demo}${bad}\n`;
  fs.writeFileSync(path.join(dir, 'cases.csv'), body);
  fs.copyFileSync(path.join(DEMO_DIR, 'dataset.json'), path.join(dir, 'dataset.json'));
  const expected = coreCheck(path.join(dir, 'cases.csv'));
  assert.equal(expected.rejected, 2);

  const { context, page, problems } = await openHome({ viewport: DESKTOP, setup: (p) => routeCasesFile(p, body) });
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
  await panel.screenshot({ path: shot('quality-panel.png') });
  assert.deepEqual(problems, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
