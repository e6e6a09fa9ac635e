// Runs in a module Web Worker (threads-in-worker.html): the ESM build, two threads, the session.
import * as g from '/pkg/dist/index.mjs';
import { runThreadsSession } from './threads-session.mjs';

try {
  const info = await g.ready({ threads: 2, sharedWasm: '/pkg/dist/gluon-shared.wasm' });
  const session = runThreadsSession(g);
  postMessage({ isolated: self.crossOriginIsolated, info, after: g.backend(), session });
} catch (err) {
  postMessage({ error: String(err?.stack ?? err) });
}
