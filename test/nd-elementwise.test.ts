// Elementwise ops through the NDArray API: numpy broadcasting in every direction, number
// operands on either side, comparisons as 1/0, against plain-JS references.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as ew from '../src/nd/ops/elementwise';
import { array, arange, zeros } from '../src/nd/creation';
import { assertClose, assertShape, nd, randomData, refBinary, rng, sizeOf } from './helpers/reference';

const r = rng(11);
const shapePairs: [number[], number[]][] = [
  [[5], [5]], [[1], [7]], [[7], [1]], [[3, 4], [4]], [[4], [3, 4]], [[3, 1], [1, 4]], [[1, 4], [3, 1]],
  [[2, 3, 4], [3, 1]], [[2, 1, 4], [1, 3, 1]], [[2, 3, 4], [2, 3, 4]], [[6, 1, 5, 1], [1, 4, 1, 3]], [[17, 33], [33]], [[33, 17], [33, 1]],
  [[2, 0, 3], [3]], [[0], [1]],
];
const ops: [keyof typeof ew, (a: number, b: number) => number][] = [
  ['add', (a, b) => a + b], ['sub', (a, b) => a - b], ['mul', (a, b) => a * b], ['div', (a, b) => a / b],
  ['maximum', Math.max], ['minimum', Math.min], ['equal', (a, b) => +(a === b)], ['notEqual', (a, b) => +(a !== b)],
  ['greater', (a, b) => +(a > b)], ['greaterEqual', (a, b) => +(a >= b)], ['lesser', (a, b) => +(a < b)], ['lesserEqual', (a, b) => +(a <= b)],
];

for (const [name, f] of ops) {
  test(`${name}: broadcasting in every direction matches numpy's rule`, () => {
    for (const [as, bs] of shapePairs) {
      const a = randomData(as, r), b = randomData(bs, r);
      if (name.toLowerCase().includes('equal')) for (let i = 0; i < Math.min(a.length, b.length); i += 2) b[i] = a[i];
      const x = nd(a, as), y = nd(b, bs);
      const out = (ew[name] as (p: unknown, q: unknown) => ReturnType<typeof ew.add>)(x, y);
      const want = refBinary(a, as, b, bs, f);
      assertShape(out, want.shape, `${name} ${as} ${bs}`);
      assertClose(out.toFloat32Array(), want.data, 1e-6, 0, `${name} ${as} ${bs}`);
      [x, y, out].forEach((t) => t.dispose());
    }
  });
}

test('number operands on either side', () => {
  const x = array([[1, 2], [3, 4]]);
  assert.equal(x.add(1).toArray(), [[2, 3], [4, 5]]);
  assert.equal(ew.sub(10, x).toArray(), [[9, 8], [7, 6]]);
  assert.equal(ew.div(12, x).toArray(), [[12, 6], [4, 3]]);
  assert.equal(x.pow(2).toArray(), [[1, 4], [9, 16]]);
  assert.equal(ew.pow(2, x).toArray(), [[2, 4], [8, 16]]);
  assert.equal(x.greater(2).toArray(), [[0, 0], [1, 1]]);
  assert.equal(ew.maximum(2.5, x).toArray(), [[2.5, 2.5], [3, 4]]);
});

const unaryRefs: [keyof typeof ew, (x: number) => number, number, number][] = [
  ['neg', (x) => -x, -3, 3], ['abs', Math.abs, -3, 3], ['exp', Math.exp, -4, 4], ['log', Math.log, 0.1, 5], ['sqrt', Math.sqrt, 0, 5],
  ['square', (x) => x * x, -3, 3], ['sign', Math.sign, -3, 3], ['relu', (x) => Math.max(0, x), -3, 3],
  ['sigmoid', (x) => 1 / (1 + Math.exp(-x)), -6, 6], ['tanh', Math.tanh, -3, 3], ['softrelu', (x) => Math.log1p(Math.exp(x)), -6, 6],
  ['softsign', (x) => x / (1 + Math.abs(x)), -3, 3], ['reciprocal', (x) => 1 / x, 0.5, 3], ['rsqrt', (x) => 1 / Math.sqrt(x), 0.5, 3],
  ['floor', Math.floor, -3, 3], ['ceil', Math.ceil, -3, 3], ['log1p', Math.log1p, 0, 3], ['expm1', Math.expm1, -2, 2],
];
for (const [name, f, lo, hi] of unaryRefs) {
  test(`${name} matches Math on a 3-D array`, () => {
    const shape = [2, 3, 5];
    const data = randomData(shape, r, lo, hi);
    const x = nd(data, shape);
    const out = (ew[name] as (p: unknown) => ReturnType<typeof ew.neg>)(x);
    assertShape(out, shape);
    assertClose(out.toFloat32Array(), Float32Array.from(data, f), 2e-6, 1e-7, name);
  });
}

test('softrelu is stable for large inputs; sigmoid saturates without NaN', () => {
  const x = array([-100, -20, 0, 20, 100]);
  assertClose(ew.softrelu(x).toFloat32Array(), [0, 2.0611537e-9, Math.LN2, 20, 100], 1e-6, 1e-12);
  assertClose(ew.sigmoid(x).toFloat32Array(), [0, 2.0611537e-9, 0.5, 1, 1], 1e-6, 1e-12);
});

test('clip and where (with broadcasting)', () => {
  const x = array([-2, -0.5, 0.5, 2]);
  assert.equal(ew.clip(x, -1, 1).toArray(), [-1, -0.5, 0.5, 1]);
  const cond = array([[1], [0]]);
  const out = ew.where(cond, array([1, 2, 3]), -1);
  assert.equal(out.toArray(), [[1, 2, 3], [-1, -1, -1]]);
});

test('in-place updates: addInPlace/mulInPlace/setData keep the same storage', () => {
  const x = zeros([2, 3]);
  const ptr = x._ptr;
  x.addInPlace(array([1, 2, 3])).mulInPlace(2);
  assert.equal(x.toArray(), [[2, 4, 6], [2, 4, 6]]);
  x.setData(7);
  assert.equal(x.toArray(), [[7, 7, 7], [7, 7, 7]]);
  x.setData(arange(6).reshape(2, 3));
  assert.equal(x.toArray(), [[0, 1, 2], [3, 4, 5]]);
  x.setData(array([[9], [8]]));
  assert.equal(x.toArray(), [[9, 9, 9], [8, 8, 8]]);
  x.setData([1, 2, 3, 4, 5, 6]);
  assert.equal(x.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.is(x._ptr, ptr);
  const y = x.copy();
  y.addInPlace(1);
  assert.equal(x.toArray(), [[1, 2, 3], [4, 5, 6]], 'copy is independent');
  const z = zeros([2, 3]);
  x.copyTo(z);
  assert.equal(z.toArray(), x.toArray());
});

test('large arrays exercise the unrolled SIMD path with a tail', () => {
  const n = 1000 * 17 + 3;
  const a = randomData([n], r), b = randomData([n], r);
  const out = ew.mul(nd(a, [n]), nd(b, [n]));
  assertClose(out.toFloat32Array(), Float32Array.from(a, (v, i) => Math.fround(v * b[i])), 0, 0);
  assert.is(sizeOf(out.shape), n);
});

test.run();
