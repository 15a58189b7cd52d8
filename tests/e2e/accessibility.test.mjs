// Accessibility: axe (WCAG 2.2 A/AA) on every view, phone widths, target sizes, keyboard use
// with a visible focus, and the light and dark themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shot, site, TEST_TIMEOUT, useSite } from './fixtures/site.mjs';
import { CARDS, DESKTOP, FILTER_VALUES, normFilter, PHONE, SEXUAL_OFFICER } from './fixtures/contract.mjs';
import { assertQuiet, assertShowsFigures, backgroundLuminance, checkbox, eventually, openPage, runAxe, selectTab, tabUntil, urlFilter, viewUrl } from './fixtures/page.mjs';

useSite();

/** Each view axe checks: [what, how to open it]. */
const AXE_VIEWS = [
  ['default view', {}],
  ['dark theme', { colorScheme: 'dark' }],
  ['dark theme by the toggle', { toggleDark: true }],
  ['phone 390×844', { viewport: PHONE }],
  ['a filtered view', { url: () => viewUrl(SEXUAL_OFFICER) }],
  ['the table tabs selected', { tables: true }],
  ['the error state (release=nonexistent)', { url: () => `${site.baseUrl}?release=nonexistent`, error: true }],
  ['the embed view', { url: () => `${site.baseUrl}?embed=court-weekly`, waitCards: ['court-weekly'] }],
];

for (const [what, opts] of AXE_VIEWS) {
  test(`axe: no WCAG A/AA violation in ${what}`, { timeout: TEST_TIMEOUT }, async () => {
    const env = await openPage({ url: opts.url?.() ?? viewUrl(), viewport: opts.viewport, colorScheme: opts.colorScheme, axe: true,
      waitCards: opts.error ? null : (opts.waitCards ?? CARDS) });
    const { page } = env;
    if (opts.error) {
      await page.locator('[data-state="error"], .load-error, [role="alert"]').first().waitFor({ timeout: 30_000 })
        .catch(() => { throw new Error('release=nonexistent shows no error panel ([data-state=error], .load-error or role=alert)'); });
      await page.screenshot({ path: shot('ux-error.png') });
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
    if (viewport.width === 320) await page.screenshot({ path: shot('phone-320.png'), fullPage: true });
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
  await dark.page.screenshot({ path: shot('dark.png'), fullPage: true });
  await assertQuiet(dark);
  await dark.context.close();
});
