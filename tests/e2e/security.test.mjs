// Security: markup and bidi controls in a release's text are shown as inert text, and the
// Content-Security-Policy is strict and never tripped while the page is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site, TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { demoCsv, demoDataset, fileOf } from './fixtures/data.mjs';
import { assertQuiet, assertShowsFigures, checkbox, cspViolations, download, eventually, loadOwnFiles, openPage, selectTab, viewUrl } from './fixtures/page.mjs';

useSite();

/** Markup that would run script if the page ever rendered data as HTML. */
const EVIL = '<img src=x onerror=alert(1)>';
/** The demo dataset.json with EVIL and a right-to-left override in its title and first commitment. */
const evilDataset = () => {
  const d = demoDataset();
  return { ...d, title: `${EVIL} \u202Etxt.exe release`, commitments: d.commitments.map((c, i) => (i === 0 ? { ...c, title: `${EVIL} \u202Ecommitment` } : c)) };
};

/** Asserts the page shows the evil dataset's text literally, without bidi controls, images or dialogs. */
async function assertInert(page, dialogs, where) {
  const title = `${EVIL} txt.exe release`;
  await eventually(async () => assert.ok((await page.locator('h1, #release-heading').filter({ hasText: EVIL }).count()) >= 1,
    `${where}: the markup in the title appears literally in the heading`), 15_000);
  // The page draws a part per frame (heading first, the commitments with the controls after),
  // so the commitments may come a few frames after the heading.
  await eventually(async () => {
    const commitment = await page.locator('[data-commitment]').evaluateAll((items) => items.map((li) => li.textContent));
    assert.ok(commitment.some((t) => t.includes(EVIL) && t.includes('commitment')), `${where}: the commitment title is shown as text: ${JSON.stringify(commitment)}`);
  }, 15_000);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(text.includes(EVIL), `${where}: the markup appears as text`);
  assert.ok(text.replace(/\s+/g, ' ').includes(title) || text.includes(EVIL), `${where}: the title is shown`);
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
  const foreign = env.requests.filter((r) => !r.url.startsWith(site.baseUrl) && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request to another origin');
  await assertQuiet(env);
  await env.context.close();
});
