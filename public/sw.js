// Scrutiny's service worker: after one visit, the page and the releases the visitor opened load
// with the network off. scripts/write-service-worker.mjs writes it into the built site with the
// app's files and a version made from their contents (this source says 'dev').
//
// Why network first: releases.json and index.html change when a release or a build is published,
// and the visitor must see the new one on the next online visit; a server that sends
// validators (ETag, Last-Modified) answers an unchanged file with 304, a round trip. The
// cache is only used when the network fails, and the copy it gives says so (X-Scrutiny-Offline:
// the time it was saved), so the page can say it is showing a cached copy.
// Why two caches: the app's files belong to one build (scrutiny-app-VERSION, dropped when a new
// build activates); releases are immutable and outlive builds (scrutiny-data).
// Why no clients.claim(): a page loaded before the worker existed stays with the network for its
// whole life, so one page never mixes network and cache answers (and tests can route its
// requests). Its release is cached at install instead, from its address (?release=, ?compare=).
const APP_FILES = [/* filled in by scripts/write-service-worker.mjs */];
const APP_VERSION = 'dev';

const APP_CACHE = `scrutiny-app-${APP_VERSION}`;
const DATA_CACHE = 'scrutiny-data';
const SCOPE = self.registration.scope; // ends with '/'
const DATA = new URL('data/', SCOPE).href;
// A release id as the core's releases::is_release_id has it: never outside data/.
const RELEASE_ID = /^(?!\.)[A-Za-z0-9._-]{1,64}$/;
const SAVED = 'X-Scrutiny-Saved';
const OFFLINE = 'X-Scrutiny-Offline';

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
  let count = 0;
  for (const relative of urls) {
    const url = new URL(relative, SCOPE).href;
    if (!url.startsWith(DATA)) throw new Error(`${relative} is not a data file of this site`);
    if (url !== index && (await cache.match(url))) continue;
    await download(cache, url);
    count += 1;
  }
  return count;
}

/** Stores the release `id` (its dataset.json, manifest.json and cases file). */
async function keepRelease(id) {
  const folder = `data/${id}/`;
  await keep([`${folder}dataset.json`, `${folder}manifest.json`]);
  const meta = await (await caches.open(DATA_CACHE)).match(new URL(`${folder}dataset.json`, SCOPE).href);
  const casesFile = (await meta.json()).cases_file ?? 'cases.csv';
  if (!RELEASE_ID.test(casesFile)) throw new Error(`${folder}dataset.json names a strange cases file`);
  await keep([`${folder}${casesFile}`]);
}

/** Stores releases.json and the releases the open pages show (they are not controlled by this
 *  worker, so their own downloads never reach it). A failure leaves the app installed. */
async function keepOpenReleases() {
  const windows = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
  const ids = new Set();
  for (const client of windows) {
    const params = new URL(client.url).searchParams;
    for (const id of [...params.getAll('release'), ...params.getAll('compare')]) if (RELEASE_ID.test(id)) ids.add(id);
  }
  await keep(['data/releases.json']);
  for (const id of ids) await keepRelease(id).catch((e) => console.warn('Scrutiny: release not kept offline:', id, e));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(APP_CACHE);
    await Promise.all([...APP_FILES, './'].map((file) => download(cache, new URL(file, SCOPE).href)));
    await keepOpenReleases().catch((e) => console.warn('Scrutiny: releases not kept offline:', e));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('scrutiny-app-') && n !== APP_CACHE).map((n) => caches.delete(n)));
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
  const cacheName = request.url.startsWith(DATA) ? DATA_CACHE : APP_CACHE;
  event.respondWith((async () => {
    let response;
    try {
      response = await fetch(request);
    } catch (networkError) {
      const cached = await caches.open(cacheName).then((c) => c.match(key, { ignoreSearch: isPage }));
      if (!cached) return Response.error();
      const headers = new Headers(cached.headers);
      headers.set(OFFLINE, cached.headers.get(SAVED) ?? '');
      const { status, statusText } = cached;
      return new Response(cached.body, { status, statusText, headers });
    }
    if (response.status === 200 && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(caches.open(cacheName).then((c) => save(c, key, copy)).catch((e) => console.warn('Scrutiny: not saved:', key, e)));
    }
    return response;
  })());
});

self.addEventListener('message', (event) => {
  const { data } = event;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const reply = (message) => event.ports[0]?.postMessage(message);
  event.waitUntil(keep(data.urls).then((count) => reply({ type: 'kept', count }), (e) => reply({ type: 'kept', error: String(e?.message ?? e) })));
});
