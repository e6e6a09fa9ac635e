// Pooling: max/avg forward against a float64 loop over the definition (padding, strides, ceil
// mode, countIncludePad, odd and rectangular sizes, the SIMD 2x2 path with every tail width,
// global pools), gradients (central differences, MXNet's first-max routing on ties), the layers'
// defaults, naming and reprs as MXNet prints them, and errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pool2d, maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d, type PoolType } from '../src/nd/ops/pool';
import { array } from '../src/nd/creation';
import { record } from '../src/nd/record';
import { MaxPool2D, AvgPool2D, GlobalAvgPool2D, GlobalMaxPool2D } from '../src/gluon/nn/pool';
import { Sequential } from '../src/gluon/nn';
import { ShapeError, ValueError } from '../src/wasm';
import type { NDArray } from '../src/nd/ndarray';
import { assertClose, gradCheck, isErr, nd, randomData, rng } from './helpers/reference';
import { refPool2d, type PoolSpec } from './helpers/conv-reference';

const r = rng(5);

interface Case { name: string; x: number[]; spec: PoolSpec }
const cases: Case[] = [
  { name: '2x2 stride 2 (SIMD path), 8 wide', x: [2, 3, 8, 8], spec: { k: [2, 2], s: [2, 2], p: [0, 0] } },
  { name: '2x2 stride 2, odd 13x11 (tails)', x: [1, 2, 13, 11], spec: { k: [2, 2], s: [2, 2], p: [0, 0] } },
  { name: '2x2 stride 2, 26 wide (LeNet)', x: [2, 2, 24, 26], spec: { k: [2, 2], s: [2, 2], p: [0, 0] } },
  { name: '2x2 stride 2, ceil mode on odd size (partial last window)', x: [1, 2, 7, 9], spec: { k: [2, 2], s: [2, 2], p: [0, 0], ceil: true } },
  { name: '3x3 stride 2 pad 1', x: [2, 2, 9, 10], spec: { k: [3, 3], s: [2, 2], p: [1, 1] } },
  { name: '3x3 stride 2 pad 1, countIncludePad false', x: [2, 2, 9, 10], spec: { k: [3, 3], s: [2, 2], p: [1, 1], includePad: false } },
  { name: '3x3 stride 1 pad 1', x: [1, 3, 6, 5], spec: { k: [3, 3], s: [1, 1], p: [1, 1] } },
  { name: 'rectangular 2x3, stride (1, 2), pad (1, 0)', x: [2, 1, 7, 8], spec: { k: [2, 3], s: [1, 2], p: [1, 0] } },
  { name: '3x3 stride 2 ceil mode with padding', x: [1, 2, 8, 8], spec: { k: [3, 3], s: [2, 2], p: [1, 1], ceil: true } },
  { name: 'ceil mode, countIncludePad false', x: [1, 1, 6, 7], spec: { k: [3, 3], s: [2, 2], p: [1, 1], ceil: true, includePad: false } },
  { name: 'window = input', x: [2, 3, 4, 5], spec: { k: [4, 5], s: [1, 1], p: [0, 0] } },
];

const toOpts = (spec: PoolSpec) => ({ poolSize: spec.k, strides: spec.s, padding: spec.p, ceilMode: spec.ceil, countIncludePad: spec.includePad });

for (const c of cases) {
  for (const type of ['max', 'avg'] as PoolType[]) {
    test(`${type} pool forward: ${c.name}`, () => {
      const xd = randomData(c.x, r);
      const want = refPool2d(xd, c.x, type, c.spec);
      const y = pool2d(nd(xd, c.x), type, toOpts(c.spec));
      assert.equal([...y.shape], want.shape);
      assertClose(y.toFloat32Array(), want.data, 1e-6, 1e-6, `${type} ${c.name}`);
    });
  }
}

test('max pooling over NaN, -0/+0, -Infinity: the 2x2 SIMD path and the general path follow MXNet\'s `v > m` alike', () => {
  // windows chosen so each special case is first, last or alone: every path must give the same bits
  const S = [NaN, -0, 0, -Infinity, 1, NaN, NaN, NaN, 0, -0, -Infinity, -Infinity, 2, NaN, -0, 3];
  for (const w of [8, 10]) {
    const shape = [1, 1, 4, w];
    const xd = Float32Array.from({ length: 4 * w }, (_, i) => S[(i * 7 + (i >> 3)) % S.length]);
    for (const [opts, spec] of [
      [{}, { k: [2, 2], s: [2, 2], p: [0, 0] }],                                          // the SIMD path
      [{ poolSize: 3, strides: 1, padding: 1 }, { k: [3, 3], s: [1, 1], p: [1, 1] }],      // the general path
      [{ poolSize: 2, strides: 2, padding: 1 }, { k: [2, 2], s: [2, 2], p: [1, 1] }],      // general, windows in the padding
    ] as [object, PoolSpec][]) {
      const want = refPool2d(xd, shape, 'max', spec).data;
      const got = maxPool2d(nd(xd, shape), opts).toFloat32Array();
      got.forEach((v, i) => assert.ok(Object.is(v, Math.fround(want[i])), `width ${w}, ${JSON.stringify(spec)}: out[${i}] = ${v}, expected ${want[i]}`));
    }
    // the SIMD gradient: to the first element (row-major) equal to the output; none for an all-NaN window
    const x = nd(xd, shape);
    x.attachGrad();
    const y = record(() => maxPool2d(x));
    const out = y.toFloat32Array();
    y.backward();
    const gx = new Float64Array(xd.length);
    for (let j = 0; j < w / 2; j++) {
      for (let i = 0; i < 2; i++) {
        const cells = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => (2 * i + a) * w + 2 * j + b);
        const first = cells.find((e) => xd[e] === out[i * (w / 2) + j]);
        if (first !== undefined) gx[first] += 1;
      }
    }
    assertClose(x.grad!.toFloat32Array(), gx, 0, 0, `gradient, width ${w}`);
  }
});

test('the 2x2 SIMD paths (forward and gradient) match the definition for every width 2..21 and odd heights', () => {
  for (let w = 2; w <= 21; w++) {
    const shape = [1, 2, 5 + (w % 2), w];
    const [, , h] = shape;
    // values on a coarse grid so windows often hold ties: the gradient must go to the first maximum
    const xd = Float32Array.from(randomData(shape, r), (v) => Math.round(v * 2));
    const want = refPool2d(xd, shape, 'max', { k: [2, 2], s: [2, 2], p: [0, 0] });
    const x = nd(xd, shape);
    x.attachGrad();
    const y = record(() => maxPool2d(x));
    assertClose(y.toFloat32Array(), want.data, 0, 0, `width ${w}`);
    const ho = Math.floor(h / 2), wo = Math.floor(w / 2);
    const gy = randomData([1, 2, ho, wo], r);
    y.backward(nd(gy, [1, 2, ho, wo]));
    const gx = new Float64Array(xd.length);
    for (let p = 0; p < 2; p++) {
      for (let i = 0; i < ho; i++) {
        for (let j = 0; j < wo; j++) {
          const m = want.data[(p * ho + i) * wo + j];
          const cells = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => (p * h + 2 * i + a) * w + 2 * j + b);
          gx[cells.find((e) => xd[e] === m)!] += gy[(p * ho + i) * wo + j];
        }
      }
    }
    assertClose(x.grad!.toFloat32Array(), gx, 0, 0, `gradient, width ${w}`);
  }
});

test('global pools reduce each plane to 1x1', () => {
  const shape = [2, 3, 5, 7];
  const xd = randomData(shape, r);
  const mx = globalMaxPool2d(nd(xd, shape)), av = globalAvgPool2d(nd(xd, shape));
  assert.equal([...mx.shape], [2, 3, 1, 1]);
  const wantMax = [], wantAvg = [];
  for (let p = 0; p < 6; p++) {
    const plane = Array.from(xd.subarray(p * 35, (p + 1) * 35));
    wantMax.push(Math.max(...plane));
    wantAvg.push(plane.reduce((a, b) => a + b, 0) / 35);
  }
  assertClose(mx.toFloat32Array(), wantMax, 0, 0);
  assertClose(av.toFloat32Array(), wantAvg, 1e-6, 1e-6);
});

test('avg pool gradients by central differences (padding, ceil mode, both divisors)', () => {
  for (const c of cases) gradCheck((x) => avgPool2d(x, toOpts(c.spec)), [{ data: randomData(c.x, r), shape: c.x }]);
  gradCheck((x) => globalAvgPool2d(x), [{ data: randomData([2, 2, 3, 4], r), shape: [2, 2, 3, 4] }]);
});

test('max pool gradients by central differences (distinct values, so no tie moves under ±eps)', () => {
  for (const c of cases) {
    const n = c.x.reduce((a, b) => a * b, 1);
    const perm = [...Array(n).keys()].sort(() => r() - 0.5);
    const data = Float32Array.from(perm, (v) => v * 0.05 - n * 0.025);
    gradCheck((x) => maxPool2d(x, toOpts(c.spec)), [{ data, shape: c.x }], { eps: 1e-3 });
  }
  gradCheck((x) => globalMaxPool2d(x), [{ data: Float32Array.from([...Array(24).keys()].sort(() => r() - 0.5)), shape: [1, 2, 3, 4] }], { eps: 1e-3 });
});

test('max pool routes a tied window\'s gradient to its first maximum in row-major order (MXNet unpool_max)', () => {
  // windows of 2x2 stride 1 over a plane of equal values: each output sends its gradient to its top-left element
  const x = array([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
  x.attachGrad();
  const y = record(() => maxPool2d(x, { poolSize: 2, strides: 1 }));
  y.backward(array([[[[1, 2], [3, 4]]]]));
  assert.equal(x.grad!.toArray(), [[[[1, 2, 0], [3, 4, 0], [0, 0, 0]]]]);
  // overlapping windows sharing the maximum add up
  const z = array([[[[0, 0, 0], [0, 9, 0], [0, 0, 0]]]]);
  z.attachGrad();
  const y2 = record(() => maxPool2d(z, { poolSize: 2, strides: 1 }));
  y2.backward(array([[[[1, 2], [3, 4]]]]));
  assert.equal(z.grad!.toArray(), [[[[0, 0, 0], [0, 10, 0], [0, 0, 0]]]]);
  // the 2x2 stride-2 fast path breaks ties the same way: (0,0), then (0,1), then (1,0)
  const t = array([[[[5, 5, 1, 7, 2, 0], [5, 5, 7, 7, 3, 3]]]]);
  t.attachGrad();
  record(() => maxPool2d(t)).backward(array([[[[1, 2, 3]]]]));
  assert.equal(t.grad!.toArray(), [[[[1, 0, 0, 2, 0, 0], [0, 0, 0, 0, 3, 0]]]]);
});

test('max pool ignores padding: an all-negative plane stays negative', () => {
  const x = array([[[[-5, -4], [-3, -2]]]]);
  assert.equal(maxPool2d(x, { poolSize: 3, strides: 1, padding: 1 }).toArray(), [[[[-2, -2], [-2, -2]]]]);
  // avg with padding counted: corner window covers 4 real values out of 9
  assertClose(avgPool2d(x, { poolSize: 3, strides: 1, padding: 1 }).toFloat32Array(), [-14 / 9, -14 / 9, -14 / 9, -14 / 9]);
  assertClose(avgPool2d(x, { poolSize: 3, strides: 1, padding: 1, countIncludePad: false }).toFloat32Array(), [-3.5, -3.5, -3.5, -3.5]);
});

test('pooling errors name the op and the shapes', () => {
  const x = array(new Float32Array(2 * 3 * 4 * 4), { shape: [2, 3, 4, 4] });
  assert.throws(() => maxPool2d(x, { poolSize: 5 }), isErr(ShapeError, /maxPool2d: pool window 5x5 is larger than the padded input 4x4 \(data \(2, 3, 4, 4\)/));
  assert.throws(() => avgPool2d(x.reshape(6, 4, 4)), isErr(ShapeError, /avgPool2d: data must be 4-D/));
  assert.throws(() => maxPool2d(x, { strides: 0 }), isErr(ValueError, /maxPool2d: strides must be an integer >= 1/));
  assert.throws(() => maxPool2d(x, { poolSize: [2, 2, 2] }), isErr(ValueError, /poolSize must be/));
  assert.throws(() => new MaxPool2D({ layout: 'NHWC' as 'NCHW' }), isErr(ValueError, /nn.MaxPool2D: layout 'NHWC' is not supported/));
});

test('pooling layers: MXNet defaults, naming hint `pool`, reprs', () => {
  const m = new MaxPool2D();
  assert.ok(/^pool\d+$/.test(m.name), m.name);
  assert.is(m.toString(), 'MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)');
  assert.is(new MaxPool2D(3, { strides: 2, padding: 1 }).toString(), 'MaxPool2D(size=(3, 3), stride=(2, 2), padding=(1, 1), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)');
  assert.is(new MaxPool2D({ poolSize: [2, 3], ceilMode: true }).toString(), 'MaxPool2D(size=(2, 3), stride=(2, 3), padding=(0, 0), ceil_mode=True, global_pool=False, pool_type=max, layout=NCHW)');
  assert.is(new AvgPool2D({ poolSize: 3, strides: 1, padding: 1, countIncludePad: false }).toString(), 'AvgPool2D(size=(3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=False, global_pool=False, pool_type=avg, layout=NCHW)');
  // MXNet builds the global layers with pool_size (1, 1) and ceil_mode=True
  assert.is(new GlobalAvgPool2D().toString(), 'GlobalAvgPool2D(size=(1, 1), stride=(1, 1), padding=(0, 0), ceil_mode=True, global_pool=True, pool_type=avg, layout=NCHW)');
  assert.is(new GlobalMaxPool2D().toString(), 'GlobalMaxPool2D(size=(1, 1), stride=(1, 1), padding=(0, 0), ceil_mode=True, global_pool=True, pool_type=max, layout=NCHW)');
  const net = new Sequential<MaxPool2D | AvgPool2D>();
  net.nameScope(() => net.add(new MaxPool2D(), new AvgPool2D()));
  assert.is(net[0].name, `${net.name}_pool0`);
  assert.is(net[1].name, `${net.name}_pool1`);
  assert.is(net.collectParams().size, 0);
});

test('pooling layers against the float64 definition; their gradients are the ops\' (checked above by central differences)', () => {
  const shape = [2, 2, 7, 7];
  const xd = randomData(shape, r);
  const cases: [MaxPool2D | AvgPool2D | GlobalAvgPool2D | GlobalMaxPool2D, PoolType, PoolSpec, (x: NDArray) => NDArray][] = [
    [new MaxPool2D({ poolSize: 3, strides: 2, padding: 1, ceilMode: true }), 'max', { k: [3, 3], s: [2, 2], p: [1, 1], ceil: true },
      (x) => maxPool2d(x, { poolSize: 3, strides: 2, padding: 1, ceilMode: true })],
    [new AvgPool2D(2, { countIncludePad: false, padding: 1 }), 'avg', { k: [2, 2], s: [2, 2], p: [1, 1], includePad: false },
      (x) => avgPool2d(x, { poolSize: 2, padding: 1, countIncludePad: false })],
    [new GlobalAvgPool2D(), 'avg', { k: [7, 7], s: [1, 1], p: [0, 0] }, globalAvgPool2d],
    [new GlobalMaxPool2D(), 'max', { k: [7, 7], s: [1, 1], p: [0, 0] }, globalMaxPool2d],
  ];
  for (const [layer, type, spec, op] of cases) {
    const x = nd(xd, shape);
    x.attachGrad();
    const y = record(() => layer.forward(x));
    assertClose(y.toFloat32Array(), refPool2d(xd, shape, type, spec).data, 1e-6, 1e-7, layer.toString());
    const gy = randomData(y.shape as number[], r);
    y.backward(nd(gy, y.shape as number[]));
    const x2 = nd(xd, shape);
    x2.attachGrad();
    record(() => op(x2)).backward(nd(gy, y.shape as number[]));
    assertClose(x.grad!.toFloat32Array(), x2.grad!.toFloat32Array(), 0, 0, `${layer.toString()} gradient`);
  }
});

test.run();
