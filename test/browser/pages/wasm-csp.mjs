// wasm-csp.html's script (a CSP with script-src 'self' allows no inline script): the first op
// (synchronous compile) and ready() (asynchronous) must each fail with the library's WasmError
// naming 'wasm-unsafe-eval'; each outcome is { kind, message } in window.result.
import { loadLibrary } from '/test/load-library.mjs';

const g = await loadLibrary('script');
const outcome = async (fn) => {
  try {
    await fn();
    return { resolved: true };
  } catch (err) {
    // err.name must survive the minified build and match the class
    const kind = typeof g[err.name] === 'function' && err instanceof g[err.name] && err instanceof g.GluonError ? err.name : `not a library error: ${err.name}`;
    return { kind, message: err.message };
  }
};
window.result = { firstOp: await outcome(() => g.nd.ones([2])), ready: await outcome(() => g.ready()) };
document.getElementById('out').textContent = JSON.stringify(window.result, null, 2);
