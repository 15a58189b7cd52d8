// Releases over time: two releases are published with `scrutiny publish` into a copy of the
// built site's data/ folder, then the page is opened as a visitor would: the bare address
// (the newest release, pinned in the address), an older release by its link, the comparison
// of the two (its table against each release's own figures from the CLI), a link to a release
// that does not exist, the Atom feed, and the page again with the network off after one visit.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, shot, site, TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { CARDS, DESKTOP, PHONE, shown } from './fixtures/contract.mjs';
import { coreFigures, runCli } from './fixtures/cli.mjs';
import { targetTempDir } from './fixtures/data.mjs';
import { assertQuiet, eventually, openPage, runAxe, tableRows, waitReady } from './fixtures/page.mjs';

/** The two releases this file publishes: id, the date the extract is taken as of, publication time. */
const OLDER = { id: 'q4-2023', asOf: '2023-12-31', epoch: '1706745600' };
const NEWER = { id: 'q1-2024', asOf: '2024-03-31', epoch: '1717200000' };

let siteDir;
before(() => {
  siteDir = path.join(targetTempDir('releases-site-'), 'site');
  fs.cpSync(path.join(ROOT, 'dist'), siteDir, { recursive: true });
  for (const release of [OLDER, NEWER]) publish(release);
});
useSite({ root: () => siteDir });

/** `scrutiny sample --as-of` then `scrutiny publish` into the site's data/ folder. */
function publish({ id, asOf, epoch }) {
  const extract = path.join(path.dirname(siteDir), `extract-${id}`);
  runCli(['sample', extract, '--as-of', asOf]);
  process.env.SOURCE_DATE_EPOCH = epoch;
  try {
    runCli(['publish', path.join(extract, 'cases.csv'), '--metadata', path.join(extract, 'dataset.json'), '--release', id, '--out', path.join(siteDir, 'data')]);
  } finally {
    delete process.env.SOURCE_DATE_EPOCH;
  }
}

/** The site's list of releases, as published. */
const listed = () => JSON.parse(fs.readFileSync(path.join(siteDir, 'data/releases.json'), 'utf8')).releases;
/** The newest release, worked out here: the latest as-of date, then the latest publication. */
const newest = () => [...listed()].sort((a, b) => b.as_of.localeCompare(a.as_of) || b.published_at.localeCompare(a.published_at))[0];
/** "31 March 2024" for "2024-03-31", as the page writes dates. */
const longDate = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** A release's disclosed figures for a filter, from the CLI on its folder. */
const figuresOf = (id, filter = {}) => coreFigures(filter, path.join(siteDir, 'data', id));
const asOfShown = (page) => page.locator('[data-field="as-of"]').innerText();

test('the bare address shows the newest release and the address names it, with no new history entry', { timeout: TEST_TIMEOUT }, async () => {
  const expected = newest();
  assert.equal(expected.id, NEWER.id, 'the release published last with the latest as-of date is the newest');
  assert.deepEqual(listed().map((r) => r.id).slice(0, 2), [NEWER.id, 'demo'], 'releases.json lists the newest first');
  const env = await openPage({ url: site.baseUrl });
  const { page } = env;
  await eventually(() => assert.equal(new URL(page.url()).searchParams.get('release'), expected.id, 'the address is pinned'));
  // Opening the bare address again adds one history entry (the visit), not two (the pin replaces it).
  const entries = await page.evaluate(() => history.length);
  await page.goto(site.baseUrl);
  await eventually(() => assert.equal(new URL(page.url()).searchParams.get('release'), expected.id));
  assert.equal(await page.evaluate(() => history.length), entries + 1, 'pinned in place (replaceState), not a new history entry');
  await waitReady(page, CARDS);
  assert.equal(await asOfShown(page), longDate(expected.as_of));
  assert.equal(await page.locator('[data-headline="records"]').innerText(), shown(figuresOf(expected.id).records));
  // The printed briefing and downloads head with the permalink, which names the release.
  const header = await page.locator('.print-header').innerText();
  assert.match(header, new RegExp(`Permalink: .*release=${expected.id}`));
  // The choice lists every release with its as-of date.
  const options = await page.locator('#release-select option').allInnerTexts();
  assert.deepEqual(options, listed().map((r) => `as of ${longDate(r.as_of)} (${r.id})`));
  await page.screenshot({ path: shot('releases-newest-desktop.png') });
  await assertQuiet(env);
  await env.context.close();
});

test('an older release opens from its link with its own as-of date and figures', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: `${site.baseUrl}?release=${OLDER.id}` });
  const { page } = env;
  assert.equal(await asOfShown(page), longDate(OLDER.asOf));
  const f = figuresOf(OLDER.id);
  assert.equal(await page.locator('[data-headline="records"]').innerText(), shown(f.records));
  assert.equal(await page.locator('[data-headline="court-total"]').innerText(), shown(f.court.total));
  assert.equal(new URL(page.url()).searchParams.get('release'), OLDER.id);
  await assertQuiet(env);
  await env.context.close();
});

/** The filter of the comparison test: small enough that a count is [c] in one release. */
const NARROW = { from: '2023-06-01', to: '2023-12-31', category: ['Dishonesty'] };

test('compare=OLDER shows both as-of dates and a comparison table of each release\'s own figures; hidden counts stay [c]', { timeout: TEST_TIMEOUT }, async () => {
  for (const [filter, query] of [[{}, ''], [NARROW, `&from=${NARROW.from}&to=${NARROW.to}&category=Dishonesty`]]) {
    const env = await openPage({ url: `${site.baseUrl}?release=${NEWER.id}&compare=${OLDER.id}${query}`, axe: true });
    const { page } = env;
    const table = page.locator('table[data-table="comparison"]');
    await table.waitFor({ state: 'visible', timeout: 30_000 });
    const caption = await table.locator('caption').innerText();
    assert.match(caption, /^Comparison of the release/);
    for (const date of [NEWER.asOf, OLDER.asOf]) assert.ok(caption.includes(longDate(date)), `the caption names ${date}: ${caption}`);
    const [then, now] = [figuresOf(OLDER.id, filter), figuresOf(NEWER.id, filter)];
    const rows = Object.fromEntries((await tableRows(page, 'comparison')).map((r) => [r[0], r.slice(1)]));
    const expectRow = (label, a, b) => {
      const change = typeof a === 'number' && typeof b === 'number'
        ? (a === b ? 'no change' : `${b > a ? 'up' : 'down'} ${Math.abs(b - a).toLocaleString('en-GB')}`)
        : '[c]';
      assert.deepEqual(rows[label], [shown(a), shown(b), change], `${label} (${JSON.stringify(filter)})`);
    };
    expectRow('Cases', then.records, now.records);
    expectRow('People reported', then.distinct_subjects, now.distinct_subjects);
    expectRow('Cases in the review', then.review.in_review, now.review.in_review);
    expectRow('First court appearances', then.court.total, now.court.total);
    for (const c of now.commitments) {
      const before = then.commitments.find((x) => x.id === c.id);
      assert.deepEqual(rows[`Commitment: ${c.title}`].slice(0, 2), [before.status.replace('_', ' '), c.status.replace('_', ' ')]);
    }
    if (filter === NARROW) {
      assert.deepEqual([then.court.total, now.court.total].map((v) => typeof v), ['number', 'string'], 'the narrow view hides a count in one release only');
      assert.equal(rows['First court appearances'][2], '[c]', 'no change is computed from a hidden count');
    }
    // The chart shows both releases' series, named by their as-of dates.
    await page.locator('#comparison-tab-chart').click();
    const svg = await page.locator('[data-chart="comparison"] .chart svg').innerHTML();
    for (const date of [NEWER.asOf, OLDER.asOf]) assert.ok(svg.includes(`as of ${longDate(date)}`), `the chart's legend names ${date}`);
    await runAxe(page, `the comparison ${JSON.stringify(filter)}`);
    if (filter !== NARROW) await page.locator('section[data-chart="comparison"]').screenshot({ path: shot('releases-comparison-desktop.png') });
    await assertQuiet(env);
    await env.context.close();
  }
});

/** The comparison table's caption, once the comparison asked for has loaded. */
const comparisonCaption = async (page) => {
  await page.locator('table[data-table="comparison"]').waitFor({ state: 'visible', timeout: 30_000 });
  return page.locator('table[data-table="comparison"] caption').innerText();
};

test('the release and comparison are chosen in the page; each choice is a history entry that Back undoes', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: `${site.baseUrl}?release=${NEWER.id}`, viewport: PHONE });
  const { page } = env;
  const entries = await page.evaluate(() => history.length);
  const compareOptions = await page.locator('#compare-select option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(compareOptions, ['', ...listed().map((r) => r.id).filter((id) => id !== NEWER.id)], 'the release shown is not offered to compare with');
  await page.locator('#compare-select').selectOption(OLDER.id);
  await page.locator('#release-show').click();
  assert.ok((await comparisonCaption(page)).endsWith(`with the release as of ${longDate(OLDER.asOf)} (${OLDER.id})`));
  assert.equal(new URL(page.url()).searchParams.get('compare'), OLDER.id);
  // "Show" is answered where the visitor is: the card is scrolled to and focused.
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'comparison'));
  assert.ok(await page.locator('section#comparison').isVisible() && await page.evaluate(() => {
    const box = document.getElementById('comparison').getBoundingClientRect();
    return box.top < window.innerHeight && box.bottom > 0;
  }), 'the comparison card is in view');
  assert.equal(await page.evaluate(() => history.length), entries + 1);
  await page.locator('section[data-chart="comparison"]').screenshot({ path: shot('releases-comparison-phone.png') });
  // Another comparison: the card shows the new one once it has loaded, never the old one under the new link.
  await page.locator('#compare-select').selectOption('demo');
  await page.locator('#release-show').click();
  await eventually(async () => assert.ok((await comparisonCaption(page)).includes('(demo)')), 30_000);
  // Back changes only the comparison: the card and the choice follow.
  await page.goBack();
  await eventually(async () => assert.ok((await comparisonCaption(page)).includes(`(${OLDER.id})`)), 30_000);
  assert.equal(await page.locator('#compare-select').inputValue(), OLDER.id, 'the choice follows Back');
  await page.locator('#release-select').selectOption(OLDER.id);
  await page.locator('#compare-select').selectOption('');
  await page.locator('#release-show').click();
  await eventually(async () => assert.equal(await asOfShown(page), longDate(OLDER.asOf)), 30_000);
  assert.equal(await page.locator('[data-chart="comparison"]').count(), 0, 'no comparison once "No comparison" is chosen');
  await page.goBack();
  await eventually(async () => assert.equal(await asOfShown(page), longDate(NEWER.asOf)), 30_000);
  await page.locator('table[data-table="comparison"]').waitFor({ state: 'visible', timeout: 30_000 });
  await assertQuiet(env);
  await env.context.close();
});

test('a comparison with a release that does not exist, or with itself, says so in its card', { timeout: TEST_TIMEOUT }, async () => {
  for (const [compare, message] of [['no-such-release', /There is no release "no-such-release" on this site/], [NEWER.id, /cannot be compared with itself/]]) {
    const env = await openPage({ url: `${site.baseUrl}?release=${NEWER.id}&compare=${compare}` });
    const card = env.page.locator('section[data-chart="comparison"] [role=alert]');
    await card.waitFor({ timeout: 30_000 });
    assert.match(await card.innerText(), message);
    await env.context.close();
  }
});

test('an embedded chart names its release in its address and its link to the dashboard', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: `${site.baseUrl}?embed=outcomes`, waitCards: ['outcomes'] });
  const { page } = env;
  await eventually(() => assert.equal(new URL(page.url()).searchParams.get('release'), newest().id));
  const full = new URL(await page.locator('.embed-source a').getAttribute('href'), page.url());
  assert.equal(full.searchParams.get('release'), newest().id);
  await env.context.close();
});

test('a link to a release that does not exist says so and offers the newest', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: `${site.baseUrl}?release=no-such-release&category=Violence`, waitCards: null });
  const { page } = env;
  const error = page.locator('[data-state=error]');
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /There is no release "no-such-release" on this site/);
  const offer = page.locator('[data-offer=newest]');
  assert.equal(await offer.innerText(), `Show the newest release, as of ${longDate(newest().as_of)} (${newest().id})`);
  await offer.click();
  await waitReady(page, CARDS);
  const url = new URL(page.url());
  assert.deepEqual([url.searchParams.get('release'), url.searchParams.get('category')], [newest().id, 'Violence'], 'the offer keeps the filter');
  await env.context.close();
});

test('the Atom feed has an entry per release with its as-of date and a link that opens that release', { timeout: TEST_TIMEOUT }, async () => {
  const feedUrl = new URL('data/releases.xml', site.baseUrl);
  const xml = await (await fetch(feedUrl)).text();
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  const entries = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
  assert.equal(entries.length, listed().length);
  for (const [entry, release] of entries.map((e, i) => [e, listed()[i]])) {
    assert.ok(entry.includes(`figures as of ${longDate(release.as_of)}</title>`), entry);
    assert.ok(entry.includes(`<link rel="alternate" type="text/html" href="../?release=${release.id}"/>`), entry);
    assert.match(entry, /<id>urn:uuid:[0-9a-f-]{36}<\/id>/);
  }
  const link = new URL(entries[1].match(/href="([^"]+)"/)[1], feedUrl).href;
  const env = await openPage({ url: link });
  // The page names its feed, so browsers and feed readers find it.
  const alternate = env.page.locator('link[rel=alternate][type="application/atom+xml"]');
  assert.equal(new URL(await alternate.getAttribute('href'), env.page.url()).href, feedUrl.href);
  assert.equal(await asOfShown(env.page), longDate(listed()[1].as_of));
  await env.context.close();
});

test('after one visit the page and its charts load with the network off, saying it is a saved copy; a new release shows on the next visit online', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const env = await openPage({ url: `${site.baseUrl}?release=${OLDER.id}&compare=${NEWER.id}`, serviceWorkers: 'allow' });
  const { page, context } = env;
  // The page registers its service worker once it has drawn, and marks when the releases are kept.
  await comparisonCaption(page);
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-banner=offline]').count(), 0, 'online: no offline notice');
  await context.setOffline(true);
  await page.reload();
  await waitReady(page, CARDS);
  for (const id of CARDS) await page.locator(`[data-chart="${id}"] .chart svg`).waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await asOfShown(page), longDate(OLDER.asOf));
  assert.match(await page.locator('[data-banner=offline]').innerText(), /^Offline copy\. .*saved on this device on \d{1,2} \w+ \d{4}/);
  assert.ok((await comparisonCaption(page)).includes(`(${NEWER.id})`), 'the release compared with was kept too');
  await page.screenshot({ path: shot('releases-offline-desktop.png') });
  // A release never opened was not saved: a clear message, not a blank page.
  await page.goto(`${site.baseUrl}?release=demo-2023-09`);
  await page.locator('[data-state=error]').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-state=error]').innerText(), /Could not download/);
  // Back online, a release published since is picked up (the list is fetched from the network first).
  const LATER = { id: 'q2-2024', asOf: '2024-06-30', epoch: '1720000000' };
  publish(LATER);
  await context.setOffline(false);
  await page.goto(site.baseUrl);
  await eventually(() => assert.equal(new URL(page.url()).searchParams.get('release'), LATER.id), 30_000);
  assert.equal(await asOfShown(page), longDate(LATER.asOf));
  assert.equal(await page.locator('[data-banner=offline]').count(), 0);
  // A release opened once the worker is installed is kept at the page's request, as the page
  // reads it (its compact table): it too reads with the network off.
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await waitReady(page, CARDS);
  assert.equal(await asOfShown(page), longDate(LATER.asOf));
  assert.match(await page.locator('[data-banner=offline]').innerText(), /^Offline copy\./);
  await context.close();
});

test('with a comparison, the page fits a phone and a desktop without scrolling sideways', { timeout: TEST_TIMEOUT }, async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const env = await openPage({ url: `${site.baseUrl}?release=${NEWER.id}&compare=${OLDER.id}`, viewport });
    await env.page.locator('table[data-table="comparison"]').waitFor({ state: 'visible', timeout: 30_000 });
    const overflow = await env.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, `no horizontal scroll at ${viewport.width} px`);
    await env.context.close();
  }
});
