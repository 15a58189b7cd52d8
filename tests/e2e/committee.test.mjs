// What a committee asks (issue 16): the review's projected finish, court appearances by week
// and offence group, outcomes by allegation category, events from dataset.json on the time
// charts, the other-force filter, the published stamp, the methodology and glossary, and the
// page in Welsh. Served from a copy of dist/ whose demo dataset.json marks one more event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TEST_TIMEOUT, shot, useSite } from './fixtures/site.mjs';
import { coreFigures } from './fixtures/cli.mjs';
import { CARDS, PHONE, shown, squash } from './fixtures/contract.mjs';
import { targetTempDir } from './fixtures/data.mjs';
import { assertQuiet, cardTables, eventually, openPage, runAxe, selectTab, tableRows, viewUrl, waitForCharts } from './fixtures/page.mjs';

/** The event the hidden copy adds, as a publisher would. */
const EVENT = { date: '2023-10-02', label: 'Committee hearing on vetting' };

function siteWithEvent() {
  const dir = targetTempDir('committee-');
  fs.cpSync(path.join(ROOT, 'dist'), dir, { recursive: true });
  const file = path.join(dir, 'data/demo/dataset.json');
  const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
  meta.annotations = [...(meta.annotations ?? []), EVENT];
  fs.writeFileSync(file, JSON.stringify(meta, null, 2));
  return dir;
}

const site = useSite({ root: siteWithEvent });

/** The texts of a card's chart (its SVG's <text> elements), squashed. */
const chartTexts = (page, id) => page.locator(`[data-chart="${id}"] .panel-chart svg text`).evaluateAll((ts) => ts.map((t) => t.textContent.replace(/\s+/g, ' ').trim()));

test('the review chart states its projection, and every time chart marks the events that its axis covers', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const f = coreFigures();
  // The demo's review finished nothing in its last four weeks: "not on track at this pace".
  assert.equal(f.review.projection.status, 'not_on_track', 'the core projects the demo as not on track');
  await eventually(async () => assert.ok((await chartTexts(page, 'review-progress')).some((t) => t.startsWith('Not on track at this pace')), 'the review chart says so'));
  const summary = squash(await page.locator('[data-chart="review-progress"] p.summary').textContent());
  assert.ok(summary.includes('at this pace the review is not on track to finish'), summary);
  await selectTab(page, 'review-progress', 'about');
  assert.match(await page.locator('#review-progress-panel-about').textContent(), /pace of the last 4 weeks/, 'the About tab gives the assumption');
  const key = await tableRows(page, 'review-key');
  assert.deepEqual(key.at(-1), ['Projected finish at the pace of the last 4 weeks', 'Not on track at this pace']);

  // Events: the demo's two and the added one, on both time charts, in their tables and About.
  const events = JSON.parse(fs.readFileSync(path.join(site.root, 'data/demo/dataset.json'), 'utf8')).annotations;
  assert.equal(events.length, 3);
  for (const id of ['review-progress', 'court-weekly']) {
    const texts = await chartTexts(page, id);
    for (const e of events) assert.ok(texts.includes(e.label), `${id}: the event "${e.label}" is drawn (${texts.join(' | ')})`);
    const prefix = id === 'review-progress' ? 'review' : 'court';
    assert.deepEqual((await tableRows(page, `${prefix}-events`)).map((r) => [r[1], r[2]]), events.map((e) => [e.date, e.label]), `${id}: the events' table`);
    await selectTab(page, id, 'about');
    const about = await page.locator(`#${id}-panel-about`).textContent();
    for (const e of events) assert.ok(about.includes(e.label), `${id}: About lists "${e.label}"`);
    await selectTab(page, id, 'chart');
  }
  await page.locator('[data-chart="court-weekly"]').screenshot({ path: shot('committee-court-weekly.png') });
  await page.locator('[data-chart="review-progress"]').screenshot({ path: shot('committee-review-progress.png') });
  await assertQuiet(env);
  await env.context.close();
});

test('court appearances: each week split by offence group, a table by week and group, the band from the commitment\'s date', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const f = coreFigures();
  const texts = await chartTexts(page, 'court-weekly');
  for (const g of f.court.by_offence_group.filter((g) => g.count !== 0)) {
    assert.ok(texts.includes(`${g.label} (${shown(g.count)})`), `the legend names ${g.label} with its appearances: ${texts.join(' | ')}`);
  }
  assert.ok(texts.includes('from 1 Jan 2023'), 'the legend says when the commitment starts');
  const [weekly] = (await cardTables(page, 'court-weekly')).filter((t) => t.name === 'court-weekly');
  assert.deepEqual(weekly.headers, ['Week commencing', 'ISO week', ...f.court.by_week_and_group.columns, 'All groups']);
  assert.deepEqual(weekly.rows, f.court.weeks.map((w, i) => [w.label, w.iso_week, ...f.court.by_week_and_group.rows[i].cells.map(shown), shown(w.count)]));
  // No row gives a hidden group away: where a week shows its total, its hidden parts are 0 or two or more.
  for (const row of f.court.by_week_and_group.rows) {
    const hidden = row.cells.filter((c) => c === '[c]').length;
    assert.ok(hidden !== 1, `${row.label}: one hidden group could be worked out from the week's total`);
  }
  const headline = squash(await page.locator('#court-weekly-heading').textContent());
  assert.match(headline, /first court appearances a week on average/, `the headline counts what the chart counts: ${headline}`);
  assert.doesNotMatch(headline, /officers a week/);
  await assertQuiet(env);
  await env.context.close();
});

test('outcomes by allegation category: a chart and tables with categories as rows, in the outcomes card too', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const f = coreFigures();
  const rows = (b) => b.rows.map((r) => [r.label, shown(r.total), ...r.cells.map(shown)]);
  const inOutcomes = await cardTables(page, 'outcomes');
  const criminal = inOutcomes.find((t) => t.name === 'criminal-by-category');
  assert.ok(criminal, 'the outcomes card has the criminal outcomes by category');
  assert.deepEqual(criminal.headers, ['Allegation category', 'Charged cases', ...f.outcomes.criminal_by_category.columns]);
  assert.deepEqual(criminal.rows, rows(f.outcomes.criminal_by_category));
  assert.deepEqual(inOutcomes.find((t) => t.name === 'misconduct-by-category').rows, rows(f.outcomes.misconduct_by_category));
  const card = await cardTables(page, 'outcomes-by-category');
  assert.deepEqual(card.map((t) => t.name), ['by-category-criminal-by-category', 'by-category-misconduct-by-category']);
  assert.deepEqual(card[1].rows, rows(f.outcomes.misconduct_by_category));
  const texts = await chartTexts(page, 'outcomes-by-category');
  for (const r of f.outcomes.misconduct_by_category.rows) assert.ok(texts.includes(r.label), `the chart labels ${r.label}`);
  assert.equal(squash(await page.locator('[data-chart="outcomes-by-category"] p.summary').textContent()), squash(f.outcomes.by_category_summary));
  await page.locator('[data-chart="outcomes-by-category"]').screenshot({ path: shot('committee-outcomes-by-category.png') });
  await assertQuiet(env);
  await env.context.close();
});

test('other_force=Yes: the headline counts only other-force cases, the status line and the briefing say so', { timeout: TEST_TIMEOUT }, async () => {
  const filter = { other_force: ['Yes'] };
  const env = await openPage({ url: viewUrl(filter) });
  const { page } = env;
  const [all, other] = [coreFigures(), coreFigures(filter)];
  assert.notEqual(other.records, all.records, 'the filter selects fewer cases (the core)');
  await eventually(async () => assert.equal(await page.locator('[data-headline="records"]').textContent(), shown(other.records)));
  const status = squash(await page.locator('#filter-status').textContent());
  assert.ok(status.includes('Serves in another force: Yes'), `the status line names the filter: ${status}`);
  assert.equal(await page.locator('form#filters input[name="other_force"][value="Yes"]').isChecked(), true);
  // Unticking it in the form shows every case again, and the link follows.
  await page.locator('form#filters input[name="other_force"][value="Yes"]').uncheck();
  await eventually(async () => assert.equal(await page.locator('[data-headline="records"]').textContent(), shown(all.records)));
  assert.equal(new URL(page.url()).searchParams.get('other_force'), null);
  await page.goBack();
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('other_force'), 'Yes'));
  await page.emulateMedia({ media: 'print' });
  await eventually(async () => assert.match(squash(await page.locator('.print-header').first().textContent()), /Serves in another force: Yes/));
  await assertQuiet(env);
  await env.context.close();
});

test('the release is stamped with when it was published, beside its as-of date; methodology and glossary are on the page', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const list = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/data/releases.json'), 'utf8'));
  const entry = list.releases.find((r) => r.id === 'demo');
  const day = new Date(entry.published_at);
  const published = day.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.equal(squash(await page.locator('[data-field="published"]').textContent()), published);
  assert.equal(squash(await page.locator('[data-field="as-of"]').textContent()), '31 March 2024');
  const methodology = page.locator('section[aria-labelledby="methodology-heading"]');
  assert.equal(squash(await methodology.locator('h2').textContent()), 'Methodology and sources');
  const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/data/demo/dataset.json'), 'utf8'));
  assert.ok(squash(await methodology.textContent()).includes(squash(meta.methodology)), 'the methodology is the release\'s');
  assert.match(await methodology.textContent(), new RegExp(`Counts from 1 to ${meta.min_cell_count - 1} are shown as \\[c\\]`));
  const terms = await page.locator('dl.glossary dt').allTextContents();
  for (const term of ['Misconduct', 'Gross misconduct', 'No case to answer', '[c]', 'Withheld', 'Public release']) assert.ok(terms.includes(term), `the glossary defines ${term}`);
  assert.equal(await page.locator('dl.glossary dd').count(), terms.length, 'each term has its definition');
  await page.emulateMedia({ media: 'print' });
  await eventually(async () => assert.match(squash(await page.locator('.print-header').first().textContent()), new RegExp(`figures as of 31 March 2024, published ${published}`)));
  await assertQuiet(env);
  await env.context.close();
});

test('?lang=cy: the page in Welsh, <html lang="cy">, the switch back to English, axe-clean, on a phone too', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl({}, { lang: 'cy' }), axe: true });
  const { page } = env;
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
  const print = squash(await page.locator('#print-briefing').textContent());
  assert.notEqual(print, 'Print briefing');
  assert.equal(print, 'Argraffu briff');
  assert.equal(squash(await page.locator('#filters-heading').textContent()) === 'Filter the cases', false, 'the filter form is in Welsh');
  assert.deepEqual(await page.locator('#review-progress-tab-chart, #review-progress-tab-table').allTextContents(), ['Siart', 'Tabl']);
  assert.match(squash(await page.locator('[data-field="as-of"]').textContent()), /31 Mawrth 2024/, 'dates follow the language');
  const svg = (await chartTexts(page, 'court-weekly')).join(' ');
  assert.ok(!svg.includes('First court appearances per week'), 'the chart is drawn in Welsh');
  // A filter keeps the language in the link.
  await page.locator('form#filters input[name="role"][value="Officer"]').check();
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('lang'), 'cy'));
  const english = page.locator('.language-switch a[hreflang="en"]');
  assert.equal(squash(await english.textContent()), 'English');
  assert.equal(await english.getAttribute('lang'), 'en');
  await waitForCharts(page, 'wide');
  await runAxe(page, 'the page in Welsh');
  await page.screenshot({ path: shot('welsh-desktop.png'), fullPage: true });
  await english.click();
  await page.waitForURL((u) => !new URL(u).searchParams.has('lang'));
  await page.locator('#print-briefing').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en-GB');
  assert.equal(squash(await page.locator('#print-briefing').textContent()), 'Print briefing');
  assert.equal(new URL(page.url()).searchParams.get('role'), 'Officer', 'the switch keeps the view');
  await assertQuiet(env);
  await env.context.close();

  const phone = await openPage({ url: viewUrl({}, { lang: 'cy' }), viewport: PHONE });
  await waitForCharts(phone.page, 'narrow');
  await phone.page.screenshot({ path: shot('welsh-phone.png'), fullPage: true });
  assert.deepEqual(CARDS.length, await phone.page.locator('section.chart-card').count());
  await assertQuiet(phone);
  await phone.context.close();
});

test('an annotation the page cannot draw is left out with a note; the figures are still drawn', { timeout: TEST_TIMEOUT }, async () => {
  const meta = JSON.parse(fs.readFileSync(path.join(site.root, 'data/demo/dataset.json'), 'utf8'));
  meta.annotations = [{ date: '2023-05-02', label: 'PC John Smith sentenced' }, { date: '2023-06-01', label: '<b>Review</b> report' }];
  const env = await openPage({
    url: viewUrl(),
    setup: (page) => page.route('**/data/demo/dataset.json', (route) => route.fulfill({ status: 200, body: JSON.stringify(meta), contentType: 'application/json' })),
  });
  const { page } = env;
  const note = squash(await page.locator('[data-banner="metadata"]').textContent());
  assert.match(note, /annotation 1 \(2023-05-02\).*police rank followed by a name.*It is not drawn\./, note);
  assert.ok(!note.includes('John Smith'), 'the note never repeats the personal data');
  const texts = await chartTexts(page, 'review-progress');
  assert.ok(!texts.some((t) => t.includes('John Smith')), 'the refused label is drawn nowhere');
  assert.ok(texts.includes('<b>Review</b> report'), 'a label is text: markup in it is shown, never run');
  assert.equal(await page.locator('[data-chart="review-progress"] svg b').count(), 0);
  await assertQuiet(env);
  await env.context.close();
});
