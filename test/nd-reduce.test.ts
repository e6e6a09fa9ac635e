// Reductions against float64 references: every axis subset (adjacent or not), keepdims,
// exclude, MXNet's shape (1,) for full reductions, argmax/argmin, softmax.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as red from '../src/nd/ops/reduce';
import { softmax, logSoftmax } from '../src/nd/ops/softmax';
import { array } from '../src/nd/creation';
import { assertClose, assertShape, nd, randomData, rng, sizeOf, unravel } from './helpers/reference';

const r = rng(5);

function refReduce(data: Float32Array, shape: number[], axes: number[], keepdims: boolean, f: (vals: number[]) => number): { data: number[]; shape: number[] } {
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups = new Map<number, number[]>();
  for (let i = 0; i < data.length; i++) {
    const idx = unravel(i, shape).map((v, d) => (axes.includes(d) ? 0 : v));
    let key = 0;
    idx.forEach((v, d) => (key = key * keptShape[d] + v));
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(data[i]);
  }
  const out = [...Array(sizeOf(keptShape)).keys()].map((k) => f(groups.get(k) ?? []));
  let outShape = keepdims ? keptShape : shape.filter((_, i) => !axes.includes(i));
  if (outShape.length === 0) outShape = [1];
  return { data: out, shape: outShape };
}

const reducers: [string, (v: number[]) => number][] = [
  ['sum', (v) => v.reduce((a, b) => a + b, 0)],
  ['mean', (v) => v.reduce((a, b) => a + b, 0) / v.length],
  ['max', (v) => Math.max(...v)],
  ['min', (v) => Math.min(...v)],
  ['prod', (v) => v.reduce((a, b) => a * b, 1)],
  ['norm', (v) => Math.sqrt(v.reduce((a, b) => a + b * b, 0))],
];
const axisCases: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 1], [1, 2], [0, 2], [0, 1, 2], [2, 0]];

for (const [name, f] of reducers) {
  test(`${name} over every axis subset, with and without keepdims`, () => {
    const shape = [3, 4, 5];
    const data = randomData(shape, r, name === 'prod' ? 0.7 : -2, name === 'prod' ? 1.3 : 2);
    const x = nd(data, shape);
    for (const axis of axisCases) {
      for (const keepdims of [false, true]) {
        const axes = axis === undefined ? [0, 1, 2] : (Array.isArray(axis) ? axis : [axis]).map((a) => (a + 3) % 3);
        const out = (red as unknown as Record<string, (x: unknown, o: unknown) => ReturnType<typeof red.sum>>)[name](x, { axis, keepdims });
        const want = refReduce(data, shape, axes, keepdims, f);
        assertShape(out, want.shape, `${name} axis=${JSON.stringify(axis)} keepdims=${keepdims}`);
        assertClose(out.toFloat32Array(), want.data, 2e-5, 1e-5, `${name} axis=${JSON.stringify(axis)}`);
        out.dispose();
      }
    }
  });
}

test('exclude reduces over the axes not listed (MXNet)', () => {
  const x = nd(randomData([2, 3, 4], r), [2, 3, 4]);
  const a = red.sum(x, { axis: 1, exclude: true });
  const b = red.sum(x, { axis: [0, 2] });
  assertShape(a, [3]);
  assertClose(a.toFloat32Array(), b.toFloat32Array(), 0, 0);
});

test('full reductions give shape (1,) as MXNet 1.x', () => {
  const x = array([[1, 2], [3, 4]]);
  assertShape(x.sum(), [1]);
  assert.is(x.sum().asScalar(), 10);
  assert.is(x.mean().asScalar(), 2.5);
  assertShape(x.sum({ keepdims: true }), [1, 1]);
});

test('argmax / argmin: first occurrence, flattened without axis, keepdims', () => {
  const x = array([[1, 9, 9], [7, 2, 7]]);
  assert.equal(x.argmax({ axis: 1 }).toArray(), [1, 0]);
  assert.equal(x.argmin({ axis: 0 }).toArray(), [0, 1, 1]);
  assert.equal(x.argmax().toArray(), [1]);
  assertShape(x.argmax({ axis: 1, keepdims: true }), [2, 1]);
});

test('softmax and logSoftmax along any axis, stable for large logits', () => {
  const shape = [3, 4, 5];
  const data = randomData(shape, r, -30, 30);
  data[0] = 1000;
  const x = nd(data, shape);
  for (const axis of [0, 1, 2, -1]) {
    const a = (axis + 3) % 3;
    const s = softmax(x, { axis }), ls = logSoftmax(x, { axis });
    const want = new Float64Array(data.length), wantLog = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const idx = unravel(i, shape);
      const vals: number[] = [];
      for (let k = 0; k < shape[a]; k++) {
        const j = idx.slice();
        j[a] = k;
        vals.push(data[(j[0] * shape[1] + j[1]) * shape[2] + j[2]]);
      }
      const m = Math.max(...vals);
      const z = vals.reduce((acc, v) => acc + Math.exp(v - m), 0);
      want[i] = Math.exp(data[i] - m) / z;
      wantLog[i] = data[i] - m - Math.log(z);
    }
    assertClose(s.toFloat32Array(), want, 1e-5, 1e-7, `softmax axis ${axis}`);
    assertClose(ls.toFloat32Array(), wantLog, 1e-5, 1e-5, `logSoftmax axis ${axis}`);
  }
});

test('sum of a large vector stays accurate (SIMD partial sums)', () => {
  const n = 1 << 20;
  const x = array(new Float32Array(n).fill(0.1));
  assertClose([x.sum().asScalar()], [n * Math.fround(0.1)], 1e-4, 0);
});

test.run();
