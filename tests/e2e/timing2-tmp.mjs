import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(process.argv[2]);
await page.waitForFunction(() => performance.getEntriesByName('scrutiny:chart-painted').length > 0, null, { timeout: 120000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
await page.waitForTimeout(1000);
const a = await metrics();
for (let i = 0; i < 10; i++) {
  await page.evaluate(() => new Promise((resolve) => {
    const box = document.querySelector('input[name=category][value="Sexual offence"]');
    const headline = document.querySelector('[data-headline="records"]');
    const before = headline.textContent;
    const obs = new MutationObserver(() => { if (headline.textContent === before) return; obs.disconnect(); requestAnimationFrame(() => setTimeout(resolve, 0)); });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    box.click();
  }));
}
const b = await metrics();
for (const k of ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'Nodes', 'LayoutCount', 'RecalcStyleCount']) console.log(k, ((b[k] - a[k]) * (k.endsWith('Duration') ? 1000 / 10 : 1 / 10)).toFixed(1), k.endsWith('Duration') ? 'ms per change' : 'per change', k === 'Nodes' ? b[k] : '');
await browser.close();
