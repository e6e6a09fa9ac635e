// The contenders of the "limits" rows, for Node (bench/cases/limits.mjs) and Chromium
// (bench/browser/cases.mjs) alike: X is an instance of bench/limits/probe.ts. Each contender is
// { name, flops?, once, last } as bench/lib/timing.mjs's interleave takes them; every `last` checks
// its result against plain JS, so a loop that skipped its work cannot give a number.

const KC = 256; // the GEMM's k block (assembly/gemm.ts KC): one strip is KC steps
const STEP_FLOPS = 64; // 8 f32x4 accumulators, a mul and an add each
const L2_PANELS = 64; // the GEMM's B block at NC = 512: 64 panels of KC x 8 floats (512 KiB)
const REPS = 1024; // strip sweeps a call: 16.8 MFLOP, a few ms

/** A bump allocator over the probe's memory (the probe frees nothing). */
export function probeHeap(X) {
  let top = Math.ceil(X.heapBase() / 64) * 64;
  return (bytes) => {
    const ptr = top;
    top = Math.ceil((top + bytes) / 64) * 64;
    const need = top - X.memory.buffer.byteLength;
    if (need > 0) X.memory.grow(Math.ceil(need / 65536));
    return ptr;
  };
}

/**
 * The peak loop (fma_peak_f32, `peakIters` iterations of `peakFlopsPerIter`) and the GEMM
 * micro-kernel: with 3 and 4 loads a step, and as shipped (6) with all data in L1 and with its B
 * block in L2. Packed operands
 * hold dyadic values, so every float32 sum is exact and checked for equality.
 */
export function ceilingContenders(X, alloc, { peakIters, peakFlopsPerIter }) {
  const pa = alloc(KC * 64), pb = alloc(KC * 32 * L2_PANELS), c = alloc(32 * 4 * L2_PANELS);
  const f = new Float32Array(X.memory.buffer);
  // A strip: row r's value broadcast at byte 16r of each 64-byte step; B: panels of KC x 8 floats
  const aValue = (p, r) => (((p + r) % 3) + 1) * 0.5;
  const bValue = (q, p, j) => (((q + p + j) % 5) - 2) * 0.25;
  for (let p = 0; p < KC; p++) for (let r = 0; r < 4; r++) f.fill(aValue(p, r), (pa >> 2) + p * 16 + r * 4, (pa >> 2) + p * 16 + r * 4 + 4);
  for (let q = 0; q < L2_PANELS; q++) for (let p = 0; p < KC; p++) for (let j = 0; j < 8; j++) f[(pb >> 2) + (q * KC + p) * 8 + j] = bValue(q, p, j);
  /** The 4x8 tile at `at` (rows 8 floats apart) against plain JS: row r used A row rowOf(r), B panel q. */
  const check = (name, at, q, rowOf) => {
    const got = new Float32Array(X.memory.buffer, at, 32);
    for (let r = 0; r < 4; r++) {
      for (let j = 0; j < 8; j++) {
        let want = 0;
        for (let p = 0; p < KC; p++) want += aValue(p, rowOf(r)) * bValue(q, p, j);
        if (got[r * 8 + j] !== want) throw new Error(`bench (limits): ${name} tile (${r}, ${j}) = ${got[r * 8 + j]}, want ${want}`);
      }
    }
  };
  const loop = (name, call, verify) => ({ name, flops: STEP_FLOPS * KC * REPS, once: call, last: () => { call(); verify(); } });
  let sink = 0;
  return [
    {
      name: 'peak',
      flops: peakFlopsPerIter * peakIters,
      once: () => { sink += X.fma_peak_f32(peakIters); },
      last: () => { sink += X.fma_peak_f32(peakIters); if (!Number.isFinite(sink)) throw new Error('bench (limits): fma_peak_f32 not finite'); },
    },
    loop('loads3', () => X.loads3_l1(REPS, KC, pa, pb, 32, c), () => check('loads3', c, 0, () => 0)),
    loop('loads4', () => X.loads4_l1(REPS, KC, pa, pb, 32, c), () => check('loads4', c, 0, (r) => r % 2)),
    loop('micro', () => X.micro(REPS, 1, KC, pa, pb, 32, 0, c), () => check('micro', c, 0, (r) => r)),
    // 64 panels a call, tile q at c + 32q with rows 32 bytes apart: the tiles overlap, so only the
    // last one written (panel 63's) is whole
    loop('microL2', () => X.micro(REPS / L2_PANELS, L2_PANELS, KC, pa, pb, 32, KC * 32, c), () => check('microL2', c + 32 * (L2_PANELS - 1), L2_PANELS - 1, (r) => r)),
  ];
}

/**
 * Over one copy of the two arrays in the probe's memory: `roof`, o = a | b (add's traffic, no
 * arithmetic), and `kernel`, the shipped add_f32 on the same buffers. Their last calls read the
 * whole result back, as the add contenders' toFloat32Array / dataSync do.
 */
export function streamContenders(X, alloc, aData, bData) {
  const n = aData.length;
  if (n % 32 !== 0) throw new Error('bench (limits): stream_or needs a multiple of 32 floats');
  const pa = alloc(n * 4), pb = alloc(n * 4), po = alloc(n * 4), meta = alloc(16);
  new Float32Array(X.memory.buffer, pa, n).set(aData);
  new Float32Array(X.memory.buffer, pb, n).set(bData);
  new Int32Array(X.memory.buffer, meta, 3).set([n, 1, 1]); // add_f32's flat meta: shape (n,), strides 1, 1
  const out = () => new Float32Array(X.memory.buffer, po, n).slice();
  const spots = [0, 1, n >> 1, n - 1];
  const ai = new Int32Array(aData.buffer, aData.byteOffset, n), bi = new Int32Array(bData.buffer, bData.byteOffset, n);
  const roof = () => X.stream_or(pa, pb, po, n);
  const kernel = () => X.add_f32(pa, pb, po, 1, meta);
  return [
    {
      name: 'roof',
      once: roof,
      last: () => {
        roof();
        const o = new Int32Array(out().buffer);
        for (const i of spots) if (o[i] !== (ai[i] | bi[i])) throw new Error(`bench (limits): stream_or[${i}] = ${o[i]}, want ${ai[i] | bi[i]}`);
      },
    },
    {
      name: 'kernel',
      once: kernel,
      last: () => {
        kernel();
        const o = out();
        for (const i of spots) if (o[i] !== Math.fround(aData[i] + bData[i])) throw new Error(`bench (limits): add_f32[${i}] = ${o[i]}, want ${Math.fround(aData[i] + bData[i])}`);
      },
    },
  ];
}

/** nd.dot's GEMM (the public path the GEMM targets are measured on), as a contender. */
export function gemmContender(nd, a, b) {
  const [m, k] = a.shape, n = b.shape[1];
  const A = a.toFloat32Array(), B = b.toFloat32Array();
  return {
    name: 'gemm',
    flops: 2 * m * n * k,
    once: () => nd.dot(a, b).dispose(),
    last: () => {
      const y = nd.dot(a, b);
      const c = y.toFloat32Array();
      y.dispose();
      // float64 dot products at a few entries: inputs in [0, 1), so the error stays under 1e-5 * k
      for (const [i, j] of [[0, 0], [m - 1, n - 1], [m >> 1, n >> 2]]) {
        let want = 0;
        for (let p = 0; p < k; p++) want += A[i * k + p] * B[p * n + j];
        if (!(Math.abs(c[i * n + j] - want) <= 1e-5 * k)) throw new Error(`bench (limits): GEMM ${m}x${n}x${k} C[${i},${j}] = ${c[i * n + j]}, want ${want}`);
      }
    },
  };
}
