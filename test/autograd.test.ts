// Gradients of every differentiable op against float64 central differences (through the
// library's forward), over random shapes with broadcasting; plus the tape's rules: gradReq
// write/add/null, sums for arrays used twice, release after backward, retainGraph, errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as ew from '../src/nd/ops/elementwise';
import * as red from '../src/nd/ops/reduce';
import * as shp from '../src/nd/ops/shape';
import * as idx from '../src/nd/ops/indexing';
import { softmax, logSoftmax } from '../src/nd/ops/softmax';
import { array, ones } from '../src/nd/creation';
import { record, pause, isRecording, isTraining, trainMode, predictMode } from '../src/nd/record';
import { backward } from '../src/nd/backward';
import { AutogradError, ShapeError } from '../src/wasm';
import type { NDArray } from '../src/nd/ndarray';
import { gradCheck, isErr, randomData, rng } from './helpers/reference';

const r = rng(3);
const input = (shape: number[], lo = -2, hi = 2) => ({ data: randomData(shape, r, lo, hi), shape });

const binaries: [string, (a: NDArray, b: NDArray) => NDArray, number, number][] = [
  ['add', ew.add, -2, 2], ['sub', ew.sub, -2, 2], ['mul', ew.mul, -2, 2], ['div', ew.div, 0.5, 2],
  ['pow', ew.pow, 0.5, 2], ['maximum', ew.maximum, -2, 2], ['minimum', ew.minimum, -2, 2],
];
const pairs: [number[], number[]][] = [[[3, 4], [3, 4]], [[3, 4], [4]], [[3, 1], [1, 4]], [[2, 3, 4], [3, 1]], [[5], [1]]];

for (const [name, f, lo, hi] of binaries) {
  test(`gradient of ${name}, with broadcasting reduced back to each input's shape`, () => {
    for (const [as, bs] of pairs) gradCheck(f, [input(as, lo, hi), input(bs, lo, hi)]);
  });
}

// A number operand on either side: the number's own gradient is dropped, the array's must match
// central differences (pow(c, x) and pow(x, c) take different branches of pow's gradient).
const withNumbers: [string, (x: NDArray) => NDArray, number, number][] = [
  ['sub(3, x)', (x) => ew.sub(3, x), -2, 2], ['sub(x, 3)', (x) => ew.sub(x, 3), -2, 2],
  ['div(3, x)', (x) => ew.div(3, x), 0.5, 2], ['div(x, 3)', (x) => ew.div(x, 3), -2, 2],
  ['pow(x, 2.5)', (x) => ew.pow(x, 2.5), 0.5, 2], ['pow(2.5, x)', (x) => ew.pow(2.5, x), -2, 2],
  ['maximum(x, 0.3)', (x) => ew.maximum(x, 0.3), -2, 2], ['minimum(0.3, x)', (x) => ew.minimum(0.3, x), -2, 2],
  ['mul(x, -1.5)', (x) => ew.mul(x, -1.5), -2, 2], ['add(-1.5, x)', (x) => ew.add(-1.5, x), -2, 2],
];
test('gradients with a number operand on either side, over 37 elements (SIMD and tail)', () => {
  for (const [name, f, lo, hi] of withNumbers) {
    const x = input([37], lo, hi);
    // keep the max/min kink (0.3) out of the differences' reach
    if (name.startsWith('max') || name.startsWith('min')) x.data.forEach((v, i) => { if (Math.abs(v - 0.3) < 0.05) x.data[i] = v + 0.1; });
    gradCheck(f, [x]);
  }
});

const unaries: [string, (x: NDArray) => NDArray, number, number][] = [
  ['neg', ew.neg, -2, 2], ['abs', ew.abs, -2, 2], ['exp', ew.exp, -2, 2], ['log', ew.log, 0.5, 3], ['sqrt', ew.sqrt, 0.5, 3],
  ['square', ew.square, -2, 2], ['relu', ew.relu, -2, 2], ['sigmoid', ew.sigmoid, -3, 3], ['tanh', ew.tanh, -2, 2],
  ['softrelu', ew.softrelu, -3, 3], ['softsign', ew.softsign, -2, 2], ['reciprocal', ew.reciprocal, 0.5, 2],
  ['rsqrt', ew.rsqrt, 0.5, 2], ['log1p', ew.log1p, 0, 2], ['expm1', ew.expm1, -1, 1], ['sin', ew.sin, -3, 3], ['cos', ew.cos, -3, 3],
  ['copy', ew.copy, -2, 2], ['clip', (x) => ew.clip(x, -1, 1), -2, 2],
];
for (const [name, f, lo, hi] of unaries) {
  test(`gradient of ${name}`, () => gradCheck(f, [input([3, 5], lo, hi)]));
}

test('gradients of reductions over axis sets', () => {
  const cases: [string, (x: NDArray) => NDArray][] = [
    ['sum', (x) => red.sum(x)], ['sum axis 1', (x) => red.sum(x, { axis: 1 })], ['sum axes 0,2', (x) => red.sum(x, { axis: [0, 2] })],
    ['mean axis -1 keepdims', (x) => red.mean(x, { axis: -1, keepdims: true })], ['prod axis 2', (x) => red.prod(x, { axis: 2 })], ['norm', (x) => red.norm(x)],
    ['norm axis 1', (x) => red.norm(x, { axis: 1 })], ['norm ord 1', (x) => red.norm(x, { ord: 1, axis: 0 })],
  ];
  for (const [, f] of cases) gradCheck(f, [input([2, 3, 4], 0.5, 2)]);
  // max/min: distinct values 0.1 apart, so the ±eps probes never change which element wins
  const distinct = Float32Array.from([...Array(24).keys()].map((i) => ((i * 7) % 24) * 0.1 - 1));
  for (const f of [(x: NDArray) => red.max(x, { axis: 1 }), (x: NDArray) => red.min(x), (x: NDArray) => red.max(x, { axis: [0, 2] })]) {
    gradCheck(f, [{ data: distinct, shape: [2, 3, 4] }], { eps: 1e-3 });
  }
});

test('gradients of shape ops', () => {
  const cases: [(x: NDArray) => NDArray, number[]][] = [
    [(x) => x.reshape(4, -1), [2, 3, 4]], [(x) => x.transpose([2, 0, 1]), [2, 3, 4]], [(x) => x.T, [3, 4]],
    [(x) => x.flatten(), [2, 3, 2]], [(x) => x.expandDims(1), [3, 4]], [(x) => x.squeeze(), [3, 1, 4]],
    [(x) => x.broadcastTo([3, 2, 4]), [2, 1]], [(x) => x.tile([2, 3]), [2, 3]], [(x) => x.repeat(3, { axis: 1 }), [2, 3]],
    [(x) => x.slice([1, null], [null, -1], [1, 2]), [4, 5]], [(x) => x.sliceAxis(1, 1, 3), [3, 4]], [(x) => x.slice([1], [3]), [4, 3]],
    [(x) => shp.concat([x, x.mul(2)], { dim: 0 }), [2, 3]], [(x) => shp.stack([x, x.square()], { axis: 1 }), [2, 3]],
    [(x) => shp.split(x, 2, { axis: 1 })[1].mul(shp.split(x, 2, { axis: 1 })[0]), [3, 4]],
    [(x) => x.take(array([2, 0, 2])), [3, 4]], [(x) => x.pick(array([1, 0, 3])), [3, 4]],
    [(x) => ew.where(array([[1, 0, 1, 0]]), x, x.square()), [3, 4]],
    [(x) => softmax(x), [3, 5]], [(x) => logSoftmax(x, { axis: 0 }), [3, 5]],
  ];
  for (const [f, shape] of cases) gradCheck(f, [input(shape)]);
});

test('an array used twice gets the sum of both gradients', () => {
  const x = array([1, 2, 3]);
  x.attachGrad();
  const y = record(() => red.sum(ew.add(ew.mul(x, x), ew.mul(x, 3))));
  y.backward();
  assert.equal(x.grad!.toArray(), [5, 7, 9]); // d(x² + 3x) = 2x + 3
});

test("gradReq 'write' overwrites, 'add' accumulates, 'null' keeps none", () => {
  const w = array([1, 2]);
  w.attachGrad('write');
  for (let i = 0; i < 2; i++) record(() => red.sum(ew.mul(w, 2))).backward();
  assert.equal(w.grad!.toArray(), [2, 2]);
  const a = array([1, 2]);
  a.attachGrad('add');
  for (let i = 0; i < 3; i++) record(() => red.sum(ew.mul(a, 2))).backward();
  assert.equal(a.grad!.toArray(), [6, 6]);
  const n = array([1, 2]);
  n.attachGrad('null');
  assert.is(n.grad, null);
  assert.throws(() => record(() => red.sum(ew.mul(n, 2))).backward(), isErr(AutogradError));
});

test('head gradients, non-scalar heads use ones (the gradient of the sum)', () => {
  const x = array([[1, 2], [3, 4]]);
  x.attachGrad();
  const y = record(() => ew.mul(x, x));
  y.backward(array([[1, 0], [0, 2]]));
  assert.equal(x.grad!.toArray(), [[2, 0], [0, 16]]);
  const z = record(() => ew.mul(x, 3));
  z.backward();
  assert.equal(x.grad!.toArray(), [[3, 3], [3, 3]]);
  const h = record(() => ew.mul(x, x));
  assert.throws(() => h.backward(array([1, 2])), isErr(ShapeError, /head gradient of shape \(2,\) does not match head 0 of shape \(2, 2\)/));
});

test('errors: outside record, second backward without retainGraph; retainGraph allows it', () => {
  const x = array([1, 2]);
  x.attachGrad();
  const plain = ew.mul(x, 2);
  assert.throws(() => plain.backward(), isErr(AutogradError, /not in a computational graph/));
  const y = record(() => red.sum(ew.mul(x, x)));
  y.backward(null, { retainGraph: true });
  y.backward();
  assert.equal(x.grad!.toArray(), [2, 4]);
  assert.throws(() => y.backward(), isErr(AutogradError, /retain_graph/));
  const z = record(() => red.sum(ew.exp(x)));
  backward([z], [ones([1]).mul(2)]);
  assert.equal(x.grad!.toArray().map((v) => Math.round((v as number) * 1e4)), [Math.round(2 * Math.E * 1e4), Math.round(2 * Math.exp(2) * 1e4)]);
});

test('detach cuts the graph; pause stops recording; train/predict flags', () => {
  const x = array([1, 2]);
  x.attachGrad();
  const y = record(() => red.sum(ew.add(ew.mul(x, x).detach(), ew.mul(x, 3))));
  y.backward();
  assert.equal(x.grad!.toArray(), [3, 3]);
  assert.is(isRecording(), false);
  record(() => {
    assert.is(isRecording(), true);
    assert.is(isTraining(), true);
    pause(() => {
      assert.is(isRecording(), false);
      assert.is(isTraining(), false);
    });
    predictMode(() => assert.is(isTraining(), false));
  });
  record(() => assert.is(isTraining(), false), { trainMode: false });
  trainMode(() => assert.is(isTraining(), true));
  assert.is(isTraining(), false);
});

test.run();
