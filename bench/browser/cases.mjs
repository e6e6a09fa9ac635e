// Runs inside Chromium (loaded by bench/browser/index.html or solo.html, driven by
// bench/cases/browser.mjs): the same interleaved timing as in Node (bench/lib/timing.mjs, served
// as is) over gluon-wasm's script-tag build and TensorFlow.js's script-tag builds (union package
// + wasm backend, SIMD, one thread: the page is not cross-origin isolated, so tfjs cannot pick
// its threaded binary). solo.html loads no tfjs: loading tf.min.js alone, unused, was measured
// to slow our GEMM and the peak loop by 5-8% in the same page (background work of its own on
// a machine whose two vCPUs share a core), so the share of peak is also taken without it.
// Returns raw ms per call per round; the Node side makes the rows and verdicts.
import { interleave, shortBatches } from '/bench/lib/timing.mjs';
import { ceilingContenders, gemmContender, probeHeap } from '/bench/limits/ceilings.mjs';

const { nd } = globalThis.gluonWasm;
const tf = globalThis.tf; // undefined in solo.html

// fma_peak_f32 from a separate instance of the same default build (a kernel, not API); the Node
// side gives the iteration count and turns times into GFLOPS (bench/lib/ours.mjs)
async function peakContender(iters) {
  const { instance } = await WebAssembly.instantiateStreaming(fetch('/dist/gluon.wasm'), { env: { abort() { throw new Error('wasm abort'); } } });
  const peak = instance.exports.fma_peak_f32;
  let sink = 0;
  return { name: 'peak', once: () => { sink += peak(iters); }, last: () => { sink += peak(iters); if (!Number.isFinite(sink)) throw new Error('bench: peak not finite'); } };
}

function checkClose(ours, theirs, tol, what) {
  for (let i = 0; i < ours.length; i += Math.max(1, ours.length >> 6)) {
    if (!(Math.abs(ours[i] - theirs[i]) <= tol)) throw new Error(`bench (browser): ${what} differs at ${i}: ${ours[i]} vs ${theirs[i]}`);
  }
}

/** Float64 dot products of a few entries: a wrong or skipped product gets no number. */
function spotCheck(a, b, c, m, n, k) {
  const A = a.toFloat32Array(), B = b.toFloat32Array(), C = c.toFloat32Array();
  for (let s = 0; s < 16; s++) {
    const i = (s * 7919) % m, j = (s * 104729) % n;
    let sum = 0;
    for (let p = 0; p < k; p++) sum += A[i * k + p] * B[p * n + j];
    if (!(Math.abs(C[i * n + j] - sum) <= 1e-5 * k)) throw new Error(`bench (browser): GEMM ${m}x${n}x${k} C[${i},${j}] = ${C[i * n + j]}, expected ${sum}`);
  }
}

async function gemm({ m, n, k }, opts, peak) {
  const a = nd.random.uniform({ shape: [m, k] }), b = nd.random.uniform({ shape: [k, n] });
  const c = nd.dot(a, b);
  spotCheck(a, b, c, m, n, k);
  const contenders = [
    { name: 'ours', once: () => nd.dot(a, b).dispose(), last: () => { const r = nd.dot(a, b); r.toFloat32Array(); r.dispose(); } },
    peak,
  ];
  const tensors = [];
  if (tf) {
    const ta = tf.tensor2d(a.toFloat32Array(), [m, k]), tb = tf.tensor2d(b.toFloat32Array(), [k, n]);
    tensors.push(ta, tb);
    const check = tf.matMul(ta, tb);
    checkClose(c.toFloat32Array(), check.dataSync(), 1e-4 * k, `GEMM ${m}x${n}x${k}`);
    check.dispose();
    contenders.push({ name: 'tfjs-wasm', once: () => tf.matMul(ta, tb).dispose(), last: () => { const r = tf.matMul(ta, tb); r.dataSync(); r.dispose(); } });
  }
  c.dispose();
  const result = await interleave(contenders, opts);
  a.dispose(); b.dispose();
  for (const t of tensors) t.dispose();
  return { flops: 2 * m * n * k, ...result };
}

const N = 1 << 20;
async function elementwise(id, opts) {
  const a = nd.random.uniform(-1, 1, [N]), b = nd.random.uniform(-1, 1, [N]);
  const ta = tf.tensor1d(a.toFloat32Array()), tb = tf.tensor1d(b.toFloat32Array());
  const ours = id === 'add' ? () => nd.add(a, b) : () => nd.relu(a);
  const theirs = id === 'add' ? () => tf.add(ta, tb) : () => tf.relu(ta);
  const o = ours(), t = theirs();
  checkClose(o.toFloat32Array(), t.dataSync(), 0, id);
  o.dispose(); t.dispose();
  const contenders = [
    { name: 'ours', once: () => ours().dispose(), last: () => { const c = ours(); c.toFloat32Array(); c.dispose(); } },
    { name: 'tfjs-wasm', once: () => theirs().dispose(), last: () => { const c = theirs(); c.dataSync(); c.dispose(); } },
  ];
  const result = await interleave(contenders, opts);
  a.dispose(); b.dispose(); ta.dispose(); tb.dispose();
  return { bytes: (id === 'add' ? 3 : 2) * 4 * N, ...result };
}

/**
 * The ceilings of bench/cases/limits.mjs in this engine: the probe module (compiled and served by
 * the Node side), its peak and GEMM-kernel loops and nd.dot's GEMM, interleaved.
 */
async function limits({ url, gemm: size, peakFlopsPerIter }, peakIters, opts) {
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), {});
  const X = instance.exports;
  const a = nd.random.uniform({ shape: [size, size] }), b = nd.random.uniform({ shape: [size, size] });
  const contenders = [...ceilingContenders(X, probeHeap(X), { peakIters, peakFlopsPerIter }), gemmContender(nd, a, b)];
  const { ms, reps } = await interleave(contenders, opts);
  a.dispose(); b.dispose();
  return { ms, reps, flops: Object.fromEntries(contenders.map((c) => [c.name, c.flops])) };
}

/**
 * ctx: { rounds, batchMs, shapes: [{ id, m, n, k }], peakIters, limits? }; in solo.html GEMM
 * (and, given ctx.limits, the ceilings) only
 */
globalThis.runBrowserBench = async (ctx) => {
  const opts = { rounds: ctx.rounds, batchMs: ctx.batchMs };
  const peak = await peakContender(ctx.peakIters);
  const out = { gemm: {}, elementwise: {} };
  if (tf) await startTfjs();
  for (const s of ctx.shapes) out.gemm[s.id] = await gemm(s, opts, peak);
  if (tf) for (const id of ['add', 'relu']) out.elementwise[id] = await elementwise(id, shortBatches(ctx));
  if (ctx.limits) out.limits = await limits(ctx.limits, ctx.peakIters, opts);
  return out;
};

async function startTfjs() {
  tf.enableProdMode();
  tf.wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': '/missing/not-selected-by-bench.wasm',
    'tfjs-backend-wasm-simd.wasm': '/tfjs-wasm/tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm': '/missing/not-selected-by-bench.wasm',
  });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('bench (browser): tfjs wasm backend failed to start');
  await tf.ready();
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) throw new Error('bench (browser): no wasm SIMD');
}
