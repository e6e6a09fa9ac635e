// Case family: 2-D convolution forward, nd.conv2d (NCHW, im2col + packed GEMM) vs tf.conv2d
// (NHWC, tfjs-backend-wasm's XNNPACK kernel; tfjs-cpu where it finishes in reasonable time), each
// library in its native layout, no bias on either side, as GFLOPS of the convolution's
// multiply-adds. Shapes: LeNet's two layers (batch 64: 1x28x28 → 6 channels 5x5, then
// 6x12x12 → 16 channels 3x3) and a VGG/ResNet-style 3x3 64→64 layer on 32x32 (batch 8,
// padding 1 = tfjs 'same').
// Before timing, a few output positions of every side are compared with a plain-JS sum over the
// same inputs, so a wrong or lazy kernel cannot pass; every timed batch reads its last result back.
import { interleave } from '../lib/timing.mjs';
import { makeRow } from '../lib/report.mjs';
import { use } from '../lib/tfjs.mjs';

const SHAPES = [
  { id: 'conv-lenet', label: 'conv2d 64x1x28x28 → 6 5x5 (LeNet)', n: 64, c: 1, h: 28, w: 28, o: 6, k: 5, pad: 0, backends: ['wasm', 'cpu'] },
  { id: 'conv-lenet2', label: 'conv2d 64x6x12x12 → 16 3x3 (LeNet 2nd)', n: 64, c: 6, h: 12, w: 12, o: 16, k: 3, pad: 0, backends: ['wasm', 'cpu'] },
  { id: 'conv-3x3', label: 'conv2d 8x64x32x32 → 64 3x3 pad 1', n: 8, c: 64, h: 32, w: 32, o: 64, k: 3, pad: 1, backends: ['wasm'] },
];

export async function run(ctx) {
  const rows = [];
  for (const s of SHAPES) rows.push(await convRow(ctx, s));
  return rows;
}

/** Deterministic inputs in [-1, 1), so both libraries see the same numbers. */
function data(count, seed) {
  const out = new Float32Array(count);
  let a = seed >>> 0;
  for (let i = 0; i < count; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a / 2 ** 31 - 1;
  }
  return out;
}

async function convRow(ctx, s) {
  const { lib: { nd }, tf } = ctx;
  const ho = s.h + 2 * s.pad - s.k + 1, wo = s.w + 2 * s.pad - s.k + 1;
  const flops = 2 * s.n * s.o * s.c * s.k * s.k * ho * wo;
  const xData = data(s.n * s.c * s.h * s.w, 1), wData = data(s.o * s.c * s.k * s.k, 2); // NCHW, OIHW
  const xNhwc = new Float32Array(xData.length), wHwio = new Float32Array(wData.length);
  for (let n = 0; n < s.n; n++) for (let c = 0; c < s.c; c++) for (let i = 0; i < s.h * s.w; i++) xNhwc[(n * s.h * s.w + i) * s.c + c] = xData[(n * s.c + c) * s.h * s.w + i];
  for (let o = 0; o < s.o; o++) for (let c = 0; c < s.c; c++) for (let i = 0; i < s.k * s.k; i++) wHwio[(i * s.c + c) * s.o + o] = wData[(o * s.c + c) * s.k * s.k + i];
  // plain-JS value of output (n, o, i, j), for the spot checks
  const ref = (n, o, i, j) => {
    let acc = 0;
    for (let c = 0; c < s.c; c++) {
      for (let a = 0; a < s.k; a++) {
        for (let b = 0; b < s.k; b++) {
          const y = i + a - s.pad, x = j + b - s.pad;
          if (y >= 0 && y < s.h && x >= 0 && x < s.w) acc += xData[((n * s.c + c) * s.h + y) * s.w + x] * wData[((o * s.c + c) * s.k + a) * s.k + b];
        }
      }
    }
    return acc;
  };
  const spots = [[0, 0, 0, 0], [s.n - 1, s.o - 1, ho - 1, wo - 1], [s.n >> 1, s.o >> 1, ho >> 1, wo >> 2]];
  const check = (who, at) => {
    for (const [n, o, i, j] of spots) {
      const got = at(n, o, i, j), want = ref(n, o, i, j);
      if (!(Math.abs(got - want) <= 1e-3 * (1 + Math.abs(want)))) throw new Error(`bench: ${who} conv2d ${s.id} at (${n}, ${o}, ${i}, ${j}) = ${got}, want ${want}`);
    }
  };
  const x = nd.array(xData, { shape: [s.n, s.c, s.h, s.w] });
  const w = nd.array(wData, { shape: [s.o, s.c, s.k, s.k] });
  const ours = () => nd.conv2d(x, w, null, { padding: s.pad });
  const oursAt = (v) => (n, o, i, j) => v[((n * s.o + o) * ho + i) * wo + j];
  const contenders = [{
    name: 'ours',
    once: () => ours().dispose(),
    last: () => { const y = ours(); check('ours', oursAt(y.toFloat32Array())); y.dispose(); },
  }];
  const tensors = [];
  for (const backend of s.backends) {
    await use(tf, backend);
    const tx = tf.tensor4d(xNhwc, [s.n, s.h, s.w, s.c]), tw = tf.tensor4d(wHwio, [s.k, s.k, s.c, s.o]);
    tensors.push(tx, tw);
    const theirs = () => tf.conv2d(tx, tw, 1, s.pad ? 'same' : 'valid');
    const theirsAt = (v) => (n, o, i, j) => v[((n * ho + i) * wo + j) * s.o + o];
    contenders.push({
      name: `tfjs-${backend}`,
      enter: () => use(tf, backend),
      once: () => theirs().dispose(),
      last: () => { const y = theirs(); check(`tfjs-${backend}`, theirsAt(y.dataSync())); y.dispose(); },
    });
  }
  for (const c of contenders) { await c.enter?.(); c.last(); } // correctness before any timing
  const { ms, reps } = await interleave(contenders, { rounds: ctx.rounds, batchMs: ctx.batchMs });
  x.dispose();
  w.dispose();
  for (const t of tensors) t.dispose();
  return makeRow({
    family: 'conv', id: s.id, label: s.label, unit: { name: 'GFLOPS', perCall: flops / 1e9 }, ms, reps,
    notes: s.backends.includes('cpu') ? ['NCHW (ours) vs NHWC (tfjs)'] : ['NCHW (ours) vs NHWC (tfjs)', 'tfjs-cpu skipped: ~1 s per call'],
  });
}
