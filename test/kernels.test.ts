// Kernel tables: every SIMD kernel against its scalar twin and a plain-JS reference, for lengths
// 1 … 2·tile+1 (the tile is 16 floats: 4 unrolled f32x4), odd shapes, and in-place aliasing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { wasm, alloc, free, f32, i32 } from '../src/wasm';
import { assertBitEqual, assertClose, rng } from './helpers/reference';

const TILE = 16;
const lengths = [...Array(2 * TILE + 1).keys()].map((i) => i + 1).concat([63, 64, 65, 257, 1001]);
const r = rng(1);

function block(values: Float32Array): number {
  const p = alloc(values.length * 4 + 16);
  f32(p, values.length).set(values);
  return p;
}
const read = (p: number, n: number) => f32(p, n).slice();
const randomValues = (n: number, lo = -3, hi = 3) => Float32Array.from({ length: n }, () => lo + (hi - lo) * r());

const unary: [string, (x: number) => number, number, number][] = [
  ['neg', (x) => -x, -3, 3], ['abs', Math.abs, -3, 3], ['square', (x) => x * x, -3, 3], ['sqrt', Math.sqrt, 0, 9],
  ['rsqrt', (x) => 1 / Math.sqrt(x), 0.1, 9], ['reciprocal', (x) => 1 / x, 0.5, 3], ['relu', (x) => Math.max(x, 0), -3, 3],
  ['floor', Math.floor, -3, 3], ['ceil', Math.ceil, -3, 3], ['trunc', Math.trunc, -3, 3], ['sign', Math.sign, -3, 3],
  ['round', (x) => Math.sign(x) * Math.floor(Math.abs(x) + 0.5), -3, 3],
  ['exp', Math.exp, -5, 5], ['log', Math.log, 0.01, 10], ['log1p', Math.log1p, -0.5, 10], ['expm1', Math.expm1, -3, 3],
  ['sin', Math.sin, -6, 6], ['cos', Math.cos, -6, 6], ['tanh', Math.tanh, -5, 5], ['sigmoid', (x) => 1 / (1 + Math.exp(-x)), -8, 8],
  ['softrelu', (x) => Math.log1p(Math.exp(x)), -8, 8], ['softsign', (x) => x / (1 + Math.abs(x)), -5, 5], ['copy', (x) => x, -3, 3],
];

for (const [name, ref, lo, hi] of unary) {
  test(`unary ${name}: SIMD = scalar twin = JS reference, all lengths, in place`, () => {
    const k = wasm();
    for (const n of lengths) {
      const x = randomValues(n, lo, hi);
      const px = block(x), po = alloc(n * 4 + 16), ps = alloc(n * 4 + 16);
      k[`${name}_f32`](px, po, n);
      k[`${name}_f32_scalar`](px, ps, n);
      const got = read(po, n);
      assertBitEqual(got, read(ps, n), `${name} n=${n} vs scalar`);
      assertClose(got, Float32Array.from(x, ref), 2e-6, 1e-7, `${name} n=${n} vs JS`);
      k[`${name}_f32`](px, px, n); // in place
      assertBitEqual(read(px, n), got, `${name} n=${n} in place`);
      free(px, n * 4 + 16); free(po, n * 4 + 16); free(ps, n * 4 + 16);
    }
  });
}

const binary: [string, (a: number, b: number) => number][] = [
  ['add', (a, b) => a + b], ['sub', (a, b) => a - b], ['mul', (a, b) => a * b], ['div', (a, b) => a / b],
  ['maximum', Math.max], ['minimum', Math.min], ['pow', (a, b) => Math.pow(Math.abs(a), b)],
  ['equal', (a, b) => +(a === b)], ['not_equal', (a, b) => +(a !== b)], ['greater', (a, b) => +(a > b)],
  ['greater_equal', (a, b) => +(a >= b)], ['lesser', (a, b) => +(a < b)], ['lesser_equal', (a, b) => +(a <= b)],
];

/** Writes meta for a 2-D broadcast (rows x n) with the given per-axis strides. */
function meta(shape: number[], sa: number[], sb: number[]): number {
  const p = alloc(256);
  i32(p, shape.length * 3).set([...shape, ...sa, ...sb]);
  return p;
}

for (const [name, ref] of binary) {
  test(`binary ${name}: contiguous, scalar-broadcast and row-broadcast, SIMD = scalar twin = JS`, () => {
    const k = wasm();
    for (const n of lengths) {
      const rows = 3;
      let a = randomValues(rows * n), b = randomValues(rows * n);
      if (name === 'pow') a = a.map(Math.abs);
      if (name.includes('equal')) b = b.map((v, i) => (i % 3 === 0 ? a[i] : v)); // some ties
      const pa = block(a), pb = block(b), po = alloc(rows * n * 4 + 16), ps = alloc(rows * n * 4 + 16);
      const cases: [number[], number[], (i: number, j: number) => [number, number]][] = [
        [[n, 1], [n, 1], (i, j) => [a[i * n + j], b[i * n + j]]], // same shape, strides (n,1)
        [[0, 0], [n, 1], (i, j) => [a[0], b[i * n + j]]], // scalar a
        [[n, 1], [0, 0], (i, j) => [a[i * n + j], b[0]]], // scalar b
        [[n, 1], [0, 1], (i, j) => [a[i * n + j], b[j]]], // b broadcast over rows
        [[1, 0], [n, 1], (i, j) => [a[i], b[i * n + j]]], // a a column broadcast over columns
        [[1, rows], [n, 1], (i, j) => [a[j * rows + i], b[i * n + j]]], // a transposed (strided inner axis)
      ];
      for (const [sa, sb, pick] of cases) {
        const m = meta([rows, n], sa, sb);
        k[`${name}_f32`](pa, pb, po, 2, m);
        k[`${name}_f32_scalar`](pa, pb, ps, 2, m);
        const got = read(po, rows * n);
        assertBitEqual(got, read(ps, rows * n), `${name} n=${n} strides ${sa}/${sb} vs scalar`);
        const want = new Float32Array(rows * n);
        for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) want[i * n + j] = ref(...pick(i, j));
        assertClose(got, want, 2e-6, 1e-7, `${name} n=${n} strides ${sa}/${sb} vs JS`);
        free(m, 256);
      }
      // in place: o aliases a
      const m = meta([rows * n], [1], [1]);
      k[`${name}_f32`](pa, pb, po, 1, m);
      const expect = read(po, rows * n);
      k[`${name}_f32`](pa, pb, pa, 1, m);
      assertBitEqual(read(pa, rows * n), expect, `${name} n=${n} in place`);
      free(m, 256);
      [pa, pb, po, ps].forEach((p) => free(p, rows * n * 4 + 16));
    }
  });
}

for (const name of ['sum', 'prod', 'max', 'min', 'sumsq']) {
  test(`reduce ${name}: (outer, r, inner) for all r and inner 1/odd, SIMD vs scalar twin vs float64`, () => {
    const k = wasm();
    for (const rlen of lengths.slice(0, 40)) {
      for (const inner of [1, 3, 17]) {
        const outer = 2;
        const x = randomValues(outer * rlen * inner, name === 'prod' ? 0.8 : -3, name === 'prod' ? 1.25 : 3);
        const px = block(x), po = alloc(outer * inner * 4 + 16), ps = alloc(outer * inner * 4 + 16);
        k[`${name}_f32`](px, po, outer, rlen, inner);
        k[`${name}_f32_scalar`](px, ps, outer, rlen, inner);
        const want = new Float64Array(outer * inner);
        for (let p = 0; p < outer; p++) for (let j = 0; j < inner; j++) {
          let acc = name === 'prod' ? 1 : name === 'max' ? -Infinity : name === 'min' ? Infinity : 0;
          for (let t = 0; t < rlen; t++) {
            const v = x[(p * rlen + t) * inner + j];
            acc = name === 'sum' ? acc + v : name === 'prod' ? acc * v : name === 'max' ? Math.max(acc, v) : name === 'min' ? Math.min(acc, v) : acc + v * v;
          }
          want[p * inner + j] = acc;
        }
        assertClose(read(po, outer * inner), want, 1e-5, 1e-5, `${name} r=${rlen} inner=${inner} SIMD`);
        assertClose(read(ps, outer * inner), want, 1e-5, 1e-5, `${name} r=${rlen} inner=${inner} scalar`);
        free(px, x.length * 4 + 16); free(po, outer * inner * 4 + 16); free(ps, outer * inner * 4 + 16);
      }
    }
  });
}

test('argext: first extreme index, NaN wins', () => {
  const k = wasm();
  const x = Float32Array.from([1, 5, 5, -2, 0, NaN, 3, 3]);
  const px = block(x), po = alloc(64);
  k.argext_f32(px, po, 1, 8, 1, 1);
  assert.is(read(po, 1)[0], 5, 'NaN position wins for argmax');
  k.argext_f32(px, po, 1, 5, 1, 1);
  assert.is(read(po, 1)[0], 1, 'first maximum');
  k.argext_f32(px, po, 1, 5, 1, -1);
  assert.is(read(po, 1)[0], 3, 'argmin');
  k.argext_f32(px, po, 2, 2, 2, 1); // (2, 2, 2): [[1,5],[5,-2]] [[0,NaN],[3,3]] along the middle axis
  assert.equal([...read(po, 4)], [1, 0, 1, 0]); // NaN at position 0 of the last column wins
  free(px, 48); free(po, 64);
});

test('act_grad_f32: g · act\'(x) from the output y for every activation code, all lengths, against float64', () => {
  // codes as src/nd/ops/nn.ts: 0 none (copy), 1 relu, 2 sigmoid, 3 tanh, 4 softrelu, 5 softsign
  const acts: [number, (x: number) => number, (x: number) => number][] = [
    [0, (x) => x, () => 1],
    [1, (x) => Math.max(x, 0), (x) => (x > 0 ? 1 : 0)],
    [2, (x) => 1 / (1 + Math.exp(-x)), (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2],
    [3, Math.tanh, (x) => 1 - Math.tanh(x) ** 2],
    [4, (x) => Math.log1p(Math.exp(x)), (x) => 1 / (1 + Math.exp(-x))],
    [5, (x) => x / (1 + Math.abs(x)), (x) => 1 / (1 + Math.abs(x)) ** 2],
  ];
  const k = wasm();
  for (const [code, f, df] of acts) {
    for (const n of lengths) {
      const x = randomValues(n, -4, 4), g = randomValues(n);
      const y = Float32Array.from(x, f);
      const py = block(y), pg = block(g), po = alloc(n * 4 + 16);
      k.act_grad_f32(pg, py, po, n, code);
      // the kernel sees y in float32: compare with the derivative at the x that y stands for
      assertClose(read(po, n), Float64Array.from(x, (v, i) => g[i] * df(v)), 2e-5, 2e-6, `code ${code} n=${n}`);
      [py, pg, po].forEach((p) => free(p, n * 4 + 16));
    }
  }
});

test('clip and where: all lengths, NaN passes through clip', () => {
  const k = wasm();
  for (const n of lengths) {
    const x = randomValues(n);
    x[0] = NaN;
    const px = block(x), po = alloc(n * 4 + 16);
    k.clip_f32(px, po, n, -1, 1.5);
    assertBitEqual(read(po, n), Float32Array.from(x, (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, -1), 1.5))), `clip n=${n}`);
    const c = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? 2 : -0.5));
    const y = randomValues(n);
    const pc = block(c), py = block(y);
    k.where_f32(pc, px, py, po, n);
    assertBitEqual(read(po, n), Float32Array.from(c, (v, i) => (v !== 0 ? x[i] : y[i])), `where n=${n}`);
    [px, po, pc, py].forEach((p) => free(p, n * 4 + 16));
  }
});

test.run();
