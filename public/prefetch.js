// Scrutiny's early start: runs as the page is parsed, before its WebAssembly has downloaded,
// and asks for the data the page will need first, so the two download side by side.
// - The list of releases: its response is left for the page (`scrutinyReleaseList`, read once
//   by src/io.rs), so it is downloaded once.
// - The release the address names (the newest for a bare address), when the list says it has
//   a compact table the page reads: its dataset.json, manifest.json and table.bin, preloaded
//   (src/published.rs asks for the same URLs, mode and credentials, so the browser answers it
//   from these downloads).
// - Otherwise (an unpublished folder, or a table of another format), the loader's module, which
//   the data worker will run, compiled while the page's downloads (`scrutinyLoader`, taken by
//   src/data_worker/page.rs and sent to the worker).
// It only starts downloads: what the page shows is decided by the page. If anything here fails,
// the page downloads as if it had never run.
(() => {
  // As the core's aggregate::codec::FORMAT_VERSION (a test in src/io.rs checks this line).
  const TABLE_FORMAT = 2;
  // Once the page's module runs it downloads for itself (src/io.rs sets this, `PAGE_STARTED`):
  // starting anything after that would download it twice.
  const started = () => self.scrutinyStarted === true;
  if (started()) return;
  const list = fetch('data/releases.json');
  self.scrutinyReleaseList = list;
  const wanted = new URLSearchParams(location.search).get('release');
  list
    .then((response) => (response.ok ? response.clone().json() : null))
    .then((index) => {
      if (started()) return;
      const releases = index?.releases ?? [];
      const entry = wanted === null ? releases[0] : releases.find((r) => r.id === wanted);
      if (!entry || entry.table_format !== TABLE_FORMAT) {
        // A listed release without a readable table, or an unlisted folder a link names. A
        // failure here leaves the worker to download the module itself.
        if (entry || wanted !== null) self.scrutinyLoader = WebAssembly.compileStreaming(fetch('scrutiny-loader_bg.wasm')).catch(() => null);
        return;
      }
      for (const file of ['dataset.json', 'manifest.json', 'table.bin']) {
        const link = document.createElement('link');
        link.rel = 'preload';
        link.as = 'fetch';
        link.crossOrigin = 'anonymous';
        link.href = `data/${encodeURIComponent(entry.id)}/${file}`;
        document.head.append(link);
      }
    })
    .catch(() => {});
})();
