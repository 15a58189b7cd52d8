// Lighthouse (npm, offline) on the demo page with Debian's Chromium: desktop and mobile presets.
// Serves the pre-compressed benchmark site (bench/browser/run builds it). Writes lighthouse.json.
// Usage: node bench/browser/lighthouse.mjs [SITE]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { startServer } = await import(path.join(ROOT, 'scripts/static-server.mjs'));
const SITE = path.resolve(process.argv[2] ?? path.join(ROOT, 'target/bench-site'));
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const server = await startServer(SITE);
const url = `http://127.0.0.1:${server.address().port}/`;
const results = { date: new Date().toISOString(), url: 'demo page (/), pre-compressed, localhost', presets: {} };
for (const preset of ['desktop', 'mobile']) {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: FLAGS });
  const config = preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] };
  const { lhr } = await lighthouse(url, flags, config);
  await chrome.kill();
  const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  const metric = (id) => lhr.audits[id]?.numericValue ?? null;
  results.presets[preset] = {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcpMs: metric('first-contentful-paint'),
    lcpMs: metric('largest-contentful-paint'),
    tbtMs: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    speedIndexMs: metric('speed-index'),
    failing: Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative'
      && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual').map((a) => `${a.id}: ${a.displayValue ?? a.title}`),
  };
  console.log(preset, JSON.stringify(results.presets[preset]));
}
server.close();
fs.writeFileSync(path.join(HERE, 'lighthouse.json'), `${JSON.stringify(results, null, 2)}\n`);
