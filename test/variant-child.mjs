// One build variant in a fresh Node process (the build is chosen once per process, before the
// first op): `node test/variant-child.mjs '<ready() options as JSON>'` prints one JSON line with
// what ready() resolved to, backend() afterwards, and the shared session's results
// (test/browser/pages/threads-session.mjs). Used by test/variants.test.ts.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runThreadsSession } from './browser/pages/threads-session.mjs';

// Node's import entry (the CommonJS build: threads need it)
const g = await import(pathToFileURL(resolve('dist/index.node.mjs')).href);
const info = await g.ready(JSON.parse(process.argv[2]));
const session = runThreadsSession(g);
console.log(JSON.stringify({ info, backendAfter: g.backend(), ...session }));
