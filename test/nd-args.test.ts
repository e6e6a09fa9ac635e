// Arguments a user can get wrong, found by an audit against API.md: each must give the library's
// own error naming the op and the argument (never a TypeError from deep inside, never a silently
// ignored argument), and a bare number where a tuple or shape is expected means a 1-tuple (API.md:
// "A bare number means a 1-D shape"; MXNet's Tuple parser reads `begin=1` as (1,)).
// DisposedError says which scope freed an array, so the record/tidy lifetime rules explain
// themselves at the point of misuse.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nd, nn, gluon, autograd, init, ready, NDArray } from '../src/index';
import { DisposedError, ShapeError, ValueError } from '../src/wasm';
import { isErr } from './helpers/reference';

const x5 = () => nd.arange(0, 5);

test('slice: bare integers are 1-tuples (slice(1, 3) is slice([1], [3])), on the method and nd.slice', () => {
  assert.equal(x5().slice(1, 3).toArray(), [1, 2]);
  assert.equal(nd.slice(x5(), 1, 3).toArray(), [1, 2]);
  assert.equal(x5().slice(4, 0, -2).toArray(), [4, 2]);
  assert.equal(x5().slice(-2, 5).toArray(), [3, 4]);
  const m = nd.arange(0, 12).reshape(3, 4);
  assert.equal(m.slice(1, 3).toArray(), m.slice([1], [3]).toArray(), 'on a matrix a bare integer slices axis 0');
  assert.equal(m.slice(1, 3).toArray(), [[4, 5, 6, 7], [8, 9, 10, 11]]);
  assert.throws(() => x5().slice('1' as never, 3), isErr(ValueError, 'slice: begin must be an integer or a list of integers (null: the whole axis), got "1"'));
  assert.throws(() => x5().slice(1, undefined as never), isErr(ValueError, 'slice: end must be an integer or a list of integers (null: the whole axis), got undefined'));
  assert.throws(() => x5().slice(0, 4, {} as never), isErr(ValueError, 'slice: step must be an integer or a list of integers (null: the whole axis), got [object Object]'));
});

test('broadcastTo: a bare number is a 1-D shape; anything else that is not a list is refused', () => {
  assert.equal(nd.array([7]).broadcastTo(3).toArray(), [7, 7, 7]);
  assert.equal(nd.broadcastTo(nd.array([7]), 2).toArray(), [7, 7]);
  assert.throws(() => nd.array([7]).broadcastTo('3' as never), isErr(ValueError, 'broadcastTo: shape must be a number or a list of numbers, got "3"'));
});

test('an op given something that is not an NDArray names the op and the argument', () => {
  const a = nd.ones([2, 3]);
  assert.throws(() => nd.dot(a, 2 as never), isErr(ValueError, 'dot: b must be an NDArray, got 2'));
  assert.throws(() => nd.dot([[1]] as never, a), isErr(ValueError, 'dot: a must be an NDArray, got an Array of length 1'));
  assert.throws(() => nd.batchDot(a, null as never), isErr(ValueError, 'batchDot: b must be an NDArray, got null'));
  assert.throws(() => nd.concat(a as never), isErr(ValueError, 'concat: expected a non-empty list of NDArrays, got an NDArray of shape (2, 3)'));
  assert.throws(() => nd.concat([a, 1] as never), isErr(ValueError, 'concat: element 1 must be an NDArray, got 1'));
  assert.throws(() => nd.stack([] as never), isErr(ValueError, 'stack: expected a non-empty list of NDArrays, got an Array of length 0'));
  assert.throws(() => nd.sum('a' as never), isErr(ValueError, ['sum: x must be an NDArray, got "a"']));
  assert.throws(() => nd.transpose(undefined as never), isErr(ValueError, 'transpose: x must be an NDArray, got undefined'));
  assert.throws(() => nd.softmax({} as never), isErr(ValueError, 'softmax: x must be an NDArray, got [object Object]'));
});

test('layers and losses called without their arrays fail with the op\'s error, not a TypeError', () => {
  const dense = new nn.Dense(2, { inUnits: 3, prefix: 'probe_' }); // a fixed name: suites share counters in Chromium
  dense.initialize();
  assert.throws(() => dense.forward(undefined as never), isErr(ValueError, 'probe: Dense expects NDArray inputs, got undefined'));
  const loss = new gluon.loss.SoftmaxCrossEntropyLoss();
  assert.throws(() => loss.forward(nd.ones([2, 3]), undefined as never), isErr(ValueError, 'SoftmaxCrossEntropyLoss.forward: label must be an NDArray, got undefined'));
  assert.throws(() => loss.forward(nd.ones([2, 3]), nd.zeros([2]), 3 as never), isErr(ValueError, 'SoftmaxCrossEntropyLoss.forward: sampleWeight must be an NDArray, got 3'));
  assert.throws(() => new gluon.loss.L2Loss().forward([1, 2] as never, nd.zeros([2])), isErr(ValueError, 'L2Loss.forward: pred must be an NDArray, got an Array of length 2'));
  assert.equal(loss.forward(nd.zeros([2, 3]), nd.zeros([2]), null).shape, [2], 'a null sampleWeight is no weighting');
});

test('batchDot is a method too, equal to nd.batchDot', () => {
  const a = nd.arange(0, 12).reshape(2, 2, 3), b = nd.arange(0, 12).reshape(2, 3, 2);
  assert.equal(a.batchDot(b).toArray(), nd.batchDot(a, b).toArray());
  assert.equal(a.batchDot(a, { transposeB: true }).toArray(), nd.batchDot(a, a, { transposeB: true }).toArray());
  // float64 check of one batch: [[0,1,2],[3,4,5]] · [[0,1],[2,3],[4,5]]
  assert.equal(a.batchDot(b).toArray<number[][][]>()[0], [[10, 13], [28, 40]]);
});

test('DisposedError says which scope freed the array: record, tidy, a Sequential forward', () => {
  const x = nd.array([1, 2, 3]);
  x.attachGrad();
  // MXNet's `with autograd.record(): l = ...` written as an assignment inside fn: l is not returned
  let l: NDArray | null = null;
  autograd.record(() => { l = x.mul(x).sum(); });
  assert.throws(() => l!.backward(), isErr(DisposedError,
    'backward: NDArray 1 was used after dispose(): it was freed at the end of the autograd.record(fn) that made it, which frees what fn does not return (return it to keep it, e.g. `return [loss, output]`)'));
  const kept = autograd.record(() => x.mul(x).sum());
  kept.backward();
  assert.equal(x.grad!.toArray(), [2, 4, 6], 'the returned form works');

  let t: NDArray | null = null;
  nd.tidy(() => { t = x.mul(2); });
  assert.throws(() => t!.toArray(), isErr(DisposedError,
    'toArray: NDArray 3 was used after dispose(): it was freed at the end of the nd.tidy(fn) that made it, which frees what fn does not return (return it, or nd.keep() it, to keep it)'));

  class Probe extends nn.Block {
    seen: NDArray | null = null;
    override forward(v: NDArray): NDArray {
      this.seen = v.mul(1);
      return v;
    }
  }
  const probe = new Probe();
  const net = new nn.Sequential();
  net.add(new nn.Dense(2, { inUnits: 3 }), probe);
  net.initialize();
  net.forward(nd.ones([1, 3])).dispose();
  assert.throws(() => probe.seen!.toArray(), isErr(DisposedError,
    'toArray: NDArray 1x2 was used after dispose(): it was freed at the end of the Sequential forward that made it, which frees the arrays it makes and does not return (a block that keeps one on itself must nd.keep() it)'));

  const plain = nd.ones([2]);
  plain.dispose();
  assert.throws(() => plain.toArray(), isErr(DisposedError, 'toArray: NDArray 2 was used after dispose()'), 'an explicit dispose() names no scope');
});

test('MXNet positional parameters after the data: sum(x, 1) reduces axis 1 (it reduced everything)', () => {
  const X = nd.arange(0, 6).reshape(2, 3); // [[0,1,2],[3,4,5]]
  assert.equal(X.sum(1).toArray(), [3, 12]);
  assert.equal(nd.sum(X, 1).toArray(), [3, 12]);
  assert.equal(X.sum(0, true).toArray(), [[3, 5, 7]]);
  assert.equal(X.sum(1, false, true).toArray(), [3, 5, 7], 'exclude: every axis but 1');
  assert.equal(X.sum([0, 1]).toArray(), [15]);
  assert.equal(X.sum(null, true).toArray(), [[15]], 'null is MXNet\'s None: every axis');
  assert.equal(X.mean(1).toArray(), [1, 4]);
  assert.equal(X.max(1).toArray(), [2, 5]);
  assert.equal(X.min(0).toArray(), [0, 1, 2]);
  assert.equal(X.prod(1).toArray(), [0, 60]);
  assert.equal(X.argmax(1).toArray(), [2, 2]);
  assert.equal(nd.argmin(X, 0, true).toArray(), [[0, 0, 0]]);
  assert.equal(X.norm(1, 1).toArray(), [3, 12], 'norm(data, ord, axis): MXNet\'s order');
  assert.equal(X.sum(1, { keepdims: true }).toArray(), [[3], [12]], 'positional, then an options object');
  const sm = X.softmax(0).toArray() as number[][];
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(sm[0][j] + sm[1][j] - 1) < 1e-6, 'softmax(0) normalises each column');
  assert.equal(X.softmax(0).toArray(), X.softmax({ axis: 0 }).toArray());
  assert.equal(X.logSoftmax(0).toArray(), X.logSoftmax({ axis: 0 }).toArray());
  assert.equal(X.repeat(2, 0).shape, [4, 3]);
  assert.equal(X.repeat(2, 0).toArray(), [[0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5]]);
  assert.equal(X.split(2, 0).map((a) => a.toArray()), [[[0, 1, 2]], [[3, 4, 5]]]);
  assert.equal(X.split(2, 0, true).map((a) => a.shape), [[3], [3]]);
  assert.equal(X.pick(nd.array([0, 1, 0]), 0).toArray(), [0, 4, 2]);
  assert.equal(nd.array([1, 0]).oneHot(3, 5, -1).toArray(), [[-1, 5, -1], [5, -1, -1]]);
  assert.equal(nd.dot(X, X, false, true).toArray(), [[5, 14], [14, 50]], 'dot(lhs, rhs, transpose_a, transpose_b)');
  assert.equal(X.dot(X, { transposeB: true }).toArray(), [[5, 14], [14, 50]]);
  assert.equal(nd.concat([X, X], 0).shape, [4, 3]);
  assert.equal(nd.stack([X, X], 1).shape, [2, 2, 3]);
  assert.equal(X.expandDims({ axis: 0 }).shape, [1, 2, 3]);
  assert.equal(X.expandDims(2).squeeze({ axis: 2 }).shape, [2, 3]);
  assert.equal(X.transpose(1, 0).toArray(), [[0, 3], [1, 4], [2, 5]], 'numpy\'s varargs form');
  assert.equal(X.transpose({ axes: [1, 0] }).toArray(), X.T.toArray());
  assert.equal(X.reshape({ shape: [3, 2] }).shape, [3, 2], 'MXNet\'s keyword form');
});

test('options objects of nd ops are checked: a misspelled or other library\'s key is an error, not ignored', () => {
  const X = nd.arange(0, 6).reshape(2, 3);
  assert.throws(() => nd.concat([X, X], { axis: 0 } as never), isErr(ValueError, "concat: unknown option 'axis'; expected one of dim"));
  assert.throws(() => nd.stack([X, X], { dim: 1 } as never), isErr(ValueError, "stack: unknown option 'dim'; expected one of axis"));
  assert.throws(() => X.mean({ axis: 1, keepDims: true } as never), isErr(ValueError, "mean: unknown option 'keepDims'; expected one of axis, keepdims, exclude"));
  assert.throws(() => X.sum({ axis: 1, keep_dims: true } as never), isErr(ValueError, "sum: unknown option 'keep_dims'; expected one of axis, keepdims, exclude"));
  assert.throws(() => X.softmax({ dim: 0 } as never), isErr(ValueError, "softmax: unknown option 'dim'; expected one of axis"));
  assert.throws(() => nd.dot(X, X, { transpose_b: true } as never), isErr(ValueError, "dot: unknown option 'transpose_b'; did you mean 'transposeB'? (option keys are camelCase)"));
  assert.throws(() => (X.sum as (...a: unknown[]) => unknown)(1, true, false, 3), isErr(ValueError, 'sum: takes at most 3 arguments after the data (axis, keepdims, exclude), got 4'));
  assert.throws(() => X.sum({ axis: 1 } as never, true as never), isErr(ValueError, 'sum: an options object must come last, after the data'));
  assert.throws(() => X.sum(1, { axis: 0 } as never), isErr(ValueError, 'sum: axis is given both as an argument and in the options object'));
  assert.throws(() => nd.random.normal(0, 1, { shape: [2], size: 3 } as never), isErr(ValueError, "random.normal: unknown option 'size'; expected one of shape, dtype, out"));
  assert.throws(() => nd.zeros({ shape: [2] } as never), isErr(ValueError, 'zeros: shape must be a number or a list of numbers, got [object Object]'));
  assert.throws(() => X.split({ numOutputs: 2 } as never), isErr(ValueError, 'split: numOutputs must be a positive integer, got [object Object]'));
});

test('keyword translations that now work: normal(0, 1, { shape }), backward({ retainGraph }), Number(a)', () => {
  nd.random.seed(3);
  const a = nd.random.normal(0, 1, { shape: [4] }).toArray();
  nd.random.seed(3);
  assert.equal(a, nd.random.normal(0, 1, [4]).toArray(), 'the same draws as the positional shape');
  assert.equal(nd.random.uniform(0, 1, { shape: 3 }).shape, [3]);

  const x = nd.array([1, 2, 3]);
  x.attachGrad();
  const y = autograd.record(() => x.mul(x).sum());
  y.backward({ retainGraph: true });
  y.backward({ retainGraph: true }); // the graph is still there
  assert.equal(x.grad!.toArray(), [2, 4, 6], "gradReq 'write': the second pass overwrites");

  const s = nd.array([3.5]);
  assert.is(Number(s), 3.5);
  assert.is(+s, 3.5);
  assert.ok((s as unknown as number) > 0, 'a one-element array compares as its number (D2L: if a.sum() > 0)');
  assert.is(`${s}`, s.toString(), 'a template string gives MXNet\'s text');
  assert.throws(() => Number(nd.ones([2])), isErr(ValueError, 'NDArray of shape (2,) cannot be converted to a number: only one-element arrays can (use asScalar() on a reduction)'));
});

test('an initializer class given instead of an instance says so', () => {
  const net = new nn.Dense(2, { inUnits: 3 });
  assert.throws(() => net.initialize(init.Xavier as never), isErr(ValueError, 'initializer must be an instance: pass new init.Xavier(), not the class'));
});

test('setSlice writes a region in place (D2L X[:, 1:3] = 0), also strided and reversed, against a plain-JS loop', () => {
  /** x[begin:end:step] = value over a row-major (rows x cols) plain array, numpy's rules */
  const ref = (rows: number, cols: number, b: (number | null)[], e: (number | null)[], st: number[], value: (i: number, j: number) => number) => {
    const out = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => i * cols + j));
    const range = (n: number, lo: number | null, hi: number | null, s: number) => {
      const idx: number[] = [];
      const start = lo === null ? (s > 0 ? 0 : n - 1) : lo < 0 ? lo + n : lo;
      const stop = hi === null ? (s > 0 ? n : -1) : hi < 0 ? hi + n : hi;
      for (let k = start; s > 0 ? k < stop : k > stop; k += s) idx.push(k);
      return idx;
    };
    const ri = range(rows, b[0], e[0], st[0]), ci = range(cols, b[1], e[1], st[1]);
    ri.forEach((i, a) => ci.forEach((j, c) => (out[i][j] = value(a, c))));
    return out;
  };
  const X = () => nd.arange(0, 12).reshape(3, 4);
  assert.equal(X().setSlice([null, 1], [null, 3], 0).toArray(), ref(3, 4, [null, 1], [null, 3], [1, 1], () => 0));
  const row = nd.array([9, 8]);
  assert.equal(X().setSlice([null, 1], [null, 3], row).toArray(), ref(3, 4, [null, 1], [null, 3], [1, 1], (_, c) => [9, 8][c]), 'a row broadcast over the region');
  const block = nd.array([[1, 2], [3, 4]]);
  assert.equal(X().setSlice([2, 3], [null, null], block, [-2, -2]).toArray(), ref(3, 4, [2, 3], [null, null], [-2, -2], (a, c) => [[1, 2], [3, 4]][a][c]), 'reversed, strided');
  assert.equal(X().setSlice(1, 2, -1).toArray(), ref(3, 4, [1, null], [2, null], [1, 1], () => -1), 'bare integers: row 1');
  const x = X();
  assert.is(x.setSlice([0], [0], 5), x, 'an empty region writes nothing and returns x');
  assert.equal(x.toArray(), ref(3, 4, [0, 0], [0, 0], [1, 1], () => 5));
  assert.throws(() => X().setSlice([null, 1], [null, 3], nd.ones([3])), isErr(ShapeError, 'setSlice: shapes (3, 2) and (3,) cannot be broadcast together (axis -1: 2 vs 3); each dimension must match or be 1'));
  assert.throws(() => X().setSlice([0], [1], nd.ones([3, 4])), isErr(ShapeError, 'setSlice: operand of shape (3, 4) would broadcast the target (1, 4) to (3, 4)'));
  assert.throws(() => X().setSlice([0], [1], 'a' as never), isErr(ValueError, 'setSlice: value must be an NDArray, got "a"'));
});

test('ready() options and sliceAxis bounds are checked too (an unknown key was ignored; a missing end ran out of memory)', async () => {
  for (const [options, message] of [
    [{ thread: 2 }, "ready(): unknown option 'thread'; expected one of wasm, relaxedSimd, relaxedWasm, threads, sharedWasm, relaxedSharedWasm, workerStartTimeout"],
    [{ relaxed_simd: true }, "ready(): unknown option 'relaxed_simd'; did you mean 'relaxedSimd'? (option keys are camelCase)"],
  ] as const) {
    let err: unknown = null;
    await ready(options as never).catch((e) => (err = e));
    assert.ok(isErr(ValueError, message)(err as Error));
  }
  const X = nd.arange(0, 6).reshape(2, 3);
  assert.throws(() => (X.sliceAxis as (...a: unknown[]) => NDArray)(1, 0), isErr(ValueError, 'sliceAxis: end must be an integer or null (to the end of the axis), got undefined'));
  assert.throws(() => X.sliceAxis(1, 0.5, 2), isErr(ValueError, 'sliceAxis: begin must be an integer, got 0.5'));
  assert.equal(X.sliceAxis(1, 1, null).toArray(), [[1, 2], [4, 5]]);
});

test('the remaining argument errors of the positional forms', () => {
  const X = nd.arange(0, 6).reshape(2, 3);
  assert.throws(() => X.reshape('2' as never), isErr(ValueError, 'reshape: the shape must be numbers or a list of numbers, got "2"'));
  assert.throws(() => X.reshape({ shape: [3, 2], order: 'C' } as never), isErr(ValueError, "reshape: unknown option 'order'; expected one of shape"));
  assert.throws(() => X.expandDims({} as never), isErr(ValueError, 'expandDims: an axis is required'));
  assert.throws(() => X.transpose({ axes: 1 } as never), isErr(ValueError, 'transpose: axes must be a list of integers, got 1'));
  assert.throws(() => nd.random.normal(0, 1, { shape: [2] }, { shape: [2] }), isErr(ValueError, 'random.normal: give the shape either as an argument or in the options object, not both'));
  assert.throws(() => nd.random.uniform({ low: 0, size: 2 } as never), isErr(ValueError, "random.uniform: unknown option 'size'; expected one of low, high, shape, dtype, out"));
});

test.run();
