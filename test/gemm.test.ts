// gemm_f32: the packed SIMD kernel and its scalar twin, both against a float64 plain-JS product.
// Table-driven: every m, n over 1..2*tile+1 (tile 4x8) with several k, the cache-block edges of
// assembly/gemm.ts (KC = 256 steps, NC = 512 columns, DIRECT_B_MAX_M = 32 rows, the C^T
// orientation for skinny n), all four transpose combinations, leading dims larger than the rows,
// products around the switch to the dot-product path (DOT_MAX_M = 12), accumulate on and off,
// k = 0 and empty m or n.
// Padding columns of A and B and guard zones after every block hold NaN, so a read outside
// op(A)/op(B) poisons the result; padding columns and guards of C hold a sentinel that must survive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rng } from './helpers/reference';
import { wasm, alloc, free, f32, scratch } from '../src/wasm';

const GUARD = 16; // floats after each block
const SENTINEL = 12345.5;


interface Case {
  m: number; n: number; k: number;
  transA: number; transB: number;
  accumulate: number;
  padA?: number; padB?: number; padC?: number; // extra columns in each stored row
}

type Kernel = 'gemm_f32' | 'gemm_f32_scalar';

/** A stored matrix: rows x ld floats, the first `cols` of each row random, the rest NaN. */
function matrix(rows: number, cols: number, ld: number, fill: () => number, pad: number): { ptr: number; bytes: number; host: Float64Array } {
  const count = rows * ld + GUARD;
  const bytes = count * 4;
  const ptr = alloc(bytes);
  const view = f32(ptr, count);
  view.fill(pad);
  const host = new Float64Array(rows * ld);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const v = Math.fround(fill());
      view[r * ld + q] = v;
      host[r * ld + q] = v;
    }
  }
  return { ptr, bytes, host };
}

/** Runs one case through `kernel`; returns the failures found (empty when it passes). */
function check(kernel: Kernel, cs: Case, seed: number): string[] {
  const { m, n, k, transA, transB, accumulate } = cs;
  const next = rng(seed);
  const uniform = () => next() * 2 - 1;
  // storage shapes: A is m x k (k x m when transposed), B is k x n (n x k when transposed)
  const aRows = transA ? k : m, aCols = transA ? m : k;
  const bRows = transB ? n : k, bCols = transB ? k : n;
  const lda = aCols + (cs.padA ?? 0), ldb = bCols + (cs.padB ?? 0), ldc = n + (cs.padC ?? 0);
  const A = matrix(aRows, aCols, Math.max(lda, 1), uniform, NaN);
  const B = matrix(bRows, bCols, Math.max(ldb, 1), uniform, NaN);
  const C = matrix(m, n, Math.max(ldc, 1), uniform, SENTINEL);
  const at = (i: number, p: number) => (transA ? A.host[p * lda + i] : A.host[i * lda + p]);
  const bt = (p: number, j: number) => (transB ? B.host[j * ldb + p] : B.host[p * ldb + j]);
  const packBytes = wasm().gemm_f32_scratch_bytes();
  const pack = scratch('gemm', packBytes);
  const failures: string[] = [];
  try {
    wasm()[kernel](m, n, k, A.ptr, lda, transA, B.ptr, ldb, transB, C.ptr, ldc, accumulate, pack);
    const got = f32(C.ptr, m * Math.max(ldc, 1) + GUARD);
    const name = `${kernel} m=${m} n=${n} k=${k} transA=${transA} transB=${transB} lda=${lda} ldb=${ldb} ldc=${ldc} acc=${accumulate}`;
    for (let i = 0; i < m && failures.length < 3; i++) {
      for (let j = 0; j < n && failures.length < 3; j++) {
        let sum = 0, mag = 0;
        for (let p = 0; p < k; p++) {
          const t = at(i, p) * bt(p, j);
          sum += t;
          mag += Math.abs(t);
        }
        const c0 = C.host[i * ldc + j];
        if (accumulate) { sum += c0; mag += Math.abs(c0); }
        // f32 summation error bound: (k + 2) unit roundoffs of the magnitude sum (Higham 3.1)
        const tol = (k + 2) * 2 ** -23 * mag + 1e-30;
        const v = got[i * ldc + j];
        if (!(Math.abs(v - sum) <= tol)) failures.push(`${name}: C[${i},${j}] = ${v}, expected ${sum} (tol ${tol.toExponential(2)})`);
      }
      for (let j = n; j < ldc && failures.length < 3; j++) {
        if (got[i * ldc + j] !== SENTINEL) failures.push(`${name}: padding C[${i},${j}] was overwritten with ${got[i * ldc + j]}`);
      }
    }
    for (let g = 0; g < GUARD; g++) {
      const v = got[m * Math.max(ldc, 1) + g];
      if (v !== SENTINEL) { failures.push(`${name}: guard after C overwritten at +${g}: ${v}`); break; }
    }
  } finally {
    free(A.ptr, A.bytes);
    free(B.ptr, B.bytes);
    free(C.ptr, C.bytes);
  }
  return failures;
}

const TRANS: Array<[number, number]> = [[0, 0], [1, 0], [0, 1], [1, 1]];

function runTable(cases: Case[], label: string): void {
  let seed = 1;
  const failures: string[] = [];
  for (const cs of cases) {
    for (const kernel of ['gemm_f32', 'gemm_f32_scalar'] as Kernel[]) {
      failures.push(...check(kernel, cs, seed));
      if (failures.length >= 5) break;
    }
    seed++;
    if (failures.length >= 5) break;
  }
  assert.equal(failures, [], `${label}: ${failures.length} failing checks`);
}

test('every m, n in 1..2*tile+1 (tile 4x8), small k, all transposes, accumulate on/off', () => {
  const cases: Case[] = [];
  for (let m = 1; m <= 9; m++) {
    for (let n = 1; n <= 17; n++) {
      for (const k of [1, 3, 4, 7]) {
        for (const [transA, transB] of TRANS) cases.push({ m, n, k, transA, transB, accumulate: (m + n + k) & 1 });
      }
    }
  }
  runTable(cases, 'small shapes');
});

test('accumulate on and off give C = AB and C += AB for the same shapes', () => {
  const cases: Case[] = [];
  for (const [m, n, k] of [[5, 13, 9], [12, 16, 33], [3, 40, 17], [33, 6, 20]]) {
    for (const [transA, transB] of TRANS) for (const accumulate of [0, 1]) cases.push({ m, n, k, transA, transB, accumulate });
  }
  runTable(cases, 'accumulate');
});

test('leading dimensions larger than the stored rows (lda > k etc.)', () => {
  const cases: Case[] = [];
  for (const [m, n, k] of [[7, 11, 13], [16, 24, 32], [9, 3, 50], [2, 37, 6], [2, 24, 5], [6, 41, 9], [34, 24, 7], [14, 40, 6], [18, 25, 3], [5, 24, 7], [1, 40, 3], [13, 56, 4]]) {
    for (const [transA, transB] of TRANS) {
      for (const accumulate of [0, 1]) cases.push({ m, n, k, transA, transB, accumulate, padA: 3, padB: 5, padC: 2 });
    }
  }
  runTable(cases, 'leading dims');
});

test('cache-block edges: k around KC=256, n around NC=512, m around the direct-B limit 32', () => {
  const cases: Case[] = [];
  for (const k of [255, 256, 257, 513]) cases.push({ m: 6, n: 9, k, transA: 0, transB: 0, accumulate: 0 }, { m: 13, n: 17, k, transA: 1, transB: 1, accumulate: 1 });
  for (const n of [511, 512, 513, 1030]) {
    for (const [transA, transB] of TRANS) {
      cases.push({ m: 5, n, k: 3, transA, transB, accumulate: n & 1 }, { m: 21, n, k: 2, transA, transB, accumulate: 1 });
    }
  }
  for (const m of [32, 33]) {
    for (const [transA, transB] of TRANS) cases.push({ m, n: 64, k: 10, transA, transB, accumulate: 1, padB: 1 });
  }
  runTable(cases, 'block edges');
});

test('skinny products that run as C^T = B^T A^T (n small, m large), with padded C', () => {
  const cases: Case[] = [];
  for (const [m, n, k] of [[64, 5, 30], [37, 10, 19], [128, 1, 8], [29, 3, 260]]) {
    for (const [transA, transB] of TRANS) {
      for (const accumulate of [0, 1]) cases.push({ m, n, k, transA, transB, accumulate, padC: 3, padA: 1 });
    }
  }
  runTable(cases, 'transposed orientation');
});

test('dot products up to 12 rows or columns (A·B^T; A·B, A^T·B^T via a copy), the packed kernel beyond', () => {
  const cases: Case[] = [];
  for (const [m, n, k] of [[12, 40, 9], [13, 40, 9], [40, 12, 13], [40, 13, 13], [17, 18, 5], [1, 300, 784], [300, 3, 7], [5, 5, 1], [6, 50, 30], [50, 7, 30]]) {
    for (const [transA, transB] of TRANS) {
      for (const accumulate of [0, 1]) cases.push({ m, n, k, transA, transB, accumulate, padA: 1, padB: 2, padC: 1 });
    }
  }
  runTable(cases, 'dot / packed switch');
});

test('MLP shapes: 128x784·(256x784)^T, (128x256)^T·128x784, 128x256·256x10', () => {
  runTable([
    { m: 128, n: 256, k: 784, transA: 0, transB: 1, accumulate: 0 },
    { m: 256, n: 784, k: 128, transA: 1, transB: 0, accumulate: 1 },
    { m: 128, n: 10, k: 256, transA: 0, transB: 0, accumulate: 0 },
    { m: 2, n: 256, k: 20, transA: 0, transB: 0, accumulate: 0 },
  ], 'mlp');
});

test('k = 0 writes zeros, or leaves C unchanged when accumulating; m or n = 0 touches nothing', () => {
  const pack = scratch('gemm', wasm().gemm_f32_scratch_bytes());
  for (const kernel of ['gemm_f32', 'gemm_f32_scalar'] as Kernel[]) {
    for (const accumulate of [0, 1]) {
      const m = 3, n = 5, ldc = 7, count = m * ldc + GUARD;
      const c = alloc(count * 4);
      const init = Array.from({ length: count }, (_, i) => (i % ldc < n && i < m * ldc ? i + 0.25 : SENTINEL));
      f32(c, count).set(init);
      wasm()[kernel](m, n, 0, 0, 1, 0, 0, 1, 0, c, ldc, accumulate, pack);
      const expected = init.map((v, i) => (accumulate || i % ldc >= n || i >= m * ldc ? v : 0));
      assert.equal(Array.from(f32(c, count)), expected, `${kernel} k=0 accumulate=${accumulate}`);
      f32(c, count).set(init);
      wasm()[kernel](0, n, 4, 0, 4, 0, 0, n, 0, c, ldc, accumulate, pack);
      wasm()[kernel](m, 0, 4, 0, 4, 0, 0, 1, 0, c, ldc, accumulate, pack);
      assert.equal(Array.from(f32(c, count)), init, `${kernel} m=0 / n=0 accumulate=${accumulate}`);
      free(c, count * 4);
    }
  }
});

test('the SIMD kernel computes exactly representable products exactly', () => {
  // small integers: every partial sum is exact in f32, so both kernels must match the f64 result bit for bit
  const m = 11, n = 19, k = 37;
  const pack = scratch('gemm', wasm().gemm_f32_scratch_bytes());
  for (const [transA, transB] of TRANS) {
    const a = alloc(m * k * 4), b = alloc(k * n * 4), c = alloc(m * n * 4);
    const av = f32(a, m * k), bv = f32(b, k * n);
    for (let i = 0; i < m * k; i++) av[i] = ((i * 7) % 9) - 4;
    for (let i = 0; i < k * n; i++) bv[i] = ((i * 5) % 7) - 3;
    const lda = transA ? m : k, ldb = transB ? k : n;
    wasm().gemm_f32(m, n, k, a, lda, transA, b, ldb, transB, c, n, 0, pack);
    const got = Array.from(f32(c, m * n));
    const want: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (transA ? av[p * lda + i] : av[i * lda + p]) * (transB ? bv[j * ldb + p] : bv[p * ldb + j]);
        want.push(s);
      }
    }
    assert.equal(got, want, `transA=${transA} transB=${transB}`);
    free(a, m * k * 4); free(b, k * n * 4); free(c, m * n * 4);
  }
});

test('fma_peak_f32 does all its work: 8 chains of float32 mul+add, summed as the kernel sums them', () => {
  // assembly/gemm.ts PEAK_DATA: x = its first 4 values broadcast, (b0, b1) alternate between
  // floats 0-7 and 8-15; a plain-JS float32 transcription of every step
  const data = [1.0, 0.5, 0.25, 0.125, -1.0, -0.5, -0.25, -0.125, 0.75, -0.5, 0.375, -0.25, 2.0, -1.0, 1.5, -0.5];
  const f = Math.fround;
  const peak = (iters: number) => {
    const c = Array.from({ length: 8 }, () => [0, 0, 0, 0]); // c[2r + h]: row r, half h
    for (let i = 0; i < iters; i++) {
      const base = (i & 1) * 8;
      for (let r = 0; r < 4; r++) {
        for (let h = 0; h < 2; h++) {
          for (let l = 0; l < 4; l++) c[2 * r + h][l] = f(c[2 * r + h][l] + f(data[r] * data[base + 4 * h + l]));
        }
      }
    }
    const add = (a: number[], b: number[]) => a.map((v, l) => f(v + b[l]));
    const s = add(add(add(c[0], c[1]), add(c[2], c[3])), add(add(c[4], c[5]), add(c[6], c[7])));
    return f(f(f(s[0] + s[1]) + s[2]) + s[3]);
  };
  for (const iters of [1, 2, 7, 1000]) assert.is(wasm().fma_peak_f32(iters), peak(iters), `fma_peak_f32(${iters})`);
});

test.run();
