// A small static file server for the built dashboard (dist/), used by scripts/serve and the
// end-to-end tests. No dependencies. Serves correct MIME types (application/wasm) and, when
// the client accepts it, a pre-compressed .br or .gz file beside the original.
//
// Usage: node scripts/static-server.mjs DIR [PORT] [--prefix /sub/path/]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts a server for `root` on 127.0.0.1:`port` (0 picks a free port). Resolves to it. */
export function startServer(root, port = 0, prefix = '/') {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let url;
    let rel;
    try {
      // A path such as "//" or a broken %-escape is not a file path: answer 400, never crash.
      url = new URL(`http://localhost${req.url.startsWith('/') ? '' : '/'}${req.url}`);
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, rel);
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    let body = file;
    const accept = req.headers['accept-encoding'] ?? '';
    for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (accept.includes(enc) && fs.existsSync(file + ext)) {
        body = file + ext;
        headers['content-encoding'] = enc;
        headers.vary = 'accept-encoding';
        break;
      }
    }
    // A validator, as a CDN sends: a revalidation (no-cache, the service worker's install)
    // of an unchanged file is a 304 with no body, not a second download.
    const stat = fs.statSync(body);
    headers.etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    if (req.headers['if-none-match'] === headers.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    // The length of the bytes sent, as a static host or CDN gives it for a stored file: the data
    // worker sizes what it reads from it, and shows progress against it.
    headers['content-length'] = stat.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(body).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const prefixAt = args.indexOf('--prefix');
  const prefix = prefixAt >= 0 ? args.splice(prefixAt, 2)[1] : '/';
  const [dir = 'dist', port = '8080'] = args;
  const server = await startServer(dir, Number(port), prefix);
  console.log(`Serving ${dir} at http://127.0.0.1:${server.address().port}${prefix} (Ctrl+C to stop)`);
}
