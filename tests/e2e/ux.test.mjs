// End-to-end tests of the dashboard's interaction layer (issue 5): filters held in the URL,
// tabbed chart cards with tables and downloads, print briefing, theme, loading your own file,
// embed view, Content-Security-Policy, accessibility and keyboard use.
//
// Expected figures come from the core (the `scrutiny summary` CLI) on the same files, never
// copied here. The CLI binary is $SCRUTINY_BIN, else the newer of target/release/scrutiny and
// target/debug/scrutiny (build it first: `cargo build -p scrutiny-cli`).
//
// Run: cd tests/e2e && node --test --test-concurrency=1 ux.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'target', 'screenshots');
const AXE = path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DEMO_DIR = path.join(ROOT, 'public/data/demo');
const DEMO_CSV = path.join(DEMO_DIR, 'cases.csv');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const TEST_TIMEOUT = 90_000;

const CARDS = ['review-progress', 'court-weekly', 'outcomes', 'time-to-outcome', 'repeat-reports', 'sources'];
const TABS = ['chart', 'table', 'download', 'about'];
const FILTER_VALUES = {
  category: ['Sexual offence', 'Domestic abuse', 'Violence', 'Dishonesty', 'Discrimination', 'Other'],
  role: ['Officer', 'Staff', 'Special constable'],
  source: ['Review', 'Hotline', 'Complaint', 'Internal referral', 'Other', 'not recorded'],
};
/** Headline keys (the data-headline attributes of dashboard.test.mjs) and their figures. */
const HEADLINES = {
  records: (f) => f.records,
  'distinct-subjects': (f) => f.distinct_subjects,
  'in-review': (f) => f.review.in_review,
  'completed-by-target': (f) => f.review.completed_by_target,
  'court-total': (f) => f.court.total,
};
/** Each card's summary in the CLI's figures. */
const SUMMARIES = {
  'review-progress': (f) => f.review.summary,
  'court-weekly': (f) => f.court.summary,
  outcomes: (f) => f.outcomes.summary,
  'time-to-outcome': (f) => f.time_to_outcome.summary,
  'repeat-reports': (f) => f.repeat.summary,
  sources: (f) => f.sources.summary,
};
/** Tables whose rows the CLI's figures give directly. */
const TABLES = {
  'court-groups': (f) => f.court.by_offence_group.map((c) => [c.label, shown(c.count)]),
  'criminal-outcomes': (f) => f.outcomes.criminal.map((c) => [c.label, shown(c.count)]),
  'misconduct-outcomes': (f) => f.outcomes.misconduct.map((c) => [c.label, shown(c.count)]),
  'court-weekly': (f) => f.court.weeks.map((w) => [w.label, w.iso_week, shown(w.count)]),
  'review-weekly': (f) => f.review.cumulative_by_week.map((w) => [w.label, w.iso_week, shown(w.count)]),
  'repeat-people': (f) => f.repeat.with_cases.map((c) => [c.label, shown(c.count)]),
  'repeat-outcomes': (f) => f.repeat.earlier_outcomes.map((c) => [c.label, shown(c.count)]),
};
/** The filtered view the brief names. */
const SEXUAL_OFFICER = { category: ['Sexual offence'], role: ['Officer'] };

let server, browser, baseUrl;

// ---------------------------------------------------------------------------------------------
// The core's figures

/** The scrutiny CLI: $SCRUTINY_BIN, else the most recently built of release and debug. */
function scrutinyBin() {
  if (process.env.SCRUTINY_BIN) return process.env.SCRUTINY_BIN;
  const built = ['release', 'debug'].map((p) => path.join(ROOT, 'target', p, 'scrutiny')).filter((f) => fs.existsSync(f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!built.length) throw new Error('No scrutiny CLI in target/release or target/debug: build it with `cargo build -p scrutiny-cli`.');
  return built[0];
}

/** Runs the CLI and parses its JSON (exit codes 1 and 2 still print JSON). */
function cli(args) {
  try {
    return JSON.parse(execFileSync(scrutinyBin(), args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }));
  } catch (e) {
    if ((e.status === 1 || e.status === 2) && e.stdout) return JSON.parse(e.stdout);
    throw new Error(`scrutiny ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

const figuresCache = new Map();
/** `scrutiny summary FILE --json --disclosed [filters]` → figures. */
function coreFigures(filter = {}, file = DEMO_CSV) {
  const args = ['summary', file, '--json', '--disclosed'];
  if (filter.from) args.push('--from', filter.from);
  if (filter.to) args.push('--to', filter.to);
  for (const key of ['category', 'role', 'source']) for (const v of filter[key] ?? []) args.push(`--${key}`, v);
  const key = JSON.stringify(args);
  if (!figuresCache.has(key)) {
    const out = cli(args);
    assert.ok(out.figures, `scrutiny ${args.join(' ')} printed no figures`);
    figuresCache.set(key, out.figures);
  }
  return figuresCache.get(key);
}

/** A count as the page shows it: "1,633", or "[c]" for a suppressed cell. */
const shown = (cell) => (typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell);
const squash = (s) => (s == null ? s : String(s).replace(/\s+/g, ' ').trim());

/** What the page should show for these figures (the shape readView returns). */
function expectedView(f) {
  return {
    headlines: Object.fromEntries(Object.entries(HEADLINES).map(([k, get]) => [k, shown(get(f))])),
    summaries: Object.fromEntries(Object.entries(SUMMARIES).map(([k, get]) => [k, squash(get(f))])),
    tables: Object.fromEntries(Object.entries(TABLES).map(([k, get]) => [k, get(f)])),
  };
}

// ---------------------------------------------------------------------------------------------
// Pages

/** The page URL for a filter: ?release=demo&from=..&to=..&category=..&role=..&source=.. */
function viewUrl(filter = {}, extra = {}) {
  const q = new URLSearchParams();
  q.set('release', 'demo');
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  for (const key of ['category', 'role', 'source']) for (const v of filter[key] ?? []) q.append(key, v);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `${baseUrl}?${q}`;
}

/** The filter held in a URL. */
function urlFilter(url) {
  const q = new URL(url).searchParams;
  return { from: q.get('from') ?? '', to: q.get('to') ?? '', category: q.getAll('category'), role: q.getAll('role'), source: q.getAll('source') };
}

/** A filter in the shape readControls and urlFilter return. */
const normFilter = (f) => ({ from: f.from ?? '', to: f.to ?? '', category: f.category ?? [], role: f.role ?? [], source: f.source ?? [] });

/**
 * A fresh context and page. Collects console errors, page errors, requests (and any to another
 * origin), dialogs (dismissed) and securitypolicyviolation events (window.__csp).
 */
async function openPage({ viewport = DESKTOP, colorScheme = 'light', url, setup, axe = false, waitCards = CARDS } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    requests.push({ url: r.url(), method: r.method() });
    if (!r.url().startsWith(baseUrl) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`request to another origin: ${r.url()}`);
  });
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  // Init scripts are not subject to the page's CSP (addScriptTag would be blocked by it).
  if (axe) await page.addInitScript({ path: AXE });
  if (setup) await setup(page);
  await page.goto(url ?? viewUrl());
  if (waitCards) await waitReady(page, waitCards);
  return { context, page, problems, requests, dialogs };
}

/** Waits until the cards (and, for the full page, the headlines and filters) are shown. */
async function waitReady(page, cards = CARDS) {
  for (const id of cards) {
    await page.locator(`section.chart-card[data-chart="${id}"]`).waitFor({ state: 'visible', timeout: 30_000 })
      .catch((e) => { throw new Error(`card ${id} never appeared at ${page.url()}: ${e.message.split('\n')[0]}`); });
  }
  if (cards.length === CARDS.length) {
    await page.locator('[data-headline="records"]').waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('form#filters').waitFor({ state: 'visible', timeout: 10_000 });
  }
}

/** Retries `check` (which throws on failure) until it passes or the time is up, then throws its error. */
async function eventually(check, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Headlines, card summaries and the known tables, as text. Tables are drawn only while their
 *  tab is open (or the page prints): each card's Table tab is opened to read them, then the
 *  tabs are put back as they were. */
async function readView(page) {
  return page.evaluate(async ({ heads, cards, tables }) => {
    const selectedTabs = cards.map((id) => document.querySelector(`section.chart-card[data-chart="${id}"] [role=tab][aria-selected=true]`));
    cards.forEach((id) => document.getElementById(`${id}-tab-table`)?.click());
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
    const view = {
      headlines: Object.fromEntries(heads.map((k) => [k, text(document.querySelector(`[data-headline="${k}"]`))])),
      summaries: Object.fromEntries(cards.map((id) => [id, text(document.querySelector(`section.chart-card[data-chart="${id}"] p.summary`))])),
      tables: Object.fromEntries(tables.map((n) => [n, [...document.querySelectorAll(`table[data-table="${n}"] tbody tr`)]
        .map((r) => [...r.children].map((c) => c.textContent.trim()))])),
    };
    selectedTabs.forEach((tab) => tab?.click());
    return view;
  }, { heads: Object.keys(HEADLINES), cards: CARDS, tables: Object.keys(TABLES) });
}

/** Asserts (retrying while the page re-renders) that the page shows the core's figures for `filter`. */
async function assertShowsFigures(page, filter, what) {
  const expected = expectedView(coreFigures(filter));
  await eventually(async () => assert.deepEqual(await readView(page), expected,
    `${what}: page figures differ from \`scrutiny summary --disclosed\` for ${JSON.stringify(filter)}`));
}

/** The filter controls' state. */
async function readControls(page) {
  return page.evaluate(() => {
    const ticked = (name) => [...document.querySelectorAll(`form#filters input[type=checkbox][name="${name}"]`)].filter((i) => i.checked).map((i) => i.value);
    return {
      from: document.querySelector('#filter-from')?.value ?? null,
      to: document.querySelector('#filter-to')?.value ?? null,
      category: ticked('category'), role: ticked('role'), source: ticked('source'),
    };
  });
}

const checkbox = (page, name, value) => page.locator(`form#filters input[type=checkbox][name="${name}"][value="${value}"]`);

async function runAxe(page, what) {
  const result = await page.evaluate((tags) => globalThis.axe.run(document, { runOnly: tags }), AXE_TAGS);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`), [],
    `axe violations in ${what}`);
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp ?? []);
}

/** Asserts nothing went wrong in the background (console errors, other origins, CSP, dialogs). */
async function assertQuiet({ page, problems, dialogs }) {
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(await cspViolations(page), [], 'no Content-Security-Policy violation');
  assert.deepEqual(problems, [], 'no console error, page error or request to another origin');
}

/** Writes a release folder (cases.csv and dataset.json) to a temporary directory. */
function tempRelease(casesCsv, dataset) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrutiny-ux-'));
  fs.writeFileSync(path.join(dir, 'cases.csv'), casesCsv);
  fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify(dataset, null, 2));
  return dir;
}

const demoDataset = () => JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'dataset.json'), 'utf8'));
const demoCsv = () => fs.readFileSync(DEMO_CSV, 'utf8');

/** Parses RFC 4180 CSV into rows of fields; a blank line is a row of one empty field. */
function parseCsv(text) {
  text = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** A cell compared "ignoring the formatting": formula guard, thousands separators, spaces. */
function normCell(s) {
  s = String(s);
  if (/^'[=+\-@\t\r]/.test(s)) s = s.slice(1);
  s = s.replace(/\s+/g, ' ').trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  return s;
}
const sortedRows = (rows) => rows.map((r) => r.map(normCell)).map((r) => JSON.stringify(r)).sort();

/** Every table of a card: caption, column headers and data rows, as text (read with the Table
 *  tab open, since tables are drawn only then; the Chart tab is selected again afterwards). */
async function cardTables(page, id) {
  await selectTab(page, id, 'table');
  const tables = await page.locator(`#${id}-panel-table table[data-table]`).evaluateAll((tables) => tables.map((t) => ({
    name: t.dataset.table,
    caption: (t.caption?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    headers: [...t.querySelectorAll('th[scope=col]')].map((th) => th.textContent.trim()),
    rows: [...t.rows].filter((r) => !r.querySelector('th[scope=col]')).map((r) => [...r.cells].map((c) => c.textContent.trim())),
  })));
  await selectTab(page, id, 'chart');
  return tables;
}

/** Selects a card's tab with the mouse. */
async function selectTab(page, id, tab) {
  await page.locator(`#${id}-tab-${tab}`).click();
  await eventually(async () => assert.equal(await page.locator(`#${id}-tab-${tab}`).getAttribute('aria-selected'), 'true', `${id}: tab ${tab} selected after a click`), 5_000);
}

/** Clicks a download button of a card and returns the file's suggested name and bytes. */
async function download(page, id, kind) {
  await selectTab(page, id, 'download');
  const button = page.locator(`#${id}-panel-download button[data-download="${kind}"]`);
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }).catch(() => { throw new Error(`${id}: clicking button[data-download=${kind}] started no download within 15 s`); }),
    button.click(),
  ]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

/** Relative luminance of the page background (html's if body's is transparent). */
async function backgroundLuminance(page) {
  return page.evaluate(() => {
    const parse = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    let rgba = parse(getComputedStyle(document.body).backgroundColor);
    if (rgba.length === 4 && rgba[3] === 0) rgba = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (rgba.length === 4 && rgba[3] === 0) return 1; // the canvas default: white
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(rgba[0]) + 0.7152 * lin(rgba[1]) + 0.0722 * lin(rgba[2]);
  });
}

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist/index.html')), 'dist/index.html exists (run trunk build first)');
  server = await startServer(path.join(ROOT, 'dist'));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// ---------------------------------------------------------------------------------------------
// Filters and the URL

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
  assert.equal(await page.locator('form#filters input#filter-from[type=date]').count(), 1, 'input#filter-from[type=date]');
  assert.equal(await page.locator('form#filters input#filter-to[type=date]').count(), 1, 'input#filter-to[type=date]');
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
  await page.locator('#filter-from').fill(dated.from);
  await page.locator('#filter-to').fill(dated.to); // fill() fires input and change on a date input
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

// ---------------------------------------------------------------------------------------------
// Chart cards

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

// ---------------------------------------------------------------------------------------------
// Print, theme, embed

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

  await page.screenshot({ path: path.join(SHOTS, 'print.png'), fullPage: true });
  const pdf = path.join(SHOTS, 'briefing.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const bytes = fs.readFileSync(pdf);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'briefing.pdf is a PDF');
  await assertQuiet(env);
  await env.context.close();
});

test('theme: the toggle switches light and dark (aria-pressed); a dark colour scheme gives the dark theme', { timeout: TEST_TIMEOUT }, async () => {
  const light = await openPage({ url: viewUrl() });
  const toggle = light.page.locator('button#theme-toggle');
  assert.equal(await toggle.count(), 1, 'button#theme-toggle exists');
  const theme = () => light.page.evaluate(() => document.documentElement.dataset.theme ?? null);
  assert.notEqual(await theme(), 'dark', 'light colour scheme: not the dark theme');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'light: aria-pressed="false"');
  const lightLum = await backgroundLuminance(light.page);
  await toggle.click();
  await eventually(async () => assert.equal(await theme(), 'dark', 'after one click data-theme="dark"'), 3_000);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'dark: aria-pressed="true"');
  const toggledLum = await backgroundLuminance(light.page);
  assert.ok(toggledLum < 0.2 && lightLum > 0.5, `the background turns dark (luminance ${lightLum.toFixed(2)} → ${toggledLum.toFixed(2)})`);
  await toggle.click();
  await eventually(async () => assert.equal(await theme(), 'light', 'after a second click data-theme="light"'), 3_000);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'back to light: aria-pressed="false"');
  await assertQuiet(light);
  await light.context.close();

  const dark = await openPage({ url: viewUrl(), colorScheme: 'dark' });
  const darkTheme = await dark.page.evaluate(() => document.documentElement.dataset.theme ?? null);
  assert.ok(darkTheme === 'dark' || darkTheme === null, `prefers-color-scheme: dark → data-theme is "dark" or unset (CSS only), got ${darkTheme}`);
  const darkLum = await backgroundLuminance(dark.page);
  assert.ok(darkLum < 0.2, `prefers-color-scheme: dark → dark background (luminance ${darkLum.toFixed(2)})`);
  await dark.page.screenshot({ path: path.join(SHOTS, 'dark.png'), fullPage: true });
  await assertQuiet(dark);
  await dark.context.close();
});

test('embed: ?embed=court-weekly shows that card alone, no filters, no commitments; filters still apply', { timeout: TEST_TIMEOUT }, async () => {
  for (const [filter, query] of [[{}, `${baseUrl}?embed=court-weekly`], [{ category: ['Violence'] }, viewUrl({ category: ['Violence'] }, { embed: 'court-weekly' })]]) {
    const env = await openPage({ url: query, waitCards: ['court-weekly'] });
    const { page } = env;
    assert.deepEqual(await page.locator('section.chart-card').evaluateAll((cs) => cs.map((c) => c.dataset.chart)), ['court-weekly'], `${query}: exactly one card`);
    assert.equal(await page.locator('form#filters').filter({ visible: true }).count(), 0, `${query}: no filters form`);
    assert.equal(await page.locator('[data-commitment], #commitments-heading').filter({ visible: true }).count(), 0, `${query}: no commitments panel`);
    const f = coreFigures(filter);
    await eventually(async () => assert.equal(squash(await page.locator('[data-chart="court-weekly"] p.summary').textContent()), squash(f.court.summary),
      `${query}: the card's summary is the core's for ${JSON.stringify(filter)}`));
    if (!Object.keys(filter).length) await page.screenshot({ path: path.join(SHOTS, 'embed.png'), fullPage: true });
    await assertQuiet(env);
    await env.context.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Loading your own file

/** Opens the page, loads files through input#own-file and waits for the title. */
async function loadOwnFiles(files) {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const input = page.locator('input#own-file[type=file]');
  assert.equal(await input.count(), 1, 'input#own-file[type=file] exists');
  assert.equal(await input.evaluate((i) => i.multiple), true, 'input#own-file accepts several files');
  const firstRequest = env.requests.length;
  await input.setInputFiles(files);
  return { ...env, requestsAfter: () => env.requests.slice(firstRequest) };
}

const fileOf = (name, text, mimeType) => ({ name, mimeType, buffer: Buffer.from(text, 'utf8') });

test('own file: cases CSV + dataset.json are read in the page, never uploaded; figures are the core\'s', { timeout: TEST_TIMEOUT }, async () => {
  // The demo release cut to reports up to 2019, under another title: different figures.
  const lines = demoCsv().trimEnd().split('\n');
  const cut = [lines[0], ...lines.slice(1).filter((l) => l.split(',')[4] < '2020-01-01')].join('\n') + '\n';
  const dataset = { ...demoDataset(), title: 'Own release loaded from this computer (e2e)', release: 'e2e-own' };
  const dir = tempRelease(cut, dataset);
  const expected = coreFigures({}, path.join(dir, 'cases.csv'));
  assert.notEqual(expected.records, coreFigures().records, 'the test file differs from the demo');

  const env = await loadOwnFiles([fileOf('cases.csv', cut, 'text/csv'), fileOf('dataset.json', JSON.stringify(dataset), 'application/json')]);
  const { page } = env;
  await eventually(async () => assert.ok(await page.locator('h1, #release-heading').filter({ hasText: dataset.title }).count() >= 1,
    `the h1 or #release-heading shows "${dataset.title}"; h1 is "${await page.locator('h1').first().textContent().catch(() => '?')}"`), 15_000);
  // (While a file loads, the page shows its progress instead; once loaded, the file section is
  // back: the page is drawn top-down a part per frame, and this section comes last.)
  await waitReady(page);
  await page.locator('#drop-zone').waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await page.locator('body').innerText(), /nothing is uploaded/i, 'the page says nothing is uploaded');
  await eventually(async () => assert.deepEqual(await readView(page), expectedView(expected), 'the page shows the core\'s figures for the loaded file'));
  const sent = env.requestsAfter().filter((r) => r.method !== 'GET' || /\.(csv|json)(\?|$)/.test(r.url) || r.url.includes('/data/'));
  assert.deepEqual(sent, [], 'no request for data after loading own files (nothing is uploaded or fetched)');
  await assertQuiet(env);
  await env.context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('own file: dropping files on #drop-zone loads them too', { timeout: TEST_TIMEOUT }, async () => {
  const dataset = { ...demoDataset(), title: 'Dropped release (e2e)', release: 'e2e-drop' };
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const firstRequest = env.requests.length;
  const dataTransfer = await page.evaluateHandle(({ csv, json }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], 'cases.csv', { type: 'text/csv' }));
    dt.items.add(new File([json], 'dataset.json', { type: 'application/json' }));
    return dt;
  }, { csv: demoCsv(), json: JSON.stringify(dataset) });
  const zone = page.locator('#drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await eventually(async () => assert.ok(await page.locator('h1, #release-heading').filter({ hasText: dataset.title }).count() >= 1,
    `after a drop the heading shows "${dataset.title}"`), 15_000);
  await waitReady(page);
  await assertShowsFigures(page, {}, 'dropped copy of the demo');
  assert.deepEqual(env.requests.slice(firstRequest).filter((r) => r.method !== 'GET' || /\.(csv|json)(\?|$)/.test(r.url)), [], 'no data request after the drop');
  await assertQuiet(env);
  await env.context.close();
});

test('own file: a refused file shows the refusal like hosted data does', { timeout: TEST_TIMEOUT }, async () => {
  const lines = demoCsv().trimEnd().split('\n');
  const withEmail = [...lines.slice(0, 30), 'SCR-999999,P-1a07f29c,Officer,Violence,2020-01-01,Hotline,,,,,,,,,,,,No,write to jane.doe@example.com'].join('\n') + '\n';
  const missingColumn = 'case_id,role\nC1,Officer\n';
  const dataset = demoDataset();
  for (const [what, body] of [['an email address in notes', withEmail], ['missing required columns', missingColumn]]) {
    const dir = tempRelease(body, dataset);
    const check = cli(['check', path.join(dir, 'cases.csv'), '--json']);
    assert.equal(check.status, 'refused', `the core refuses the file with ${what}`);
    const refusal = (page) => page.locator('.load-error, [role="alert"]').filter({ hasText: /refused/i });

    // Hosted: the same file served as the release's cases.csv.
    const hosted = await openPage({ url: viewUrl(), waitCards: null, setup: (p) =>
      p.route('**/cases.csv', (route) => route.fulfill({ status: 200, body, contentType: 'text/csv' })) });
    await refusal(hosted.page).first().waitFor({ timeout: 30_000 });
    const hostedText = squash(await refusal(hosted.page).first().textContent());
    await hosted.context.close();

    const env = await loadOwnFiles([fileOf('cases.csv', body, 'text/csv'), fileOf('dataset.json', JSON.stringify(dataset), 'application/json')]);
    await refusal(env.page).first().waitFor({ timeout: 15_000 }).catch(() => { throw new Error(`own file with ${what}: no .load-error or [role=alert] saying "refused"`); });
    const ownText = squash(await refusal(env.page).first().textContent());
    assert.ok(ownText.includes(squash(check.refusal.message)), `own file with ${what}: the message includes the core's reason "${check.refusal.message}"; page: "${ownText}"`);
    assert.ok(hostedText.includes(squash(check.refusal.message)), `hosted file with ${what}: the message includes the core's reason; page: "${hostedText}"`);
    assert.ok(!ownText.includes('jane.doe@example.com'), 'the refusal never repeats the personal data');
    await env.context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const EVIL = '<img src=x onerror=alert(1)>';
const evilDataset = () => {
  const d = demoDataset();
  return { ...d, title: `${EVIL} \u202Etxt.exe release`, commitments: d.commitments.map((c, i) => (i === 0 ? { ...c, title: `${EVIL} \u202Ecommitment` } : c)) };
};

async function assertInert(page, dialogs, where) {
  const title = `${EVIL} txt.exe release`;
  await eventually(async () => assert.ok((await page.locator('h1, #release-heading').filter({ hasText: EVIL }).count()) >= 1,
    `${where}: the markup in the title appears literally in the heading`), 15_000);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(text.includes(EVIL), `${where}: the markup appears as text`);
  assert.ok(text.replace(/\s+/g, ' ').includes(title) || text.includes(EVIL), `${where}: the title is shown`);
  const commitment = await page.locator('[data-commitment]').evaluateAll((items) => items.map((li) => li.textContent));
  assert.ok(commitment.some((t) => t.includes(EVIL) && t.includes('commitment')), `${where}: the commitment title is shown as text: ${JSON.stringify(commitment)}`);
  assert.ok(!text.includes('\u202E'), `${where}: U+202E never reaches the page text`);
  assert.equal(await page.locator('img[src="x"], img[onerror]').count(), 0, `${where}: no img element is created`);
  assert.equal(await page.locator('[data-commitment] img, h1 img').count(), 0, `${where}: no img in the heading or commitments`);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(dialogs, [], `${where}: no dialog (alert) fired`);
}

test('malicious text in an own dataset.json is shown as inert text, bidi controls removed', { timeout: TEST_TIMEOUT }, async () => {
  const dataset = evilDataset();
  const env = await loadOwnFiles([fileOf('cases.csv', demoCsv(), 'text/csv'), fileOf('dataset.json', JSON.stringify(dataset), 'application/json')]);
  await assertInert(env.page, env.dialogs, 'own file');
  await assertQuiet(env);
  await env.context.close();
});

test('malicious text in a hosted dataset.json is shown as inert text, bidi controls removed', { timeout: TEST_TIMEOUT }, async () => {
  const dataset = evilDataset();
  const env = await openPage({ url: viewUrl(), waitCards: null, setup: (p) =>
    p.route('**/dataset.json', (route) => route.fulfill({ status: 200, body: JSON.stringify(dataset), contentType: 'application/json' })) });
  await assertInert(env.page, env.dialogs, 'hosted');
  await assertQuiet(env);
  await env.context.close();
});

// ---------------------------------------------------------------------------------------------
// Content-Security-Policy

test('CSP: a strict meta policy, no inline script, no violation while using the page, one origin only', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const head = await page.evaluate(() => {
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
    const all = [...document.head.children];
    const firstResource = all.findIndex((e) => e.matches('script, link[rel=stylesheet], link[rel=modulepreload], link[rel=preload], style'));
    return {
      content: meta?.getAttribute('content') ?? null,
      before: meta ? firstResource === -1 || all.indexOf(meta) < firstResource : false,
      inline: [...document.querySelectorAll('script:not([src])')].map((s) => s.outerHTML.slice(0, 120)),
    };
  });
  assert.ok(head.content, 'a <meta http-equiv="Content-Security-Policy"> exists');
  const directives = Object.fromEntries(head.content.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k.toLowerCase(), v]));
  assert.ok(directives['default-src']?.includes("'self'"), `default-src 'self' (policy: ${head.content})`);
  for (const t of ["'self'", "'wasm-unsafe-eval'"]) assert.ok(directives['script-src']?.includes(t), `script-src has ${t} (policy: ${head.content})`);
  for (const d of ['default-src', 'script-src']) {
    for (const t of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
      assert.ok(!directives[d]?.includes(t), `${d} does not allow ${t} (policy: ${head.content})`);
    }
  }
  assert.ok(head.before, 'the CSP meta comes before every script and stylesheet (a meta policy only covers what follows it)');
  assert.deepEqual(head.inline, [], 'no inline <script> element');

  // Use the page: filter, theme, tabs, downloads, print; nothing may trip the policy.
  await checkbox(page, 'category', 'Violence').check();
  await assertShowsFigures(page, { category: ['Violence'] }, 'Violence');
  await page.locator('#theme-toggle').click();
  await selectTab(page, 'outcomes', 'table');
  await download(page, 'outcomes', 'png');
  await download(page, 'outcomes', 'svg');
  await download(page, 'outcomes', 'csv');
  await page.emulateMedia({ media: 'print' });
  await page.emulateMedia({ media: 'screen' });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await cspViolations(page), [], 'no securitypolicyviolation event');
  const foreign = env.requests.filter((r) => !r.url.startsWith(baseUrl) && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request to another origin');
  await assertQuiet(env);
  await env.context.close();
});

// ---------------------------------------------------------------------------------------------
// Accessibility

const AXE_VIEWS = [
  ['default view', {}],
  ['dark theme', { colorScheme: 'dark' }],
  ['dark theme by the toggle', { toggleDark: true }],
  ['phone 390×844', { viewport: PHONE }],
  ['a filtered view', { url: () => viewUrl(SEXUAL_OFFICER) }],
  ['the table tabs selected', { tables: true }],
  ['the error state (release=nonexistent)', { url: () => `${baseUrl}?release=nonexistent`, error: true }],
  ['the embed view', { url: () => `${baseUrl}?embed=court-weekly`, waitCards: ['court-weekly'] }],
];

for (const [what, opts] of AXE_VIEWS) {
  test(`axe: no WCAG A/AA violation in ${what}`, { timeout: TEST_TIMEOUT }, async () => {
    const env = await openPage({ url: opts.url?.() ?? viewUrl(), viewport: opts.viewport, colorScheme: opts.colorScheme, axe: true,
      waitCards: opts.error ? null : (opts.waitCards ?? CARDS) });
    const { page } = env;
    if (opts.error) {
      await page.locator('[data-state="error"], .load-error, [role="alert"]').first().waitFor({ timeout: 30_000 })
        .catch(() => { throw new Error('release=nonexistent shows no error panel ([data-state=error], .load-error or role=alert)'); });
      await page.screenshot({ path: path.join(SHOTS, 'ux-error.png') });
    }
    if (opts.toggleDark) {
      await page.locator('#theme-toggle').click();
      await eventually(async () => assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark'), 3_000);
    }
    if (opts.tables) for (const id of CARDS) await selectTab(page, id, 'table');
    await runAxe(page, what);
    await env.context.close();
  });
}

test('phone widths: no horizontal scrolling at 390 and 320 CSS px', { timeout: TEST_TIMEOUT }, async () => {
  for (const viewport of [PHONE, { width: 320, height: 700 }]) {
    const env = await openPage({ url: viewUrl(), viewport });
    const { page } = env;
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `at ${viewport.width} px wide the page is ${width} px wide (horizontal scroll)`);
    for (const id of CARDS) await selectTab(page, id, 'table');
    const withTables = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(withTables <= viewport.width, `at ${viewport.width} px with the table tabs the page is ${withTables} px wide`);
    if (viewport.width === 320) await page.screenshot({ path: path.join(SHOTS, 'phone-320.png'), fullPage: true });
    await assertQuiet(env);
    await env.context.close();
  }
});

test('target size: every button, input, summary and non-inline link is at least 24×24 CSS px', { timeout: TEST_TIMEOUT }, async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const env = await openPage({ url: viewUrl(), viewport });
    const small = await env.page.evaluate(() => {
      const big = (r) => r.width >= 23.5 && r.height >= 23.5;
      const describe = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.name ? `[name=${e.name}]` : ''}${e.value && e.type === 'checkbox' ? `[value=${e.value}]` : ''}${e.dataset?.download ? `[data-download=${e.dataset.download}]` : ''} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`;
      const candidates = [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, summary, [role=tab], main a[href]')];
      const out = [];
      for (const e of candidates) {
        if (!e.checkVisibility({ visibilityProperty: true })) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (e.matches('a')) {
          // An inline link in a sentence is exempt (WCAG 2.5.8 "inline").
          const block = e.parentElement;
          if (block && block.textContent.trim().length > e.textContent.trim().length) continue;
        }
        if (big(r)) continue;
        // A checkbox or file input is also operated through its label.
        if (e.labels && [...e.labels].some((l) => big(l.getBoundingClientRect()))) continue;
        out.push(`${describe(e)} is ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
      }
      return out;
    });
    assert.deepEqual(small, [], `at ${viewport.width} px wide, targets smaller than 24×24`);
    await env.context.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Keyboard

/** What document.activeElement is, with how its focus is drawn. */
function focusInfo() {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const cs = getComputedStyle(e);
  const alpha = (c) => { const m = c.match(/[\d.]+/g); return m && m.length === 4 ? Number(m[3]) : 1; };
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && alpha(cs.outlineColor) > 0;
  const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
  const path = [];
  for (let n = e; n && n !== document.body; n = n.parentElement) path.unshift(`${n.tagName.toLowerCase()}:${[...(n.parentElement?.children ?? [])].indexOf(n)}`);
  return {
    key: path.join('>'),
    desc: `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''}${e.type === 'checkbox' ? `[value=${e.value}]` : ''} "${(e.textContent || '').trim().slice(0, 30)}"`,
    id: e.id, name: e.getAttribute('name'), value: e.value ?? null, role: e.getAttribute('role'), card: e.closest('section.chart-card')?.dataset.chart ?? null,
    indicator: outline || shadow,
    style: `outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow ${cs.boxShadow}`,
  };
}

/** Presses Tab from the top of a fresh page until `done(info)` or the focus wraps. */
async function tabUntil(page, done, max = 600) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(focusInfo);
    if (!info) { if (seen.length) break; continue; }
    if (seen.length && info.key === seen[0].key) break;
    // A date input has several stops inside it (day, month, year, calendar button); the last is
    // drawn by the browser in the shadow tree, out of reach of computed style: keep the first.
    if (seen.length && info.key === seen[seen.length - 1].key) continue;
    seen.push(info);
    if (done?.(info)) return { seen, found: info };
  }
  return { seen, found: null };
}

test('keyboard: Tab reaches every filter control, each card\'s tabs, print, theme and file input, each with a visible focus indicator', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const { seen } = await tabUntil(page, null);
  const reached = (pred) => seen.some(pred);
  const missing = [];
  for (const id of ['filter-from', 'filter-to', 'filter-reset', 'print-briefing', 'theme-toggle', 'own-file']) {
    if (!reached((i) => i.id === id)) missing.push(`#${id}`);
  }
  for (const [name, values] of Object.entries(FILTER_VALUES)) {
    for (const v of values) if (!reached((i) => i.name === name && i.value === v)) missing.push(`checkbox ${name}=${v}`);
  }
  // WAI-ARIA tabs: one tab stop per tablist (the selected tab); the others are reached with arrows.
  for (const id of CARDS) if (!reached((i) => i.role === 'tab' && i.card === id)) missing.push(`a tab of card ${id}`);
  assert.deepEqual(missing, [], `not reached with Tab (focus order: ${seen.map((i) => i.desc).join(', ')})`);
  const noIndicator = seen.filter((i) => !i.indicator).map((i) => `${i.desc} (${i.style})`);
  assert.deepEqual(noIndicator, [], 'focused elements without a visible focus indicator (outline or box-shadow)');
  await assertQuiet(env);
  await env.context.close();
});

test('keyboard: Space ticks a checkbox (URL changes), ArrowRight shows a table, Enter toggles the theme', { timeout: TEST_TIMEOUT }, async () => {
  const env = await openPage({ url: viewUrl() });
  const { page } = env;
  const box = await tabUntil(page, (i) => i.name === 'category' && i.value === 'Domestic abuse');
  assert.ok(box.found, 'Tab reaches the Domestic abuse checkbox');
  await page.keyboard.press('Space');
  await eventually(async () => assert.deepEqual(urlFilter(page.url()), normFilter({ category: ['Domestic abuse'] }), 'URL after Space on the checkbox'));
  assert.equal(await checkbox(page, 'category', 'Domestic abuse').isChecked(), true, 'the checkbox is ticked');
  await assertShowsFigures(page, { category: ['Domestic abuse'] }, 'after Space');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('value')), 'Domestic abuse', 'focus stays on the checkbox after the figures update');

  const tab = await tabUntil(page, (i) => i.role === 'tab');
  assert.ok(tab.found, 'Tab then reaches a card tab');
  const card = tab.found.card;
  await page.keyboard.press('ArrowRight');
  await eventually(async () => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), `${card}-tab-table`, 'ArrowRight focuses the table tab');
    assert.equal(await page.locator(`#${card}-tab-table`).getAttribute('aria-selected'), 'true', 'ArrowRight selects the table tab');
    assert.ok(await page.locator(`#${card}-panel-table`).isVisible(), 'the table panel is shown');
  }, 3_000);
  await env.context.close();

  const fresh = await openPage({ url: viewUrl() });
  const theme = await tabUntil(fresh.page, (i) => i.id === 'theme-toggle');
  assert.ok(theme.found, 'Tab reaches #theme-toggle');
  const before = await fresh.page.evaluate(() => document.documentElement.dataset.theme ?? null);
  await fresh.page.keyboard.press('Enter');
  await eventually(async () => assert.notEqual(await fresh.page.evaluate(() => document.documentElement.dataset.theme ?? null), before,
    'Enter on #theme-toggle changes data-theme'), 3_000);
  assert.equal(await fresh.page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'Enter switches to dark');
  await assertQuiet(fresh);
  await fresh.context.close();
});
