// npm run serve: builds nothing itself (the npm script builds dist/ first), then serves this
// example page on http://127.0.0.1:8080/ (PORT=... to change) until you stop it with Ctrl-C.
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { digitRoutes } from './digits.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { url } = await startServer({
  port: Number(process.env.PORT ?? 8080),
  mounts: { '/': here, '/dist/': fileURLToPath(new URL('../../dist/', import.meta.url)) },
  routes: digitRoutes(),
});
console.log(`gluon-wasm example page: ${url}  (Ctrl-C stops the server)`);
