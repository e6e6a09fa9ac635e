// A user's browser app, bundled by esbuild for the browser platform: `gluon-wasm` resolves
// through package.json's `exports` (the `browser` branch) of the installed tarball.
import { nd, nn, gluon, autograd, init } from 'gluon-wasm';
import session from './session.cjs';

try {
  const result = session.runSession({ nd, nn, gluon, autograd, init });
  window.result = result;
  document.getElementById('out').textContent = result.text;
} catch (err) {
  window.result = { error: String(err?.stack ?? err) };
}
