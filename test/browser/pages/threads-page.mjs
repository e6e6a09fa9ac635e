// Loads the installed package the way the query asks (lib=script: the minified script-tag build;
// lib=esm: the ESM build), calls ready(options) and runs the threads session. window.result gets
// { isolated, info (what ready() resolved to), after (backend() after the session), session },
// or { error } when anything threw.
import { loadLibrary } from './load-library.mjs';
import { runThreadsSession } from './threads-session.mjs';

const query = new URLSearchParams(location.search);

try {
  const g = await loadLibrary(query.get('lib') ?? 'script');
  const info = await g.ready(JSON.parse(query.get('options') ?? '{}'));
  const session = runThreadsSession(g);
  window.result = { isolated: self.crossOriginIsolated, info, after: g.backend(), session };
  document.getElementById('out').textContent = JSON.stringify(window.result, null, 2);
} catch (err) {
  window.result = { error: String(err?.stack ?? err) };
}
