// Drives headless Chromium over the benchmark site (see ./run). Every run gets a fresh browser
// context (empty cache). Reads the app's performance marks (scrutiny:start, fetched, parsed,
// aggregated, chart-painted), paint, LCP, CLS and long-task entries, the wasm memory and the
// JS heap, and the re-filter latency from a click to the next paint.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const { startServer } = await import(path.join(ROOT, 'scripts/static-server.mjs'));

const RUNS = Number(process.env.RUNS ?? 9);
const SIZES = (process.env.SIZES ?? '10000 100000 1000000').split(/\s+/).filter(Boolean).map(Number);
// Which forms of each size to run (FORMATS="published" for a quick look at the page's own path).
const FORMATS = (process.env.FORMATS ?? 'published csv json').split(/\s+/).filter(Boolean);
const SITE = path.resolve(process.env.SITE ?? path.join(ROOT, 'target/bench-site'));
const REFILTER_TOGGLES = 10;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'];

/** Collects the entries the benchmark reads, from the very start of the page. */
function observe() {
  window.__bench = { cls: 0, lcp: 0, longTasks: [], wasmMemory: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => { window.__bench.wasm = e.detail.wasm; });
}

const quantile = (values, q) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};
const summary = (values) => ({ median: quantile(values, 0.5), p95: quantile(values, 0.95), runs: values.length });

async function loadOnce(browser, url, { refilter = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(observe);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('scrutiny:chart-painted').length > 0, null, { timeout: 120_000 });
  // Let LCP and late layout shifts settle.
  await page.waitForTimeout(300);
  const m = await page.evaluate(() => {
    const mark = (n) => performance.getEntriesByName(`scrutiny:${n}`)[0]?.startTime ?? null;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const firstLoad = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
      .filter((r) => /\.(html|js|wasm|css)$|\/(\?.*)?$/.test(new URL(r.name).pathname) || r.entryType === 'navigation')
      .reduce((sum, r) => sum + (r.transferSize || 0), 0);
    const b = window.__bench;
    return {
      start: mark('start'), fetched: mark('fetched'), parsed: mark('parsed'), aggregated: mark('aggregated'),
      chartPainted: mark('chart-painted'), fcp, lcp: b.lcp, cls: b.cls,
      longTasks: b.longTasks.length, longestTask: Math.max(0, ...b.longTasks),
      wasmMemoryBytes: b.wasm?.memory?.buffer?.byteLength ?? null,
      // The data worker's memory (it holds the table), as the app marks it after loading.
      workerMemoryBytes: performance.getEntriesByName('scrutiny:worker-memory')[0]?.detail ?? null,
      firstLoadTransferBytes: firstLoad,
    };
  });
  const cdp = await context.newCDPSession(page);
  m.jsHeapBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  if (refilter) m.refilter = await refilterLatencies(page);
  m.errors = errors;
  await context.close();
  return m;
}

/** Ticks and unticks a category checkbox: milliseconds from the click until the new figures
 *  (computed in the data worker) are in the page and painted. */
async function refilterLatencies(page) {
  const times = [];
  for (let i = 0; i < REFILTER_TOGGLES; i += 1) {
    times.push(await page.evaluate(() => new Promise((resolve, reject) => {
      const box = document.querySelector('input[name=category][value="Sexual offence"]');
      const headline = document.querySelector('[data-headline="records"]');
      const before = headline.textContent;
      const t0 = performance.now();
      const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      const observer = new MutationObserver(() => {
        if (headline.isConnected && headline.textContent === before) return;
        observer.disconnect();
        painted();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => { observer.disconnect(); reject(new Error('the figures did not change within 10 s')); }, 10_000);
      box.click();
    })));
  }
  return times;
}

const server = await startServer(SITE);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
// The demo (published: its compact table, read by the page), then for each size the same
// extract published, and as an unpublished folder in CSV and JSON (read by the loader module).
const scenarios = [{ name: 'demo', url: base, records: 4116 }];
for (const n of SIZES) {
  for (const f of FORMATS) {
    scenarios.push({ name: `${n}-${f}`, url: `${base}?release=bench-${n}-${f}`, records: n, refilter: n === Math.max(...SIZES) && f === 'published' });
  }
}

const results = { date: new Date().toISOString(), runs: RUNS, chromium: browser.version(), scenarios: {} };
for (const s of scenarios) {
  const runs = [];
  const failures = [];
  for (let i = 0; i < RUNS; i += 1) {
    try {
      runs.push(await loadOnce(browser, s.url, { refilter: s.refilter }));
      process.stdout.write('.');
    } catch (e) {
      // A run that never draws (out of memory, timeout) is reported, not hidden.
      failures.push(String(e.message ?? e).split('\n')[0]);
      process.stdout.write('x');
    }
  }
  if (runs.length === 0) {
    results.scenarios[s.name] = { records: s.records, failures };
    console.log(` ${s.name}: every run failed: ${failures[0]}`);
    continue;
  }
  const pick = (k) => runs.map((r) => r[k]).filter((v) => v !== null && v !== undefined);
  const stage = (a, b) => runs.map((r) => r[b] - r[a]);
  results.scenarios[s.name] = {
    records: s.records,
    firstChartMs: summary(pick('chartPainted')),
    fetchMs: summary(stage('start', 'fetched')),
    parseMs: summary(stage('fetched', 'parsed')),
    aggregateMs: summary(stage('parsed', 'aggregated')),
    drawMs: summary(stage('aggregated', 'chartPainted')),
    fetchToDrawnMs: summary(stage('start', 'chartPainted')),
    fcpMs: summary(pick('fcp')),
    lcpMs: summary(pick('lcp')),
    cls: summary(pick('cls')),
    longTasks: summary(pick('longTasks')),
    longestTaskMs: summary(pick('longestTask')),
    wasmMemoryMB: summary(pick('wasmMemoryBytes').map((b) => b / 2 ** 20)),
    workerMemoryMB: summary(pick('workerMemoryBytes').map((b) => b / 2 ** 20)),
    jsHeapMB: summary(pick('jsHeapBytes').map((b) => b / 2 ** 20)),
    firstLoadTransferBytes: summary(pick('firstLoadTransferBytes')),
    refilterMs: s.refilter ? summary(runs.flatMap((r) => r.refilter)) : undefined,
    errors: [...new Set(runs.flatMap((r) => r.errors))],
    failures,
  };
  console.log(` ${s.name}: first chart ${results.scenarios[s.name].firstChartMs.median?.toFixed(0)} ms median`);
}
await browser.close();
server.close();

const out = path.join(ROOT, 'bench/browser');
fs.writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const f = (v, d = 0) => (v === null || v === undefined ? '–' : v.toFixed(d));
const row = (name, s) => (!s.firstChartMs ? `| ${name} | failed: ${s.failures[0]} | | | | | | | | | | |` : `| ${name} | ${f(s.firstChartMs.median)} / ${f(s.firstChartMs.p95)} | ${f(s.fetchMs.median)} | ${f(s.parseMs.median)} | ${f(s.aggregateMs.median)} | ${f(s.drawMs.median)} | ${f(s.lcpMs.median)} | ${f(s.cls.median, 3)} | ${f(s.longestTaskMs.median)} / ${f(s.longestTaskMs.p95)} | ${f(s.wasmMemoryMB.median, 1)} | ${f(s.workerMemoryMB.median, 1)} / ${f(s.workerMemoryMB.p95, 1)} | ${f(s.jsHeapMB.median, 1)} |`);
const lines = [
  '# Browser benchmark results',
  '',
  `${results.date}, Chromium ${results.chromium}, ${RUNS} runs per scenario, fresh context each, localhost. `
    + 'Generated by `bench/browser/run`; raw figures in results.json. Times in ms from navigation start; "a / b" is median / p95.',
  '',
  '| scenario | page start → first chart | fetch | parse + validate (published: check and read the table) | table (build, hand over, read; published: commitments) | draw | LCP | CLS | longest task | page wasm MB | worker wasm MB (peak; the worker then ends) | JS heap MB |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...Object.entries(results.scenarios).map(([name, s]) => row(name, s)),
  '',
];
for (const [name, s] of Object.entries(results.scenarios)) {
  if (s.failures?.length) lines.push(`${name}: ${s.failures.length} of ${RUNS} runs failed (${s.failures[0]}).`, '');
  if (s.refilterMs) lines.push(`Re-filter on ${name} (click to next paint, ${s.refilterMs.runs} changes): median ${f(s.refilterMs.median, 1)} ms, p95 ${f(s.refilterMs.p95, 1)} ms.`, '');
}
lines.push(`First-load transfer (html, js, wasm, css as served, brotli): ${results.scenarios.demo.firstLoadTransferBytes.median} bytes.`, '');
fs.writeFileSync(path.join(out, 'RESULTS.md'), lines.join('\n'));
console.log(lines.join('\n'));
