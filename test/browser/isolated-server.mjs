// A cross-origin isolated face of the test server: forwards every request to it and adds the two
// headers that make a page crossOriginIsolated (and so give it SharedArrayBuffer, which worker
// threads need). Pages opened through it differ from the plain server's only by those headers.
import { createServer, request } from 'node:http';

export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** Resolves to { url, close() }: the same paths as `upstream` (a URL), with COOP and COEP. */
export async function startIsolatedProxy(upstream) {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const forward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, { ...up.headers, ...ISOLATION_HEADERS });
      up.pipe(res);
    });
    forward.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
    req.pipe(forward);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(ok);
    }),
  };
}
