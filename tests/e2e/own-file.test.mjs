// Loading your own file: read in the page (picked or dropped), never uploaded; its figures are
// the core's, and a refused file is refused as hosted data is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { expectedView, squash } from './fixtures/contract.mjs';
import { coreCheck, coreFigures } from './fixtures/cli.mjs';
import { demoCsv, demoDataset, fileOf, tempRelease } from './fixtures/data.mjs';
import { assertQuiet, assertShowsFigures, eventually, loadOwnFiles, openPage, readView, routeCasesFile, viewUrl, waitReady } from './fixtures/page.mjs';

useSite();

test('own file: cases CSV + dataset.json are read in the page, never uploaded; figures are the core\'s', { timeout: TEST_TIMEOUT }, async () => {
  // The demo release cut to reports up to 2019 (its third column is the reported period),
  // under another title: different figures.
  const lines = demoCsv().trimEnd().split('\n');
  const cut = [lines[0], ...lines.slice(1).filter((l) => l.split(',')[2] < '2020')].join('\n') + '\n';
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
  assert.match(await page.locator('[data-banner="own-file"]').innerText(), /Your file: not a public release/, 'an own file is labelled as not a public release');
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
    const check = coreCheck(path.join(dir, 'cases.csv'));
    assert.equal(check.status, 'refused', `the core refuses the file with ${what}`);
    const refusal = (page) => page.locator('.load-error, [role="alert"]').filter({ hasText: /refused/i });

    // Hosted: the same file served as the release's cases.csv.
    const hosted = await openPage({ url: viewUrl(), waitCards: null, setup: (p) => routeCasesFile(p, body) });
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
