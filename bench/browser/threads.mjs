// One side of the browser threads comparison (bench/cases/browser.mjs keeps a ?threads=1 and a
// ?threads=2 page open and times them in turn, round by round: the build is chosen once per
// page). threads > 1: ready({ threads, sharedWasm }) on Web Workers (the page is served
// cross-origin isolated); 1: the default build on this thread only.
const { nd, ready, backend } = globalThis.gluonWasm;
const threads = Number(new URLSearchParams(location.search).get('threads') ?? 1);
const squares = new Map();

/** ms per s x s product over `reps` calls, each result read back; the first call also checked. */
globalThis.gemmBatch = (s, reps) => {
  if (!squares.has(s)) {
    const a = nd.random.uniform({ shape: [s, s] }), b = nd.random.uniform({ shape: [s, s] });
    const c = nd.dot(a, b);
    const A = a.toFloat32Array(), B = b.toFloat32Array(), C = c.toFloat32Array();
    for (let t = 0; t < 8; t++) {
      const i = (t * 131) % s, j = (t * 71 + 3) % s;
      let sum = 0;
      for (let p = 0; p < s; p++) sum += A[i * s + p] * B[p * s + j];
      if (!(Math.abs(C[i * s + j] - sum) <= 1e-5 * s)) throw new Error(`bench (browser threads): C[${i},${j}] = ${C[i * s + j]}, expected ${sum}`);
    }
    c.dispose();
    squares.set(s, [a, b]);
  }
  const [a, b] = squares.get(s);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    const c = nd.dot(a, b);
    if (r === reps - 1) c.toFloat32Array();
    c.dispose();
  }
  return (performance.now() - t0) / reps;
};

globalThis.threadsReady = ready(threads > 1 ? { threads, sharedWasm: '/dist/gluon-shared.wasm' } : {}).then(() => backend());
