// The print briefing: every card's chart and tables, no controls, a header with the as-of date,
// the filter and the permalink; the PDF is saved with the screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { shot, TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { CARDS, SEXUAL_OFFICER, squash } from './fixtures/contract.mjs';
import { coreFigures } from './fixtures/cli.mjs';
import { assertQuiet, openPage, viewUrl } from './fixtures/page.mjs';

useSite();

test('print briefing: charts and tables of every card, no controls, a header with date, filters and permalink; PDF saved', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl(SEXUAL_OFFICER) });
  const { page } = env;
  assert.equal(await page.locator('button#print-briefing').count(), 1, 'button#print-briefing exists');
  const url = page.url();
  await page.emulateMedia({ media: 'print' });
  // Printing draws every card's tables (they are otherwise drawn only while their tab is open).
  await page.locator(`#${CARDS[CARDS.length - 1]}-panel-table table`).first().waitFor({ state: 'visible', timeout: 5_000 });
  for (const id of CARDS) {
    assert.ok(await page.locator(`#${id}-panel-chart`).isVisible(), `print: ${id} chart panel visible`);
    assert.ok(await page.locator(`#${id}-panel-table`).isVisible(), `print: ${id} table panel visible`);
    assert.ok(await page.locator(`#${id}-panel-table table`).first().isVisible(), `print: ${id} table visible`);
    assert.ok(!(await page.locator(`section[data-chart="${id}"] [role=tablist]`).isVisible()), `print: ${id} tablist hidden`);
  }
  assert.ok(!(await page.locator('form#filters').isVisible()), 'print: form#filters hidden');
  const shownNoPrint = await page.locator('.no-print, #site-header nav').evaluateAll((els) =>
    els.filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(shownNoPrint, [], 'print: every .no-print and #site-header nav is hidden');
  const header = page.locator('.print-header');
  assert.ok(await header.first().isVisible(), 'print: .print-header visible');
  const text = squash(await header.first().textContent());
  const asOf = coreFigures(SEXUAL_OFFICER).as_of;
  const longAsOf = new Date(`${asOf}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.ok(text.includes(asOf) || text.includes(longAsOf), `print header mentions the as-of date (${longAsOf}): "${text}"`);
  for (const v of ['Sexual offence', 'Officer']) assert.match(text, new RegExp(v, 'i'), `print header names the filter value ${v}`);
  assert.ok(text.includes(url) || text.includes(decodeURI(url)), `print header holds the permalink ${url}: "${text}"`);

  await page.screenshot({ path: shot('print.png'), fullPage: true });
  const pdf = shot('briefing.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const bytes = fs.readFileSync(pdf);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'briefing.pdf is a PDF');
  await assertQuiet(env);
  await env.context.close();
});
