// nn.Embedding: rows of the weight by index (truncated, clipped to [0, inputDim-1] as MXNet),
// output shape indices.shape + (outputDim,), the weight gradient as a scatter-add (repeated
// indices sum), repr, parameter repr with the explicit 'float32' dtype, files, training.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { array } from '../src/nd/creation';
import { record } from '../src/nd/record';
import { sum } from '../src/nd/ops/reduce';
import { mul } from '../src/nd/ops/elementwise';
import { Embedding } from '../src/gluon/nn/embedding';
import { Sequential, Dense, Block } from '../src/gluon/nn';
import { Trainer } from '../src/gluon/trainer';
import { withNameManager } from '../src/gluon/naming';
import { ValueError } from '../src/wasm';
import { assertClose, isErr, nd, randomData, rng } from './helpers/reference';

const r = rng(21);

test('Embedding: name, weight (inputDim, outputDim) with dtype float32, repr', () => withNameManager(() => {
  const emb = new Embedding(10, 5);
  assert.is(emb.name, 'embedding0');
  assert.is(emb.toString(), 'Embedding(10 -> 5, float32)');
  assert.is(emb.weight.toString(), 'Parameter embedding0_weight (shape=(10, 5), dtype=float32)');
  assert.equal([...emb.collectParams().keys()], ['embedding0_weight']);
  assert.throws(() => new Embedding(0, 5), isErr(ValueError, /nn.Embedding: inputDim must be a positive integer/));
}));

test('Embedding forward: rows by index, any index shape, truncated and clipped indices', () => {
  const emb = new Embedding(4, 3);
  emb.initialize();
  const wd = randomData([4, 3], r);
  emb.weight.setData(nd(wd, [4, 3]));
  const row = (i: number) => Array.from(wd.subarray(i * 3, i * 3 + 3));
  const y = emb.forward(array([[0, 3], [2, 1], [1, 1]]));
  assert.equal([...y.shape], [3, 2, 3]);
  assertClose(y.toFloat32Array(), [0, 3, 2, 1, 1, 1].flatMap(row), 0, 0);
  // 2.7 → 2 (truncation), -1 → 0 and 9 → 3 (clip), -0.5 → 0
  const z = emb.forward(array([2.7, -1, 9, -0.5]));
  assert.equal([...z.shape], [4, 3]);
  assertClose(z.toFloat32Array(), [2, 0, 3, 0].flatMap(row), 0, 0);
});

test('Embedding gradient: a scatter-add of the output gradient rows; repeated indices sum', () => {
  const emb = new Embedding(5, 2, { weightInitializer: 'ones' });
  emb.initialize();
  const idx = array([[1, 3, 1], [4, 1, 0]]);
  const g = randomData([2, 3, 2], r);
  const y = record(() => emb.forward(idx));
  y.backward(nd(g, [2, 3, 2]));
  const want = new Float64Array(10);
  [1, 3, 1, 4, 1, 0].forEach((i, k) => {
    want[i * 2] += g[k * 2];
    want[i * 2 + 1] += g[k * 2 + 1];
  });
  assertClose(emb.weight.grad().toFloat32Array(), want, 1e-6, 1e-6);
  assert.equal(emb.weight.grad().toFloat32Array()[4], 0); // row 2 unused
});

test('Embedding trains inside a text-style model and round-trips through files', () => {
  const net = new Sequential<Block>();
  net.add(new Embedding(20, 8), new Dense(2));
  net.initialize();
  const trainer = new Trainer(net.collectParams(), 'sgd', { learningRate: 0.1 });
  const tokens = array([[1, 2, 3], [4, 5, 6]]);
  const target = array([[1, 0], [0, 1]]);
  const loss = () => record(() => {
    const d = net.forward(tokens).sub(target);
    return sum(mul(d, d));
  });
  const first = loss();
  const firstValue = first.asScalar();
  first.backward();
  trainer.step(1);
  for (let i = 0; i < 60; i++) {
    const l = loss();
    l.backward();
    trainer.step(1);
  }
  assert.ok(loss().asScalar() < firstValue * 0.1, 'loss fell');
  const bytes = net.saveParameters();
  const copy = new Sequential<Block>();
  copy.add(new Embedding(20, 8), new Dense(2));
  copy.loadParameters(bytes);
  assertClose(copy.forward(tokens).toFloat32Array(), net.forward(tokens).toFloat32Array(), 0, 0);
});

test.run();
