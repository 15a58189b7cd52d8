// A published release's compact table (issue 14): the page draws the demo from table.bin
// without the loader module, with the same figures and data-quality report as reading its
// cases file; a release listed without a table is read by the loader in the data worker; a
// damaged table is refused with a clear message; a table of another format version is passed
// over for the cases file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { useSite } from './fixtures/site.mjs';
import { coreCheck } from './fixtures/cli.mjs';
import { DEMO_CSV, DEMO_DIR } from './fixtures/data.mjs';
import { assertQuiet, assertShowsFigures, openPage, readView, routeReleaseList, viewUrl } from './fixtures/page.mjs';

useSite();

const TABLE = fs.readFileSync(path.join(DEMO_DIR, 'table.bin'));
const MANIFEST = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'manifest.json'), 'utf8'));

const fetched = (requests, pattern) => requests.some((r) => pattern.test(new URL(r.url).pathname));
const LOADER = /\/(data-worker\.js|scrutiny-loader[^/]*)$/;

/** Serves `table` as the demo's table.bin and, if given, `manifest` as its manifest.json. */
async function routeTable(page, table, manifest) {
  await page.route('**/data/demo/table.bin', (route) => route.fulfill({ status: 200, body: table, contentType: 'application/octet-stream' }));
  if (manifest) await page.route('**/data/demo/manifest.json', (route) => route.fulfill({ status: 200, body: JSON.stringify(manifest), contentType: 'application/json' }));
}

/** The quality line the page shows for what `scrutiny check` found in a cases file. */
const qualityLine = (c) => `${c.records.toLocaleString('en-GB')} rows loaded, ${c.rejected} left out, ${c.warnings} warnings, ${c.blank_rows_skipped} blank rows skipped.`;

test('a published release is drawn from its compact table: no cases file, no loader module, the same report', async () => {
  const env = await openPage({ url: viewUrl() });
  const { page, requests } = env;
  await assertShowsFigures(page, {}, 'the demo drawn from table.bin');
  assert.ok(fetched(requests, /\/data\/demo\/table\.bin$/), 'table.bin was downloaded');
  assert.ok(!fetched(requests, /\/data\/demo\/cases\.csv$/), 'the cases file was not downloaded');
  assert.ok(!fetched(requests, LOADER), 'the loader module was not downloaded');
  const quality = await page.locator('[data-field="quality"]').first().textContent();
  assert.equal(quality, qualityLine(coreCheck(DEMO_CSV)), 'the manifest carries the report of reading the cases file');
  await assertQuiet(env);
  await env.context.close();
});

test('a release without a compact table is read by the loader module, with the same figures and report', async () => {
  const compact = await openPage({ url: viewUrl() });
  const viaTable = await readView(compact.page);
  const qualityViaTable = await compact.page.locator('[data-field="quality"]').first().textContent();
  await compact.context.close();

  // Listed as a release published before the compact table existed.
  const env = await openPage({ url: viewUrl(), setup: (p) => routeReleaseList(p, (entry) => { delete entry.table_format; }) });
  assert.ok(fetched(env.requests, /\/data\/demo\/cases\.csv$/), 'the cases file was read');
  assert.ok(!fetched(env.requests, /\/table\.bin$/), 'no table was asked for');
  // Compiled early by prefetch.js and handed to the worker: downloaded once, not again by the worker.
  const loaderDownloads = env.requests.filter((r) => /\/scrutiny-loader_bg\.wasm$/.test(new URL(r.url).pathname));
  assert.equal(loaderDownloads.length, 1, 'the loader module was downloaded once');
  assert.deepEqual(await readView(env.page), viaTable);
  assert.equal(await env.page.locator('[data-field="quality"]').first().textContent(), qualityViaTable);
  await assertQuiet(env);
  await env.context.close();
});

test('a damaged table is refused with a clear message, never drawn', async () => {
  const flipped = Buffer.from(TABLE);
  flipped[flipped.length - 9] ^= 0x55;
  const cases = [
    [flipped, /table \(data\/demo\/table\.bin\) does not match the checksum in its manifest, so no figures are shown/],
    [TABLE.subarray(0, 4096), new RegExp(`table \\(data/demo/table\\.bin\\) is 4096 bytes where its manifest says ${TABLE.length}`)],
  ];
  for (const [body, message] of cases) {
    const env = await openPage({ url: viewUrl(), waitCards: null, setup: (p) => routeTable(p, body) });
    const panel = env.page.locator('[data-state="error"]');
    await panel.waitFor({ timeout: 30_000 });
    assert.match(await panel.textContent(), message);
    assert.equal(await env.page.locator('.chart-card').count(), 0);
    await env.context.close();
  }
});

test('a release listed with a table of another format version is read from its cases file', async () => {
  const env = await openPage({ url: viewUrl(), setup: (p) => routeReleaseList(p, (entry) => { entry.table_format += 1; }) });
  await assertShowsFigures(env.page, {}, 'the demo read from its cases file');
  assert.ok(fetched(env.requests, /\/data\/demo\/cases\.csv$/), 'the cases file was read');
  assert.ok(!fetched(env.requests, /\/table\.bin$/), 'the table it cannot read was not downloaded');
  await assertQuiet(env);
  await env.context.close();
});

test('a table whose header names another format version is passed over for the cases file', async () => {
  const newer = Buffer.from(TABLE);
  newer.writeUInt32LE(newer.readUInt32LE(8) + 1, 8);
  const manifest = structuredClone(MANIFEST);
  const listed = manifest.files.find((f) => f.name === 'table.bin');
  listed.sha256 = crypto.createHash('sha256').update(newer).digest('hex');
  const env = await openPage({ url: viewUrl(), setup: (p) => routeTable(p, newer, manifest) });
  await assertShowsFigures(env.page, {}, 'the demo read from its cases file');
  assert.ok(fetched(env.requests, /\/data\/demo\/cases\.csv$/), 'the cases file was read instead');
  await assertQuiet(env);
  await env.context.close();
});
