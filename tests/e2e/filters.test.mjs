// Filters and the URL: the filter form, the figures it selects (always the core's for that
// filter), Back and Forward, and permalinks that survive a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { CARDS, expectedView, FILTER_VALUES, normFilter, SEXUAL_OFFICER, shown } from './fixtures/contract.mjs';
import { coreFigures } from './fixtures/cli.mjs';
import { assertQuiet, assertShowsFigures, checkbox, eventually, openPage, readControls, readView, urlFilter, viewUrl, waitReady } from './fixtures/page.mjs';

useSite();

test('a filtered view shows the core\'s figures, tables and summaries for that filter', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl(SEXUAL_OFFICER) });
  const { page } = env;
  assert.deepEqual(await readControls(page), normFilter(SEXUAL_OFFICER), 'the controls reflect the query');
  const view = await readView(page);
  const f = coreFigures(SEXUAL_OFFICER);
  const expected = expectedView(f);
  // The brief's minimum first, each on its own, so a failure names what differs.
  assert.deepEqual(view.tables['court-groups'], expected.tables['court-groups'], 'table court-groups');
  assert.deepEqual(view.tables['criminal-outcomes'], expected.tables['criminal-outcomes'], 'table criminal-outcomes');
  for (const id of CARDS) assert.equal(view.summaries[id], expected.summaries[id], `summary of card ${id}`);
  assert.deepEqual(view, expected, 'all headlines, summaries and tables');
  assert.notEqual(f.records, coreFigures().records, 'the filter selects fewer records (sanity check of the CLI)');

  assert.equal(await page.locator('#headlines [data-headline="records"]').count(), 1, 'the headline figures are in #headlines');

  const status = page.locator('#filter-status');
  assert.equal(await status.getAttribute('aria-live'), 'polite', '#filter-status is a polite live region');
  assert.ok((await status.textContent()).includes(shown(f.records)), `#filter-status ("${await status.textContent()}") mentions the ${shown(f.records)} records shown`);

  // Commitments are judged on the whole release, whatever the filter.
  const commitments = await page.locator('[data-commitment]').evaluateAll((items) => items.map((li) => li.querySelector('.commitment-evidence')?.textContent));
  assert.deepEqual(commitments, f.commitments.map((c) => c.evidence), 'commitment evidence is the whole release\'s');
  await assertQuiet(env);
  await env.context.close();
});

test('filter form: every control of the contract; ticking, dates and reset update URL, status and figures', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  // The demo is a public release: it dates reports to the month, so the form picks months.
  assert.equal(await page.locator('form#filters input#filter-from[type=month]').count(), 1, 'input#filter-from[type=month]');
  assert.equal(await page.locator('form#filters input#filter-to[type=month]').count(), 1, 'input#filter-to[type=month]');
  for (const [name, values] of Object.entries(FILTER_VALUES)) {
    for (const v of values) assert.equal(await checkbox(page, name, v).count(), 1, `checkbox name=${name} value="${v}"`);
  }
  assert.equal(await page.locator('button#filter-reset').count(), 1, 'button#filter-reset');
  assert.deepEqual(await readControls(page), normFilter({}), 'nothing ticked without a query');
  await assertShowsFigures(page, {}, 'no filter');

  await checkbox(page, 'source', 'Hotline').check();
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter({ source: ['Hotline'] }), 'URL after ticking source Hotline'));
  await assertShowsFigures(page, { source: ['Hotline'] }, 'source Hotline');
  const hotline = coreFigures({ source: ['Hotline'] });
  await eventually(async () => assert.ok((await page.locator('#filter-status').textContent()).includes(shown(hotline.records)),
    `#filter-status ("${await page.locator('#filter-status').textContent()}") mentions ${shown(hotline.records)} records`));

  const dated = { from: '2023-01-01', to: '2023-12-31', source: ['Hotline'] };
  await page.locator('#filter-from').fill('2023-01');
  await page.locator('#filter-to').fill('2023-12'); // fill() fires input and change on a month input
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter(dated), 'URL after setting both dates'));
  await assertShowsFigures(page, dated, 'dates and source');

  await page.locator('#filter-reset').click();
  await eventually(async () => assert.deepEqual(await readControls(page), normFilter({}), 'every control cleared by reset'));
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter({}), 'no filter left in the URL after reset'));
  await assertShowsFigures(page, {}, 'after reset');
  await assertQuiet(env);
  await env.context.close();
});

test('Back and Forward restore the previous filter: controls and figures', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const one = { category: ['Sexual offence'] };
  await checkbox(page, 'category', 'Sexual offence').check();
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter(one), 'URL after ticking Sexual offence'));
  await assertShowsFigures(page, one, 'category ticked');
  await checkbox(page, 'role', 'Officer').check();
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter(SEXUAL_OFFICER), 'URL after ticking Officer'));
  await assertShowsFigures(page, SEXUAL_OFFICER, 'category and role ticked');

  const states = [['Back', one], ['Back', {}], ['Forward', one], ['Forward', SEXUAL_OFFICER]];
  for (const [button, filter] of states) {
    if (button === 'Back') await page.goBack(); else await page.goForward();
    await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter(filter), `URL after ${button}`));
    await eventually(async () => assert.deepEqual(await readControls(page), normFilter(filter), `controls after ${button} to ${JSON.stringify(filter)}`));
    await assertShowsFigures(page, filter, `after ${button}`);
  }
  await assertQuiet(env);
  await env.context.close();
});

test('permalink: a URL with filters sets the controls; a UI change survives a reload; Back restores', { timeout: TEST_TIMEOUT }, async () => {
  const start = { from: '2023-01-01', to: '2023-06-30', category: ['Sexual offence', 'Domestic abuse'], source: ['Hotline'] };
  const env = await openPage({ url: viewUrl(start) });
  const { page } = env;
  assert.deepEqual(await readControls(page), normFilter(start), 'the controls reflect the query');
  await assertShowsFigures(page, start, 'permalink');

  const changed = { ...start, role: ['Staff'] };
  await checkbox(page, 'role', 'Staff').check();
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter(changed), 'URL after ticking Staff'));
  await assertShowsFigures(page, changed, 'after ticking Staff');
  const before = await readView(page);
  const url = page.url();

  await page.reload();
  await waitReady(page);
  assert.equal(page.url(), url, 'the reload keeps the URL');
  assert.deepEqual(await readControls(page), normFilter(changed), 'controls after reload');
  await eventually(async () => assert.deepEqual(await readView(page), before, 'the same figures after reloading the permalink'));

  await page.goBack();
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter(start), 'URL after Back'));
  await waitReady(page);
  await eventually(async () => assert.deepEqual(await readControls(page), normFilter(start), 'controls after Back'));
  await assertShowsFigures(page, start, 'after Back');
  await assertQuiet(env);
  await env.context.close();
});
