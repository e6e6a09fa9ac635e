// Every shape mistake a user can make on each op family throws the library's own error class
// with a message naming the op, the shapes and what was expected — and allocates nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nd from '../src/nd/ops/elementwise';
import * as red from '../src/nd/ops/reduce';
import * as shp from '../src/nd/ops/shape';
import * as idx from '../src/nd/ops/indexing';
import { softmax } from '../src/nd/ops/softmax';
import { dot, batchDot } from '../src/nd/ops/linalg';
import { fullyConnected, dropout } from '../src/nd/ops/nn';
import { pool2d } from '../src/nd/ops/pool';
import { writeMeta } from '../src/nd/ops/broadcast';
import { backward, markVariables } from '../src/nd/backward';
import { Dropout } from '../src/gluon/nn/dropout';
import { Trainer } from '../src/gluon/trainer';
import { array, arange, ones, zeros } from '../src/nd/creation';
import { memory } from '../src/nd/memory';
import { GluonError, ShapeError, ValueError } from '../src/wasm';
import { isErr } from './helpers/reference';

const a23 = arange(6).reshape(2, 3);
const a34 = arange(12).reshape(3, 4);
const v3 = arange(3);
const a32 = arange(6).reshape(3, 2);
const z20 = zeros([2, 0]), o234 = ones([2, 3, 4]), o54 = ones([5, 4]), o53 = ones([5, 3]), o4 = ones([4]), o1122 = ones([1, 1, 2, 2]);

const cases: [string, () => unknown, new (...args: never[]) => Error, RegExp][] = [
  ['broadcast add', () => nd.add(a23, a34), ShapeError, /add: shapes \(2, 3\) and \(3, 4\) cannot be broadcast together \(axis -2: 2 vs 3\)/],
  ['broadcast greater', () => a34.greater(a23), ShapeError, /greater: shapes \(3, 4\) and \(2, 3\)/],
  ['in place broadcast', () => v3.addInPlace(a23), ShapeError, /addInPlace: operand of shape \(2, 3\) would broadcast the target \(3,\) to \(2, 3\)/],
  ['setData shape', () => a23.setData(a34), ShapeError, /setData: shapes \(2, 3\) and \(3, 4\) cannot be broadcast/],
  ['setData growing the target', () => v3.setData(a23), ShapeError, /setData: operand of shape \(2, 3\) would broadcast the target \(3,\) to \(2, 3\)/],
  ['setData count', () => a23.setData([1, 2]), ShapeError, /setData: got 2 values for an array of shape \(2, 3\)/],
  ['clip bounds', () => a23.clip(2, 1), ValueError, /clip: low \(2\) must be <= high \(1\)/],
  ['where shapes', () => nd.where(a23, a34, 0), ShapeError, /where: shapes \(2, 3\) and \(3, 4\)/],
  ['sum axis', () => a23.sum({ axis: 2 }), ShapeError, /sum: axis 2 is out of range for an array of 2 dimensions \(expected -2 <= axis < 2\)/],
  ['mean repeated axis', () => a23.mean({ axis: [1, -1] }), ShapeError, /mean: axis \[1,-1\] repeats an axis/],
  ['max of empty', () => z20.max({ axis: 1 }), ShapeError, /max: cannot reduce over a zero-size axis of shape \(2, 0\)/],
  ['argmax axis list', () => red.argmax(a23, { axis: [0, 1] as unknown as number }), ShapeError, /argmax: axis must be a single axis/],
  ['norm ord', () => red.norm(a23, { ord: 3 as 2 }), ValueError, /norm: ord must be 1 or 2, got 3/],
  ['reshape size', () => a23.reshape(4, 2), ShapeError, /reshape: cannot reshape array of shape \(2, 3\) into \(4, 2\): sizes differ \(6 vs 8\)/],
  ['transpose perm', () => a23.transpose([1]), ShapeError, /transpose: axes \[1\] are not a permutation of the 2 axes of shape \(2, 3\)/],
  ['broadcastTo', () => a23.broadcastTo([4, 3]), ShapeError, /broadcastTo: shapes \(2, 3\) and \(4, 3\) cannot be broadcast/],
  ['expandDims axis', () => a23.expandDims(4), ShapeError, /expandDims: axis 4 is out of range/],
  ['squeeze non-1', () => a23.squeeze(1), ShapeError, /squeeze: axis 1 of shape \(2, 3\) has size 3, expected 1/],
  ['tile reps', () => a23.tile([-1]), ShapeError, /tile: shape \(-1,\) must hold non-negative integers/],
  ['repeat count', () => a23.repeat(1.5), ValueError, /repeat: repeats must be a non-negative integer, got 1.5/],
  ['repeat axis', () => a23.repeat(2, { axis: 5 }), ShapeError, /repeat: axis 5 is out of range/],
  ['slice arity', () => a23.slice([0, 0, 0], [1, 1, 1]), ShapeError, /slice: begin \[0,0,0\], end \[1,1,1\] and step \[\] must have equal lengths of at most 2 for shape \(2, 3\)/],
  ['slice step', () => a23.slice([0], [1], [0]), ShapeError, /slice: step on axis 0 must be a non-zero integer, got 0/],
  ['sliceAxis axis', () => a23.sliceAxis(3, 0, 1), ShapeError, /sliceAxis: axis 3 is out of range/],
  ['concat shapes', () => shp.concat([a23, a34]), ShapeError, /concat: shapes \(2, 3\), \(3, 4\) must agree on every axis except dim 1/],
  ['concat empty', () => shp.concat([]), ValueError, /concat: expected a non-empty list/],
  ['stack shapes', () => shp.stack([a23, a34]), ShapeError, /stack: all arrays must have the same shape, got \(2, 3\), \(3, 4\)/],
  ['split parts', () => a23.split(2), ShapeError, /split: axis 1 of shape \(2, 3\) \(size 3\) cannot be split into 2 equal parts/],
  ['take axis', () => a23.take([0], { axis: 2 }), ShapeError, /take: axis 2 is out of range/],
  ['take mode', () => a23.take([0], { mode: 'raise' as 'clip' }), ValueError, /take: mode must be 'clip' or 'wrap', got 'raise'/],
  ['pick index shape', () => a23.pick(v3), ShapeError, /pick: index shape \(3,\) must be \(2,\) \(data \(2, 3\) without axis 1\)/],
  ['oneHot depth', () => idx.oneHot(v3, 0), ValueError, /oneHot: depth must be a positive integer, got 0/],
  ['softmax axis', () => softmax(a23, { axis: -3 }), ShapeError, /softmax: axis -3 is out of range/],
  ['dot alignment', () => dot(a23, a23), ShapeError, /dot: shapes \(2, 3\) and \(2, 3\) are not aligned: 3 \(axis 1 of a\) != 2 \(axis 0 of b\)/],
  ['dot transposed', () => dot(a23, a34, { transposeA: true }), ShapeError, /dot: shapes \(2, 3\)\^T and \(3, 4\) are not aligned: 2 \(axis 0 of a\) != 3 \(axis 0 of b\)/],
  ['batchDot rank', () => batchDot(a23, a34), ShapeError, /batchDot: expected two 3-D arrays with the same batch size, got \(2, 3\) and \(3, 4\)/],
  ['batchDot alignment', () => batchDot(o234, o234), ShapeError, /batchDot: shapes \(2, 3, 4\) and \(2, 3, 4\) are not aligned: 4 != 3/],
  ['fullyConnected features', () => fullyConnected(a23, o54, null), ShapeError, /fullyConnected: input of shape \(2, 3\) gives 3 features after flattening, but weight \(5, 4\) expects 4/],
  ['fullyConnected bias', () => fullyConnected(a23, o53, o4), ShapeError, /fullyConnected: bias must have shape \(5,\), got \(4,\)/],
  ['fullyConnected activation', () => fullyConnected(a23, o53, null, { activation: 'gelu' as 'relu' }), ValueError, /fullyConnected: unknown activation 'gelu'/],
  ['fullyConnected activation named like an Object.prototype key', () => fullyConnected(a23, o53, null, { activation: 'constructor' as 'relu' }), ValueError, /fullyConnected: unknown activation 'constructor'/],
  ['kernel metadata past 32 axes', () => writeMeta(new Array(33).fill(1), [new Array(33).fill(0), new Array(33).fill(0)]), ShapeError, /an array of 33 dimensions exceeds the 32 the kernels handle/],
  ['pool type named like an Object.prototype key', () => pool2d(o1122, 'toString' as 'max'), ValueError, /pool2d: pool type must be 'max' or 'avg', got 'toString'/],
  ['array ragged', () => array([[1, 2], [3]]), ShapeError, /array: ragged nested data: expected length 2 at depth 1 \(shape \(2, 2\)\)/],
  ['array values vs shape', () => array([1, 2, 3], { shape: [2, 2] }), ShapeError, /array: 3 values do not fill shape \(2, 2\)/],
  ['zeros shape', () => zeros([2, -1]), ShapeError, /zeros: shape \(2, -1\) must hold non-negative integers/],
  ['dtype', () => zeros([2], { dtype: 'float16' as 'float32' }), ValueError, /zeros: dtype 'float16' is not supported/],
  ['copyTo shapes', () => a23.copyTo(a32), ShapeError, /copyTo: source shape \(2, 3\) does not match destination shape \(3, 2\)/],
  ['astype dtype', () => a23.astype('int32' as 'float32'), ValueError, /astype: dtype 'int32' is not supported; gluon-wasm arrays are float32/],
  ['setData value kind', () => a23.setData({} as unknown as number), ValueError, /setData: expected a number, an NDArray or an array of numbers/],
  ['dropout rate', () => dropout(a23, 1), ValueError, /dropout: rate must be in \[0, 1\), got 1/],
  ['nn.Dropout rate', () => new Dropout(-0.1), ValueError, /nn.Dropout: rate must be in \[0, 1\), got -0.1/],
  ['markVariables gradReq', () => markVariables([a23], null, 'sometimes' as 'write'), ValueError, /grad_req must be one of 'write', 'add', or 'null', but got 'sometimes'/],
  ['markVariables buffer', () => markVariables([a23], [a32]), ShapeError, /markVariables: gradient buffer of shape \(3, 2\) does not match variable shape \(2, 3\)/],
  ['backward head count', () => backward([a23], [a23, a23]), ValueError, /backward: got 2 head gradients for 1 heads/],
  ['Trainer batch size', () => new Trainer([], 'sgd').step(0), ValueError, /Trainer.step: batchSize must be a positive number, got 0/],
  ['asScalar', () => a23.asScalar(), ValueError, /asScalar: the current array is not a scalar \(shape \(2, 3\)\)/],
  ['operand kind', () => nd.add(a23, 'x' as unknown as number), ValueError, /add: expected an NDArray or a number/],
];

for (const [label, fn, cls, pattern] of cases) {
  test(`${label}: ${cls.name} with a useful message, nothing allocated`, () => {
    const before = memory();
    assert.throws(fn, isErr(cls, pattern));
    assert.equal(memory(), before);
  });
}

test('kernel metadata: 32 axes of 3 operands fit (the limit the message states)', () => {
  const axes = new Array(32).fill(1);
  assert.ok(writeMeta(axes, [axes, axes, axes]) > 0);
});

test('every error class is a GluonError', () => {
  assert.throws(() => nd.add(a23, a34), (e: Error) => e instanceof GluonError && e.name === 'ShapeError');
});

test.run();
