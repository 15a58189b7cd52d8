// Trunk post-build hook: writes the service worker (public/sw.js) into the built site with the
// list of the app's files and a version made from their contents, so a new build installs a new
// worker that caches the new files (and drops the old ones). It runs after
// externalize-loader.mjs, which adds the loader file and rewrites index.html.
// Trunk runs it with TRUNK_STAGING_DIR set; it can also be run on a folder: node ... DIR.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('write-service-worker: set TRUNK_STAGING_DIR or pass the dist folder');
  process.exit(2);
}
const WORKER = 'sw.js';
// The app: the files at the top of the site. Releases (data/) are cached as they are opened;
// pre-compressed copies are the server's business.
const files = readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== WORKER && !/\.(br|gz)$/.test(entry.name))
  .map((entry) => entry.name)
  .sort();
const hash = createHash('sha256');
for (const name of files) hash.update(`${name}\0`).update(readFileSync(join(dir, name))).update('\0');
const version = hash.digest('hex').slice(0, 16);
// The loader's module (the data worker's) is not fetched at install: most visitors never need
// it. It is saved like any app file when a visitor first opens their own file (it is still in
// the version above, so a new loader means a new app cache).
const precached = files.filter((name) => !name.startsWith('scrutiny-loader'));

const source = readFileSync(new URL('../public/sw.js', import.meta.url), 'utf8');
const placeholders = [
  ['const APP_FILES = [/* filled in by scripts/write-service-worker.mjs */];', `const APP_FILES = ${JSON.stringify(precached.map((name) => `./${name}`))};`],
  ["const APP_VERSION = 'dev';", `const APP_VERSION = '${version}';`],
];
let worker = source;
for (const [placeholder, value] of placeholders) {
  if (!worker.includes(placeholder)) {
    console.error(`write-service-worker: public/sw.js has no \`${placeholder}\``);
    process.exit(1);
  }
  worker = worker.replace(placeholder, () => value);
}
writeFileSync(join(dir, WORKER), worker);
console.log(`write-service-worker: wrote ${WORKER} (version ${version}, ${precached.length} of ${files.length} app files precached)`);
