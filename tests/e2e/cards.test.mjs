// The chart cards: headline, subtitle, summary, tabs and panels (mouse and WAI-ARIA keyboard),
// the downloads (CSV of the card's tables, SVG, PNG), and the embed view of one card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shot, site, TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { CARDS, SEXUAL_OFFICER, squash, TABS } from './fixtures/contract.mjs';
import { coreFigures } from './fixtures/cli.mjs';
import { normCell, parseCsv, sortedRows } from './fixtures/data.mjs';
import { assertQuiet, cardTables, download, eventually, openPage, selectTab, viewUrl } from './fixtures/page.mjs';

useSite();

test('chart cards: headline, subtitle, summary outside the panels, tabs with panels, SVG, tables', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const ids = await page.locator('section.chart-card').evaluateAll((cards) => cards.map((c) => c.dataset.chart));
  assert.deepEqual(ids, CARDS, 'the six cards in order');
  for (const id of CARDS) {
    const card = page.locator(`section.chart-card[data-chart="${id}"]`);
    assert.ok(squash(await card.locator('h2').first().textContent()).length > 0, `${id}: h2 headline`);
    assert.ok(squash(await card.locator('p.subtitle').first().textContent()).length > 0, `${id}: p.subtitle`);
    const tabs = await card.locator('[role=tablist] button[role=tab]').evaluateAll((bs) =>
      bs.map((b) => ({ id: b.id, selected: b.getAttribute('aria-selected'), controls: b.getAttribute('aria-controls') })));
    assert.deepEqual(tabs, TABS.map((t) => ({ id: `${id}-tab-${t}`, selected: t === 'chart' ? 'true' : 'false', controls: `${id}-panel-${t}` })),
      `${id}: four tabs, chart selected, each controlling its panel`);
    const panels = await card.locator('[role=tabpanel]').evaluateAll((ps) => ps.map((p) => ({ id: p.id, hidden: p.hasAttribute('hidden') })));
    assert.deepEqual(panels, TABS.map((t) => ({ id: `${id}-panel-${t}`, hidden: t !== 'chart' })), `${id}: four panels, only the chart panel shown`);

    const svgs = await page.locator(`#${id}-panel-chart svg[role=img]`).evaluateAll((ss) =>
      ss.map((s) => ({ title: s.querySelector('title')?.textContent.trim() ?? '', desc: s.querySelector('desc')?.textContent.trim() ?? '' })));
    assert.ok(svgs.length >= 1, `${id}: the chart panel holds an svg[role=img]`);
    for (const s of svgs) assert.ok(s.title && s.desc.length > 20, `${id}: every svg[role=img] has a <title> and a <desc> (${JSON.stringify(s)})`);
    assert.equal(await page.locator(`#${id}-panel-chart svg[role=img]`).filter({ visible: true }).count() >= 1, true, `${id}: a chart is visible`);

    const summary = card.locator('p.summary');
    assert.equal(await summary.count(), 1, `${id}: one p.summary`);
    assert.equal(await summary.evaluate((p) => p.closest('[role=tabpanel]') === null), true, `${id}: p.summary is outside the tab panels`);
    assert.ok(await summary.isVisible(), `${id}: summary visible with the chart tab`);

    const tables = await cardTables(page, id);
    assert.ok(tables.length >= 1, `${id}: the table panel holds a table[data-table]`);
    for (const t of tables) {
      assert.ok(t.caption.length > 0, `${id}: table ${t.name} has a caption`);
      assert.ok(t.headers.length >= 2, `${id}: table ${t.name} has th[scope=col] headers`);
      assert.ok(t.rows.length >= 1, `${id}: table ${t.name} has rows`);
    }
    for (const kind of ['csv', 'svg', 'png']) {
      assert.equal(await page.locator(`#${id}-panel-download button[data-download="${kind}"]`).count(), 1, `${id}: download button ${kind}`);
    }

    // Mouse: the table tab shows the table panel only; the summary stays.
    await selectTab(page, id, 'table');
    assert.deepEqual(await card.locator('[role=tabpanel]').evaluateAll((ps) => ps.map((p) => p.hasAttribute('hidden'))), TABS.map((t) => t !== 'table'),
      `${id}: after clicking the table tab only the table panel is shown`);
    assert.deepEqual(await card.locator('[role=tab]').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-selected'))), TABS.map((t) => String(t === 'table')),
      `${id}: aria-selected follows the click`);
    assert.ok(await page.locator(`#${id}-panel-table table`).first().isVisible(), `${id}: table visible`);
    assert.ok(await summary.isVisible(), `${id}: summary still visible with the table tab`);
  }
  await assertQuiet(env);
  await env.context.close();
});

test('tabs keyboard (WAI-ARIA): ArrowRight, ArrowLeft, Home, End move focus and select', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const state = (id) => page.evaluate((id) => ({
    focused: document.activeElement?.id,
    selected: [...document.querySelectorAll(`section[data-chart="${id}"] [role=tab]`)].filter((b) => b.getAttribute('aria-selected') === 'true').map((b) => b.id),
    shown: [...document.querySelectorAll(`section[data-chart="${id}"] [role=tabpanel]`)].filter((p) => !p.hidden).map((p) => p.id),
  }), id);
  const expectTab = async (id, tab, after) => eventually(async () => assert.deepEqual(await state(id),
    { focused: `${id}-tab-${tab}`, selected: [`${id}-tab-${tab}`], shown: [`${id}-panel-${tab}`] }, `${id}: after ${after}`), 3_000);
  for (const id of CARDS) {
    await page.locator(`#${id}-tab-chart`).focus();
    await page.keyboard.press('ArrowRight');
    await expectTab(id, 'table', 'ArrowRight from chart');
    await page.keyboard.press('ArrowRight');
    await expectTab(id, 'download', 'ArrowRight from table');
    await page.keyboard.press('ArrowLeft');
    await expectTab(id, 'table', 'ArrowLeft from download');
    await page.keyboard.press('End');
    await expectTab(id, 'about', 'End');
    await page.keyboard.press('Home');
    await expectTab(id, 'chart', 'Home');
    await page.keyboard.press('ArrowLeft');
    await expectTab(id, 'about', 'ArrowLeft from the first tab (wraps to the last, as in the WAI-ARIA pattern)');
    await page.keyboard.press('ArrowRight');
    await expectTab(id, 'chart', 'ArrowRight from the last tab (wraps to the first)');
  }
  await assertQuiet(env);
  await env.context.close();
});

test('downloads: CSV holds the card\'s tables; SVG and PNG are real images; files named scrutiny-ID.*', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl(SEXUAL_OFFICER) });
  const { page } = env;
  for (const id of CARDS) {
    const tables = await cardTables(page, id);
    const csv = await download(page, id, 'csv');
    assert.ok(csv.name.startsWith(`scrutiny-${id}`) && csv.name.endsWith('.csv'), `${id}: CSV named scrutiny-${id}*.csv, got ${csv.name}`);
    const rows = parseCsv(csv.bytes.toString('utf8'));
    const blocks = [];
    let block = [];
    for (const r of rows) {
      if (r.every((c) => c.trim() === '')) { if (block.length) blocks.push(block); block = []; } else block.push(r);
    }
    if (block.length) blocks.push(block);
    // The CSV may open with a provenance block (title, as-of date, selection, permalink)
    // before the first table's caption; the tables then follow one block each.
    const first = blocks.findIndex((b) => normCell(b[0].join(',')) === normCell(tables[0]?.caption ?? ''));
    assert.ok(first >= 0, `${id}: the CSV has a block starting with the caption "${tables[0]?.caption}":\n${csv.bytes.toString('utf8').slice(0, 400)}`);
    const tableBlocks = blocks.slice(first);
    assert.equal(tableBlocks.length, tables.length, `${id}: the CSV holds one block per table (${tables.map((t) => t.name)}); got ${tableBlocks.length}:\n${csv.bytes.toString('utf8').slice(0, 400)}`);
    tables.forEach((t, i) => {
      const [caption, header = [], ...data] = tableBlocks[i];
      assert.equal(normCell(caption.join(',')), normCell(t.caption), `${id}: CSV block ${i + 1} starts with the caption of table ${t.name}`);
      assert.deepEqual(header.map(normCell), t.headers.map(normCell), `${id}: CSV header line of table ${t.name}`);
      assert.deepEqual(sortedRows(data), sortedRows(t.rows), `${id}: CSV data rows of table ${t.name} equal the page's cells`);
    });
    const bad = rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c));
    assert.deepEqual(bad, [], `${id}: no CSV cell starts with = + - @ tab or CR (formula guard)`);

    const svg = await download(page, id, 'svg');
    assert.ok(svg.name.startsWith(`scrutiny-${id}`) && svg.name.endsWith('.svg'), `${id}: SVG named scrutiny-${id}*.svg, got ${svg.name}`);
    const svgText = svg.bytes.toString('utf8');
    assert.ok(svgText.trimStart().startsWith('<svg'), `${id}: the SVG download starts with <svg, got ${JSON.stringify(svgText.slice(0, 60))}`);
    assert.ok(svgText.includes('xmlns="http://www.w3.org/2000/svg"'), `${id}: the SVG file declares the SVG namespace (a standalone .svg needs it)`);

    const png = await download(page, id, 'png');
    assert.ok(png.name.startsWith(`scrutiny-${id}`) && png.name.endsWith('.png'), `${id}: PNG named scrutiny-${id}*.png, got ${png.name}`);
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${id}: the PNG download starts with the PNG signature`);
    assert.ok(png.bytes.length > 1000, `${id}: the PNG is not empty (${png.bytes.length} bytes)`);
  }
  await assertQuiet(env);
  await env.context.close();
});

test('embed: ?embed=court-weekly shows that card alone, no filters, no commitments; filters still apply', { timeout: TEST_TIMEOUT }, async () => {
  for (const [filter, query] of [[{}, `${site.baseUrl}?embed=court-weekly`], [{ category: ['Violence'] }, viewUrl({ category: ['Violence'] }, { embed: 'court-weekly' })]]) {
    const env = await openPage({ url: query, waitCards: ['court-weekly'] });
    const { page } = env;
    assert.deepEqual(await page.locator('section.chart-card').evaluateAll((cs) => cs.map((c) => c.dataset.chart)), ['court-weekly'], `${query}: exactly one card`);
    assert.equal(await page.locator('form#filters').filter({ visible: true }).count(), 0, `${query}: no filters form`);
    assert.equal(await page.locator('[data-commitment], #commitments-heading').filter({ visible: true }).count(), 0, `${query}: no commitments panel`);
    const f = coreFigures(filter);
    await eventually(async () => assert.equal(squash(await page.locator('[data-chart="court-weekly"] p.summary').textContent()), squash(f.court.summary),
      `${query}: the card's summary is the core's for ${JSON.stringify(filter)}`));
    if (!Object.keys(filter).length) await page.screenshot({ path: shot('embed.png'), fullPage: true });
    await assertQuiet(env);
    await env.context.close();
  }
});
