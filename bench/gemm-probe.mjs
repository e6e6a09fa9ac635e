// GEMM throughput probe: instantiates dist/gluon.wasm directly (no nd layer), times gemm_f32 on
// square and MLP shapes (plain, A^T·B, A·B^T) and quotes the f32x4 multiply-add ceiling measured by
// fma_peak_f32 in the same run. The machine is noisy, so every shape is timed in rounds that
// interleave the peak loop and the GEMM; we print medians and the median of per-round ratios.
// Usage: node scripts/build.mjs --no-types && node bench/gemm-probe.mjs [--wasm file] [--rounds N] [--only text]
//        [--shape m,n,k,transA,transB;...] [--tfjs]
// --tfjs also times tf.matMul on TensorFlow.js's wasm backend (XNNPACK, SIMD, 1 thread; loaded by
// bench/lib/tfjs.mjs) on the same data, interleaved, and prints the per-round speedup median.
import { readFileSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const wasmFile = arg('--wasm', new URL('../dist/gluon.wasm', import.meta.url).pathname);
const rounds = Number(arg('--rounds', 7));
const only = arg('--only', '');
// --shape m,n,k,transA,transB[;...] replaces the table (for tuning one case)
const custom = arg('--shape', '');
const tf = process.argv.includes('--tfjs') ? (await (await import('./lib/tfjs.mjs')).loadTfjs(['wasm'])).tf : null;

const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {
  env: { abort: () => { throw new Error('wasm abort'); }, seed: () => Math.random() },
});
const X = instance.exports;
const memory = X.memory;

// A bump allocator over linear memory: the probe frees nothing, it exits.
let top = Math.ceil(X.heapBase() / 64) * 64;
function alloc(bytes) {
  const ptr = top;
  top = Math.ceil((top + bytes) / 64) * 64;
  const need = top - memory.buffer.byteLength;
  if (need > 0) memory.grow(Math.ceil(need / 65536));
  return ptr;
}
const f32 = (ptr, n) => new Float32Array(memory.buffer, ptr, n);
function randomMatrix(count) {
  const ptr = alloc(count * 4);
  const v = f32(ptr, count);
  for (let i = 0; i < count; i++) v[i] = Math.random() * 2 - 1;
  return ptr;
}
const pack = alloc(X.gemm_f32_scratch_bytes());

const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];

/** Seconds per call of fn, calling it repeatedly for at least `minMs`. */
function timeIt(fn, minMs) {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    const ms = performance.now() - t0;
    if (ms >= minMs) return ms / 1000 / reps;
    reps = Math.max(reps * 2, Math.ceil((reps * minMs * 1.2) / Math.max(ms, 0.01)));
  }
}

const PEAK_ITERS = 1 << 20;
const peakGflops = () => (64 * PEAK_ITERS) / timeIt(() => X.fma_peak_f32(PEAK_ITERS), 20) / 1e9;

/** One call, then 32 sampled entries against a float64 dot product: a wrong kernel gets no number. */
function spotCheck(m, n, k, a, lda, transA, b, ldb, transB, c) {
  X.gemm_f32(m, n, k, a, lda, transA, b, ldb, transB, c, n, 0, pack);
  const A = f32(a, m * k), B = f32(b, k * n), C = f32(c, m * n);
  for (let s = 0; s < 32; s++) {
    const i = Math.floor(Math.random() * m), j = Math.floor(Math.random() * n);
    let sum = 0;
    for (let p = 0; p < k; p++) sum += (transA ? A[p * lda + i] : A[i * lda + p]) * (transB ? B[j * ldb + p] : B[p * ldb + j]);
    if (!(Math.abs(C[i * n + j] - sum) <= 1e-5 * k)) throw new Error(`probe: gemm_f32 ${m}x${n}x${k} C[${i},${j}] = ${C[i * n + j]}, expected ${sum}`);
  }
}

/** op(A) m x k, op(B) k x n, stored as the contract says; median GFLOPS, ratio to peak, tfjs speedup. */
function probe(m, n, k, transA, transB) {
  const lda = transA ? m : k, ldb = transB ? k : n;
  const a = randomMatrix(m * k), b = randomMatrix(k * n), c = alloc(m * n * 4);
  const flops = 2 * m * n * k;
  const minMs = Math.min(40, Math.max(10, flops / 1e7));
  const gemm = () => X.gemm_f32(m, n, k, a, lda, transA, b, ldb, transB, c, n, 0, pack);
  spotCheck(m, n, k, a, lda, transA, b, ldb, transB, c);
  let theirs = null, ta, tb;
  if (tf) {
    ta = tf.tensor2d(f32(a, m * k).slice(), transA ? [k, m] : [m, k]);
    tb = tf.tensor2d(f32(b, k * n).slice(), transB ? [n, k] : [k, n]);
    gemm();
    const check = tf.matMul(ta, tb, !!transA, !!transB).dataSync(), ours = f32(c, m * n);
    for (let i = 0; i < m * n; i++) {
      if (!(Math.abs(check[i] - ours[i]) <= 1e-4 * k)) throw new Error(`probe: tfjs and gemm_f32 differ at ${i} for ${m}x${n}x${k}`);
    }
    theirs = () => tf.matMul(ta, tb, !!transA, !!transB).dispose();
  }
  const gf = [], ratio = [], speedup = [], tgf = [];
  for (let r = 0; r < rounds; r++) {
    const peak = peakGflops();
    const t = timeIt(gemm, minMs);
    gf.push(flops / t / 1e9);
    ratio.push(flops / t / 1e9 / peak);
    if (theirs) {
      const tt = timeIt(theirs, minMs);
      tgf.push(flops / tt / 1e9);
      speedup.push(tt / t);
    }
  }
  if (tf) { ta.dispose(); tb.dispose(); }
  return { gflops: median(gf), ratio: median(ratio), tfjs: tf ? median(tgf) : 0, speedup: tf ? median(speedup) : 0 };
}

const shapes = [];
for (const s of [64, 128, 256, 384, 512, 768, 1024]) shapes.push([`square ${s}`, s, s, s, 0, 0]);
shapes.push(
  ['mlp 128x784·784x256', 128, 256, 784, 0, 0],
  ['mlp 128x784·(256x784)^T  [A·B^T]', 128, 256, 784, 0, 1],
  ['mlp 128x256·256x10', 128, 10, 256, 0, 0],
  ['mlp 128x256·(10x256)^T  [A·B^T]', 128, 10, 256, 0, 1],
  ['256x128·128x784 (plain twin of A^T·B)', 256, 784, 128, 0, 0],
  ['(128x256)^T·128x784  [A^T·B]', 256, 784, 128, 1, 0],
  ['(128x10)^T·128x256  [A^T·B]', 10, 256, 128, 1, 0],
  ['128x10·10x256', 128, 256, 10, 0, 0],
  ['square 256 [A^T·B^T]', 256, 256, 256, 1, 1],
  ['2x20·20x256', 2, 256, 20, 0, 0],
  ['2x20·(256x20)^T  [A·B^T]', 2, 256, 20, 0, 1],
  ['1x784·(256x784)^T  [A·B^T]', 1, 256, 784, 0, 1],
);

if (custom) {
  shapes.length = 0;
  for (const spec of custom.split(';')) {
    const [m, n, k, ta = 0, tb = 0] = spec.split(',').map(Number);
    shapes.push([`${m}x${k}·${k}x${n} transA=${ta} transB=${tb}`, m, n, k, ta, tb]);
  }
}

const peaks = [];
for (let r = 0; r < rounds; r++) peaks.push(peakGflops());
console.log(`f32x4 mul+add peak (fma_peak_f32, 8 chains): median ${median(peaks).toFixed(1)} GFLOPS ` +
  `(min ${Math.min(...peaks).toFixed(1)}, max ${Math.max(...peaks).toFixed(1)}, ${rounds} runs)`);
console.log('shape'.padEnd(44) + 'GFLOPS'.padStart(8) + '  of peak' + (tf ? '   tfjs-wasm  speedup' : ''));
for (const [name, m, n, k, ta, tb] of shapes) {
  if (only && !name.includes(only)) continue;
  const { gflops, ratio, tfjs, speedup } = probe(m, n, k, ta, tb);
  const theirs = tf ? `${tfjs.toFixed(1).padStart(12)}  ${speedup.toFixed(2).padStart(6)}x` : '';
  console.log(name.padEnd(44) + gflops.toFixed(1).padStart(8) + `  ${(ratio * 100).toFixed(0).padStart(5)}%` + theirs);
}
