// Arguments a user can get wrong, found by an audit against API.md: each must give the library's
// own error naming the op and the argument (never a TypeError from deep inside, never a silently
// ignored argument), and a bare number where a tuple or shape is expected means a 1-tuple (API.md:
// "A bare number means a 1-D shape"; MXNet's Tuple parser reads `begin=1` as (1,)).
// DisposedError says which scope freed an array, so the record/tidy lifetime rules explain
// themselves at the point of misuse.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nd, nn, gluon, autograd, NDArray } from '../src/index';
import { DisposedError, ValueError } from '../src/wasm';
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
  assert.equal(a.batchDot(b).toArray()[0], [[10, 13], [28, 40]]);
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

test.run();
