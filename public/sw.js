// Scrutiny's service worker: after one visit, the page and the releases the visitor opened load
// with the network off. scripts/write-service-worker.mjs writes it into the built site with the
// app's files and a version made from their contents (this source says 'dev').
//
// Why network first: index.html changes when a build is published, and the visitor must see
// the new one on the next online visit; a server that sends validators (ETag, Last-Modified)
// answers an unchanged file with 304, a round trip. The cache is only used when the network
// fails, and the copy it gives says so (X-Scrutiny-Offline: the time it was saved), so the page
// can say it is showing a cached copy. Data files (releases.json, the releases) are not even
// intercepted while online: the page asks for their saved copy (X-Scrutiny-Saved-Copy) only
// once the network has failed it, so a new release is always read from the network.
// Why two caches: the app's files belong to one build (scrutiny-app-VERSION, dropped when a new
// build activates); releases are immutable and outlive builds (scrutiny-data).
// Why install keeps the open pages' releases: the page registers this worker only once its
// first chart is drawn (so it never competes with the first load), after it has loaded its
// release from the network; that release is kept at install, from the page's address
// (?release=, ?compare=; the bare address shows the newest release in releases.json), so
// that `navigator.serviceWorker.ready` means the page reads offline. The page also asks for
// its release to be kept (the 'keep' message), for releases opened later.
// Why clients.claim(): the open page is controlled as soon as the worker is active, so its
// later requests (another release, a comparison) are kept as they are made. Its first load
// was over before the worker existed, so it never mixes network and cache answers.
const APP_FILES = [/* filled in by scripts/write-service-worker.mjs */];
const APP_VERSION = 'dev';

const APP_CACHE = `scrutiny-app-${APP_VERSION}`;
const DATA_CACHE = 'scrutiny-data';
const SCOPE = self.registration.scope; // ends with '/'
const DATA = new URL('data/', SCOPE).href;
// A release id as the core's releases::is_release_id has it: never outside data/.
const RELEASE_ID = /^(?!\.)[A-Za-z0-9._-]{1,64}$/;
const SAVED = 'X-Scrutiny-Saved';
// The page's side of these two is core::releases (a test checks the spelling).
const OFFLINE = 'X-Scrutiny-Offline';
const SAVED_COPY_REQUEST = 'X-Scrutiny-Saved-Copy';

/** Stores `response` (ok, not yet read) under `key`, with the time it was saved. */
async function save(cache, key, response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED, new Date().toISOString());
  // The body is stored decoded: its network length and encoding no longer describe it.
  headers.delete('content-length');
  headers.delete('content-encoding');
  const { status, statusText } = response;
  await cache.put(key, new Response(response.body, { status, statusText, headers }));
}

/** Downloads `url` and stores it in `cache`; throws unless the answer is a 200. Revalidated
 *  with the server ('no-cache'), never taken from the HTTP cache unchecked: a stale index.html
 *  stored with a new build would name files the new build no longer has. */
async function download(cache, url) {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  await save(cache, url, response);
}

/** Stores each of `urls` (relative to the scope) in the data cache unless it is there already;
 *  releases.json, the list that grows, is always downloaded again. Resolves to how many. */
async function keep(urls) {
  const cache = await caches.open(DATA_CACHE);
  const index = new URL('data/releases.json', SCOPE).href;
  const wanted = urls.map((relative) => new URL(relative, SCOPE).href);
  const outside = wanted.find((url) => !url.startsWith(DATA));
  if (outside) throw new Error(`${outside} is not a data file of this site`);
  // All at once: the page may go offline soon after it has drawn.
  const fetched = await Promise.all(wanted.map(async (url) => {
    if (url !== index && (await cache.match(url))) return 0;
    await download(cache, url);
    return 1;
  }));
  return fetched.reduce((a, b) => a + b, 0);
}

// As the core's aggregate::codec::FORMAT_VERSION (a test in src/io.rs checks this line): a
// release listed with a table in this format is read from it (src/published.rs).
const TABLE_FORMAT = 2;
// The loader's module, which the data worker runs for a release without such a table (the
// page's own files are kept at install; these only when a release needs them).
const LOADER_FILES = ['scrutiny-loader.js', 'scrutiny-loader_bg.wasm'];

/** Stores the release `id` as the page reads it: dataset.json and manifest.json (a folder may
 *  have no manifest), then table.bin when releases.json lists it with a table in the format the
 *  page reads, else its cases file and the loader's module that reads it. releases.json must be
 *  kept first (keep() downloads it every time). */
async function keepRelease(id) {
  const folder = `data/${id}/`;
  const cache = await caches.open(DATA_CACHE);
  const list = await (await cache.match(new URL('data/releases.json', SCOPE).href))?.json().catch(() => null);
  const entry = (list?.releases ?? []).find((r) => r.id === id);
  const [meta] = await Promise.all([
    keep([`${folder}dataset.json`]).then(async () => (await cache.match(new URL(`${folder}dataset.json`, SCOPE).href)).json()),
    keep([`${folder}manifest.json`]).catch(() => null),
  ]);
  if (entry?.table_format === TABLE_FORMAT) {
    await keep([`${folder}table.bin`]);
    return;
  }
  const name = meta.cases_file ?? 'cases.csv';
  if (!RELEASE_ID.test(name)) throw new Error(`${folder}dataset.json names a strange cases file`);
  const app = await caches.open(APP_CACHE);
  await Promise.all([
    keep([`${folder}${name}`]),
    ...LOADER_FILES.map(async (file) => {
      const url = new URL(file, SCOPE).href;
      if (!(await app.match(url))) await download(app, url);
    }),
  ]);
}

/** Stores releases.json and the releases the open pages show (they are not controlled by this
 *  worker, so their own downloads never reach it). A failure leaves the app installed. */
async function keepOpenReleases() {
  const windows = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
  const ids = new Set();
  let bare = false;
  for (const client of windows) {
    const params = new URL(client.url).searchParams;
    if (!params.has('release')) bare = true;
    for (const id of [...params.getAll('release'), ...params.getAll('compare')]) if (RELEASE_ID.test(id)) ids.add(id);
  }
  await keep(['data/releases.json']);
  if (bare) {
    // The bare address shows the newest release, the first in the list.
    const list = await (await caches.open(DATA_CACHE)).match(new URL('data/releases.json', SCOPE).href);
    const newest = (await list.json()).releases?.[0]?.id;
    if (RELEASE_ID.test(newest ?? '')) ids.add(newest);
  }
  await Promise.all([...ids].map((id) => keepRelease(id).catch((e) => console.warn('Scrutiny: release not kept offline:', id, e))));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(APP_CACHE);
    await Promise.all([
      ...[...APP_FILES, './'].map((file) => download(cache, new URL(file, SCOPE).href)),
      keepOpenReleases().catch((e) => console.warn('Scrutiny: releases not kept offline:', e)),
    ]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('scrutiny-app-') && n !== APP_CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range') || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  // The page itself, whatever its query: stored once, under the scope. Any other navigation
  // (a data file opened in a tab) is stored under its own address.
  const scopePath = new URL(SCOPE).pathname;
  const isPage = request.mode === 'navigate' && (url.pathname === scopePath || url.pathname === `${scopePath}index.html`);
  const key = isPage ? SCOPE : request.url;
  if (request.url.startsWith(DATA)) {
    // Data files go to the network as if there were no worker, so nothing comes between the
    // page and the server while it is online. Only a request for the saved copy, which the
    // page and its data worker send when the network has failed, is answered here. (Releases
    // are kept at install and by the page's 'keep' message.)
    if (request.headers.has(SAVED_COPY_REQUEST)) event.respondWith(savedCopy(DATA_CACHE, request.url, false));
    return;
  }
  event.respondWith((async () => {
    let response;
    try {
      response = await fetch(request);
    } catch (networkError) {
      return savedCopy(APP_CACHE, key, isPage);
    }
    if (response.status === 200 && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(caches.open(APP_CACHE).then((c) => save(c, key, copy)).catch((e) => console.warn('Scrutiny: not saved:', key, e)));
    }
    return response;
  })());
});

/** The saved copy of `key`, marked with when it was saved (X-Scrutiny-Offline); a network
 *  error if there is none. */
async function savedCopy(cacheName, key, ignoreSearch) {
  const cached = await caches.open(cacheName).then((c) => c.match(key, { ignoreSearch }));
  if (!cached) return Response.error();
  const headers = new Headers(cached.headers);
  headers.set(OFFLINE, cached.headers.get(SAVED) ?? '');
  const { status, statusText } = cached;
  return new Response(cached.body, { status, statusText, headers });
}

// The page asks for a release it opened or compared with to be kept: `{type: 'keep', releases:
// [id]}` (src/io.rs). The list is downloaded again first, then each release as keepRelease has it.
self.addEventListener('message', (event) => {
  const { data } = event;
  if (!data || data.type !== 'keep' || !Array.isArray(data.releases)) return;
  const reply = (message) => event.ports[0]?.postMessage(message);
  const ids = data.releases.filter((id) => typeof id === 'string' && RELEASE_ID.test(id));
  const kept = keep(['data/releases.json']).then(() => Promise.all(ids.map(keepRelease)));
  event.waitUntil(kept.then(() => reply({ type: 'kept', count: ids.length }), (e) => reply({ type: 'kept', error: String(e?.message ?? e) })));
});
