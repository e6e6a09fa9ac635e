// A small static file server for 127.0.0.1 only: `npm run serve` uses it for this example
// page, and the browser tests (test/browser/) use it for theirs. Serves files under the mounted
// folders and nothing else (no listing, no path outside a mount), plus generated routes.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.wasm': 'application/wasm', '.png': 'image/png', '.map': 'application/json', '.bin': 'application/octet-stream',
};

/**
 * mounts: { '/url/prefix/': '/abs/folder', ... } (longest prefix wins; '/' serves index.html
 * for folder URLs). routes: { '/exact/path': async () => ({ body, type }) }, computed once.
 * Resolves to { url, port, close() }.
 */
export async function startServer({ mounts = {}, routes = {}, port = 0, host = '127.0.0.1', log = null } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const cache = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
      if (routes[path]) {
        if (!cache.has(path)) cache.set(path, routes[path]());
        const { body, type } = await cache.get(path);
        return send(res, 200, body, type);
      }
      const prefix = prefixes.find((p) => path.startsWith(p));
      if (!prefix) return send(res, 404, 'not found');
      const root = resolve(mounts[prefix]);
      let file = resolve(join(root, path.slice(prefix.length)));
      if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (!body) return send(res, 404, 'not found');
      send(res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream');
    } catch (err) {
      send(res, 500, String(err?.stack ?? err));
    } finally {
      log?.(`${req.method} ${path} ${res.statusCode}`);
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const actual = server.address().port;
  return { url: `http://${host}:${actual}/`, port: actual, close: () => new Promise((ok) => server.close(ok)) };
}

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  // no caching: a rebuilt dist/ is what the next reload gets
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
