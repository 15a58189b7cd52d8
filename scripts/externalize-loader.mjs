// Trunk post-build hook: moves the inline module script Trunk writes into index.html to its
// own file, so the page runs under a Content-Security-Policy with no 'unsafe-inline'
// (Trunk has no option for this yet: trunk-rs/trunk#288).
// Trunk runs it with TRUNK_STAGING_DIR set; it can also be run on a folder: node ... DIR.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('externalize-loader: set TRUNK_STAGING_DIR or pass the dist folder');
  process.exit(2);
}
const htmlPath = join(dir, 'index.html');
const html = readFileSync(htmlPath, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) {
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
    console.error('externalize-loader: an inline script is left in index.html');
    process.exit(1);
  }
  process.exit(0); // already external
}
const body = match[1].trim() + '\n';
// The loader imports the bindings by the public URL; the loader goes beside them.
const importPath = body.match(/from '([^']*\/)[^'/]+\.js'/);
const prefix = importPath ? importPath[1] : './';
const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
const name = `loader-${hash}.js`;
writeFileSync(join(dir, name), body);
writeFileSync(htmlPath, html.replace(inline, `<script type="module" src="${prefix}${name}"></script>`));
console.log(`externalize-loader: wrote ${name}`);
