// Shape and index ops against plain-JS references: reshape codes, transpose, broadcastTo, tile,
// repeat, slice (steps, negative indices), concat/stack/split, take/pick/oneHot; and which of
// them are views sharing storage.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as shp from '../src/nd/ops/shape';
import * as idx from '../src/nd/ops/indexing';
import { array, arange } from '../src/nd/creation';
import { ShapeError } from '../src/wasm';
import { assertShape, isErr } from './helpers/reference';

const ar = (...shape: number[]) => arange(shape.reduce((a, b) => a * b, 1)).reshape(shape);

test('reshape: plain, -1, 0, -2, -3, -4 (MXNet codes), as a view', () => {
  const x = ar(2, 3, 4);
  assertShape(x.reshape(6, 4), [6, 4]);
  assertShape(x.reshape([-1, 4]), [6, 4]);
  assertShape(x.reshape(0, -1), [2, 12]);
  assertShape(x.reshape(-2), [2, 3, 4]);
  assertShape(x.reshape(2, -2), [2, 3, 4]);
  assertShape(x.reshape(-3, 4), [6, 4]);
  assertShape(x.reshape(0, -3), [2, 12]);
  assertShape(x.reshape(-4, 1, 2, -2), [1, 2, 3, 4]);
  assertShape(x.reshape(-4, -1, 1, 3, 4), [2, 1, 3, 4]);
  const v = x.reshape(4, 6);
  assert.is(v._storage, x._storage, 'reshape shares storage');
  v.setData(1);
  assert.is(x.sum().asScalar(), 24, 'writes through the view');
  assert.throws(() => x.reshape(5, -1), (e: Error) => e instanceof ShapeError && /reshape.*\(2, 3, 4\).*\(5, -1\)/.test(e.message));
  assert.throws(() => x.reshape(-1, -1), isErr(ShapeError));
  assert.throws(() => x.reshape(7), isErr(ShapeError));
});

test('transpose / T against index arithmetic', () => {
  const x = ar(2, 3, 4);
  const t = x.transpose([1, 2, 0]);
  assertShape(t, [3, 4, 2]);
  const d = t.toArray() as number[][][];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) assert.is(d[j][k][i], i * 12 + j * 4 + k);
  assert.equal(ar(2, 3).T.toArray(), [[0, 3], [1, 4], [2, 5]]);
  assert.throws(() => x.transpose([0, 0, 1]), isErr(ShapeError));
});

test('flatten, expandDims, squeeze are views', () => {
  const x = ar(2, 3, 4);
  assertShape(x.flatten(), [2, 12]);
  assertShape(x.expandDims(1), [2, 1, 3, 4]);
  assertShape(x.expandDims(-1), [2, 3, 4, 1]);
  assertShape(ar(1, 3, 1).squeeze(), [3]);
  assertShape(ar(1, 3, 1).squeeze(0), [3, 1]);
  assert.throws(() => ar(2, 3).squeeze(0), isErr(ShapeError));
  assert.is(x.flatten()._storage, x._storage);
});

test('broadcastTo, tile, repeat', () => {
  assert.equal(array([[1], [2]]).broadcastTo([2, 3]).toArray(), [[1, 1, 1], [2, 2, 2]]);
  assert.equal(array([1, 2]).broadcastTo([2, 2]).toArray(), [[1, 2], [1, 2]]);
  assert.throws(() => array([1, 2, 3]).broadcastTo([2, 2]), isErr(ShapeError));
  assert.equal(array([[1, 2], [3, 4]]).tile([2, 3]).toArray(), [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4], [1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]]);
  assert.equal(array([1, 2]).tile(2).toArray(), [1, 2, 1, 2]);
  assert.equal(array([1, 2]).tile([2, 1]).toArray(), [[1, 2], [1, 2]]);
  assert.equal(array([[1, 2], [3, 4]]).repeat(2, { axis: 1 }).toArray(), [[1, 1, 2, 2], [3, 3, 4, 4]]);
  assert.equal(array([[1, 2], [3, 4]]).repeat(2, { axis: 0 }).toArray(), [[1, 2], [1, 2], [3, 4], [3, 4]]);
  assert.equal(array([[1, 2], [3, 4]]).repeat(2).toArray(), [1, 1, 2, 2, 3, 3, 4, 4]);
});

test('slice with null, negative indices and steps; sliceAxis', () => {
  const x = ar(4, 5);
  assert.equal(x.slice([1, null], [3, null]).toArray(), [[5, 6, 7, 8, 9], [10, 11, 12, 13, 14]]);
  assert.equal(x.slice([null, 1], [null, -1], [2, 2]).toArray(), [[1, 3], [11, 13]]);
  assert.equal(x.slice([-1, 4], [null, 0], [-1, -2]).toArray(), [[19, 17], [14, 12], [9, 7], [4, 2]]);
  assert.equal(x.sliceAxis(1, 2, 4).toArray(), [[2, 3], [7, 8], [12, 13], [17, 18]]);
  assert.equal(x.sliceAxis(0, -1, null).toArray(), [[15, 16, 17, 18, 19]]);
  assert.is(x.slice([1, null], [3, null])._storage, x._storage, 'row slices are views');
  assert.is.not(x.sliceAxis(1, 2, 4)._storage, x._storage, 'column slices are copies');
  assertShape(x.slice([3], [1]), [0, 5]);
  assert.throws(() => x.slice([0, 0, 0], [1, 1, 1]), isErr(ShapeError));
});

test('concat (default dim 1, as MXNet), stack, split', () => {
  const a = ar(2, 2), b = ar(2, 3);
  assert.equal(shp.concat([a, b]).toArray(), [[0, 1, 0, 1, 2], [2, 3, 3, 4, 5]]);
  assert.equal(shp.concat([a, a], { dim: 0 }).toArray(), [[0, 1], [2, 3], [0, 1], [2, 3]]);
  assert.throws(() => shp.concat([a, b], { dim: 0 }), (e: Error) => e instanceof ShapeError && /concat.*\(2, 2\), \(2, 3\)/.test(e.message));
  assert.equal(shp.stack([array([1, 2]), array([3, 4])]).toArray(), [[1, 2], [3, 4]]);
  assert.equal(shp.stack([array([1, 2]), array([3, 4])], { axis: 1 }).toArray(), [[1, 3], [2, 4]]);
  const parts = ar(2, 6).split(3);
  assert.equal(parts.map((p) => p.toArray()), [[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
  const rows = ar(3, 2).split(3, { axis: 0, squeezeAxis: true });
  assert.equal(rows.map((p) => p.toArray()), [[0, 1], [2, 3], [4, 5]]);
  assert.throws(() => ar(2, 5).split(2), isErr(ShapeError));
});

test('take (clip and wrap), pick, oneHot', () => {
  const w = ar(4, 3);
  assert.equal(w.take(array([3, 0, 9, -1])).toArray(), [[9, 10, 11], [0, 1, 2], [9, 10, 11], [0, 1, 2]]);
  assert.equal(w.take([1, -1, 5], { mode: 'wrap' }).toArray(), [[3, 4, 5], [9, 10, 11], [3, 4, 5]]);
  assert.equal(w.take(array([[0, 1], [2, 3]]), { axis: 0 }).shape, [2, 2, 3]);
  assert.equal(w.take([2, 0], { axis: 1 }).toArray(), [[2, 0], [5, 3], [8, 6], [11, 9]]);
  const x = array([[1, 2, 3], [4, 5, 6]]);
  assert.equal(x.pick(array([2, 0])).toArray(), [3, 4]);
  assert.equal(x.pick(array([1, 0, 1]), { axis: 0 }).toArray(), [4, 2, 6]);
  assert.equal(x.pick(array([2, 7]), { keepdims: true }).toArray(), [[3], [6]]);
  assert.throws(() => x.pick(array([1, 2, 3])), isErr(ShapeError));
  assert.equal(idx.oneHot(array([1, 0, 3, 7]), 4).toArray(), [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]);
  assert.equal(array([2]).oneHot(3, { onValue: 5, offValue: -1 }).toArray(), [[-1, -1, 5]]);
});

test.run();
