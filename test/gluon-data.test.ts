// gluon.data: ArrayDataset and DataLoader (MXNet's, as D2L's `for X, y in train_iter` uses them).
// Batches are checked against the source rows in plain JS: in order they are consecutive slices,
// shuffled they cover every sample exactly once per epoch; lastBatch keep/discard; an epoch keeps
// nd.memory() flat; a batch is freed when the next is handed out, with a DisposedError saying so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nd, gluon, autograd, nn } from '../src/index';
import { DisposedError, ShapeError, ValueError } from '../src/wasm';
import { isErr } from './helpers/reference';

const { ArrayDataset, DataLoader } = gluon.data;
const N = 10;
const rowsOf = (a: nd.NDArray) => a.toArray<number[][]>();

function data() {
  const X = nd.arange(0, N * 3).reshape(N, 3); // row i = [3i, 3i+1, 3i+2]
  const y = nd.arange(0, N);
  return { X, y, ds: new ArrayDataset(X, y) };
}

test('in order: consecutive batches of the rows; lastBatch keep and discard', () => {
  const { ds } = data();
  const keep = new DataLoader(ds, { batchSize: 4 });
  assert.is(keep.length, 3);
  const seen: number[][] = [];
  for (const [xb, yb] of keep) {
    const ys = yb.toArray<number[]>();
    rowsOf(xb).forEach((row, j) => assert.equal(row, [3 * ys[j], 3 * ys[j] + 1, 3 * ys[j] + 2], 'x row matches its label'));
    seen.push(ys);
  }
  assert.equal(seen, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  const discard = new DataLoader(ds, { batchSize: 4, lastBatch: 'discard' });
  assert.is(discard.length, 2);
  const kept: unknown[] = [];
  for (const b of discard) kept.push(b[1].toArray());
  assert.equal(kept, [[0, 1, 2, 3], [4, 5, 6, 7]]);
});

test('shuffled: every sample exactly once per epoch, rows kept with their labels, a new order each epoch, reproducible by seed', () => {
  const { ds } = data();
  const loader = new DataLoader(ds, { batchSize: 3, shuffle: true });
  const epoch = () => {
    const labels: number[] = [];
    for (const [xb, yb] of loader) {
      const ys = yb.toArray<number[]>();
      rowsOf(xb).forEach((row, j) => assert.equal(row, [3 * ys[j], 3 * ys[j] + 1, 3 * ys[j] + 2]));
      labels.push(...ys);
    }
    return labels;
  };
  nd.random.seed(7);
  const a = epoch(), b = epoch();
  assert.equal([...a].sort((p, q) => p - q), [...Array(N).keys()], 'a permutation');
  assert.not.equal(a, b, 'a new order each epoch');
  nd.random.seed(7);
  assert.equal(epoch(), a, 'the same order after the same seed');
});

test('a one-array dataset yields arrays; at(i) is sample i', () => {
  const { X, y } = data();
  const single = new DataLoader(new ArrayDataset(y), { batchSize: 5 });
  const batches: unknown[] = [];
  for (const b of single) batches.push(b.toArray()); // read inside the loop: a batch lives until the next
  assert.equal(batches, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
  const ds = new ArrayDataset(X, y);
  assert.is(ds.length, N);
  const [x2, y2] = ds.at(2);
  assert.equal(x2.toArray(), [6, 7, 8]);
  assert.equal(y2.toArray(), [2]);
  assert.equal(ds.at(-1)[1].toArray(), [9]);
});

test('an epoch keeps nd.memory() flat; a batch is freed when the next one is handed out (DisposedError says so)', () => {
  const { ds } = data();
  const loader = new DataLoader(ds, { batchSize: 3, shuffle: true });
  for (const _ of loader) { /* warm */ }
  const before = nd.memory();
  for (let e = 0; e < 20; e++) for (const _ of loader) { /* an epoch */ }
  assert.equal(nd.memory(), before);
  let first: nd.NDArray[] | null = null;
  for (const b of loader) {
    if (!first) first = b;
  }
  assert.throws(() => first![0].toArray(), isErr(DisposedError, 'toArray: NDArray 3x3 was used after dispose(): it was freed at the end of the DataLoader iteration that made it, which frees each batch when it hands out the next (batch.copy() keeps one)'));
  // breaking out of the loop frees the current batch too
  for (const _ of loader) break;
  assert.equal(nd.memory(), before);
});

test('a training loop over a DataLoader: loss falls, memory flat', () => {
  nd.random.seed(1);
  const X = nd.random.normal(0, 1, [64, 4]);
  const w = nd.array([[2], [-1], [0.5], [3]]);
  const y = nd.dot(X, w).reshape(-1);
  const net = new nn.Dense(1, { inUnits: 4 });
  net.initialize();
  const loss = new gluon.loss.L2Loss();
  const trainer = new gluon.Trainer(net.collectParams(), 'sgd', { learningRate: 0.1 });
  const loader = new DataLoader(new ArrayDataset(X, y), { batchSize: 16, shuffle: true });
  const epochLoss = () => {
    let total = 0;
    for (const [xb, yb] of loader) {
      const l = autograd.record(() => loss.forward(net.forward(xb), yb));
      l.backward();
      trainer.step(xb.shape[0]);
      total += nd.tidy(() => l.mean().asScalar()); // the mean is a temporary: tidy frees it at once
      l.dispose();
    }
    return total;
  };
  const first = epochLoss();
  epochLoss();
  const before = nd.memory();
  let last = 0;
  for (let e = 0; e < 20; e++) last = epochLoss();
  assert.ok(last < first / 100, `loss ${first} -> ${last}`);
  assert.equal(nd.memory().arrays, before.arrays);
});

test('bad input is refused clearly', () => {
  const { X, y } = data();
  assert.throws(() => new ArrayDataset(), isErr(ValueError, 'gluon.data.ArrayDataset: needs at least one array'));
  assert.throws(() => new ArrayDataset(X, nd.arange(0, 3)), isErr(ShapeError, 'gluon.data.ArrayDataset: all arrays must have the same length along axis 0; array 0 has 10, array 1 has shape (3)'));
  assert.throws(() => new ArrayDataset(X, [1, 2] as never), isErr(ValueError, 'gluon.data.ArrayDataset: array 1 must be an NDArray, got an Array of length 2'));
  const ds = new ArrayDataset(X, y);
  assert.throws(() => ds.at(10), isErr(ValueError, 'gluon.data.ArrayDataset: index 10 is out of range for 10 samples'));
  assert.throws(() => new DataLoader(ds, { batchSize: 0 }), isErr(ValueError, 'gluon.data.DataLoader: batchSize must be a positive integer, got 0'));
  assert.throws(() => new DataLoader(ds, { batch_size: 4 } as never), isErr(ValueError, "gluon.data.DataLoader: unknown option 'batch_size'; did you mean 'batchSize'? (option keys are camelCase)"));
  assert.throws(() => new DataLoader(ds, { batchSize: 4, lastBatch: 'rollover' } as never), isErr(ValueError, "gluon.data.DataLoader: lastBatch must be 'keep' or 'discard', got \"rollover\" (MXNet's 'rollover' is not supported)"));
  assert.throws(() => new DataLoader(X as never, { batchSize: 4 }), isErr(ValueError, 'gluon.data.DataLoader: expected an ArrayDataset, got an NDArray of shape (10, 3)'));
});

test.run();
