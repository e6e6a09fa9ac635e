// ready({ threads }) where it cannot work must reject with the library's error naming what is
// missing, and leave the library usable: each case's { name, message } goes to window.result,
// then a last ready() (real threads when the page is isolated, else none) and a small product.
// ?cases=a,b picks the cases (the timeout one waits out a start-up limit of 1.5 s, set by
// workerStartTimeout instead of the default 10 s).
import { loadLibrary } from './load-library.mjs';

const query = new URLSearchParams(location.search);
const SHARED = '/pkg/dist/gluon-shared.wasm';
const RealWorker = self.Worker;

/** Worker stand-ins: one that never answers, one whose script fails to load. */
class SilentWorker {
  postMessage() {}
  terminate() {}
}
class BrokenWorker {
  postMessage() {
    setTimeout(() => this.onerror?.({ message: 'simulated script error', preventDefault() {} }), 10);
  }
  terminate() {}
}

const CASES = {
  threads: () => ({ threads: 2, sharedWasm: SHARED }),
  noRelaxedWasm: () => ({ relaxedSimd: true }),
  noSharedWasm: () => ({ threads: 2 }),
  noRelaxedSharedWasm: () => ({ threads: 2, relaxedSimd: true, sharedWasm: SHARED }),
  notShared: () => ({ threads: 2, sharedWasm: '/pkg/dist/gluon.wasm' }),
  missingFile: () => ({ threads: 2, sharedWasm: '/pkg/dist/no-such.wasm' }),
  brokenWorker: () => ((self.Worker = BrokenWorker), { threads: 2, sharedWasm: SHARED }),
  silentWorker: () => ((self.Worker = SilentWorker), { threads: 2, sharedWasm: SHARED, workerStartTimeout: 1500 }),
};

try {
  const g = await loadLibrary('script');
  const outcomes = {};
  for (const name of (query.get('cases') ?? '').split(',').filter(Boolean)) {
    const started = performance.now();
    try {
      await g.ready(CASES[name]());
      outcomes[name] = { resolved: g.backend() };
    } catch (err) {
      // err.name must survive the minified build (string literals in errors.ts) and match the class
      const kind = err.name;
      if (!(typeof g[kind] === 'function' && err instanceof g[kind] && err instanceof g.GluonError)) {
        throw new Error(`${name}: error named '${kind}' is not an instance of gluonWasm.${kind}: ${err.message}`);
      }
      outcomes[name] = { kind, message: err.message, seconds: (performance.now() - started) / 1000 };
    } finally {
      self.Worker = RealWorker;
    }
  }
  // afterwards: threads do start where the page allows them, and ops run
  const after = await g.ready(self.crossOriginIsolated ? { threads: 2, sharedWasm: SHARED } : {});
  const product = g.nd.dot(g.nd.ones([2, 3]), g.nd.ones([3, 2])).toArray();
  window.result = { isolated: self.crossOriginIsolated, outcomes, after, product };
  document.getElementById('out').textContent = JSON.stringify(window.result, null, 2);
} catch (err) {
  window.result = { error: String(err?.stack ?? err) };
}
