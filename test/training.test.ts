// Training end to end: Trainer steps by hand, the stale-gradient error, lrMult/wdMult, shared
// parameters summing their gradients (the seed's shared network), gradReq 'add', Dropout,
// Flatten/Lambda, and nd.memory() flat over 1,000 training steps.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, Dense, Block } from '../src/gluon/nn';
import { Dropout } from '../src/gluon/nn/dropout';
import { Flatten } from '../src/gluon/nn/flatten';
import { Lambda } from '../src/gluon/nn/lambda';
import { Trainer } from '../src/gluon/trainer';
import { L2Loss, SoftmaxCrossEntropyLoss } from '../src/gluon/loss';
import { record, trainMode } from '../src/nd/record';
import { array, ones, zeros } from '../src/nd/creation';
import { uniform, seed } from '../src/nd/random';
import { memory, tidy } from '../src/nd/memory';
import { StaleGradientError, ValueError } from '../src/wasm';
import type { NDArray } from '../src/nd/ndarray';
import { assertClose, isErr } from './helpers/reference';

const f = Math.fround;

function oneUnit(): Dense {
  const d = new Dense(1, { inUnits: 2 });
  d.initialize();
  d.weight.setData(array([[1, 2]]));
  d.bias.setData(array([0.5]));
  return d;
}

test('one SGD step by hand: pred 3.5, label 1, dL/dpred 2.5, lr 0.1 → w [0.75, 1.75], b 0.25', () => {
  const d = oneUnit();
  const trainer = new Trainer(d.collectParams(), 'sgd', { learningRate: 0.1 });
  const loss = record(() => new L2Loss().forward(d.forward(array([[1, 1]])), array([[1]])));
  assert.is(loss.asScalar(), 3.125);
  loss.backward();
  assert.equal(d.weight.grad().toArray(), [[2.5, 2.5]]);
  trainer.step(1);
  assert.equal(d.weight.data().toArray(), [[0.75, 1.75]]);
  assert.equal(d.bias.data().toArray(), [0.25]);
});

test('step(batchSize) rescales by 1/batchSize; momentum and wd follow MXNet', () => {
  const d = oneUnit();
  const trainer = new Trainer(d.collectParams(), 'sgd', { learningRate: 0.1, momentum: 0.9, wd: 0.01 });
  let mom = [0, 0];
  let w = [1, 2];
  for (let step = 0; step < 3; step++) {
    const x = array([[1, 2], [3, 4]]);
    record(() => d.forward(x).sum()).backward(); // d(sum)/dW = column sums of x = [4, 6]
    trainer.step(2);
    const g = [4, 6];
    mom = mom.map((m, i) => f(f(f(f(0.9) * m) - f(f(f(0.1) * f(0.01)) * w[i])) - f(f(f(0.1) * f(0.5)) * g[i])));
    w = w.map((v, i) => f(v + mom[i]));
  }
  assertClose(d.weight.data().toFloat32Array(), w, 0, 0);
});

test('a stale gradient is an error naming the parameter; ignoreStaleGrad skips it', () => {
  const d = oneUnit();
  const trainer = new Trainer(d.collectParams(), 'sgd', { learningRate: 0.1 });
  assert.throws(() => trainer.step(1), isErr(StaleGradientError, /Gradient of Parameter `dense\d+_bias` on context cpu\(0\) has not been updated by backward since last `step`/));
  record(() => d.forward(array([[1, 1]])).sum()).backward();
  trainer.step(1);
  assert.throws(() => trainer.step(1), isErr(StaleGradientError));
  const before = d.weight.data().toFloat32Array();
  trainer.step(1, { ignoreStaleGrad: true });
  assert.equal(d.weight.data().toFloat32Array(), before);
});

test('lrMult / wdMult per parameter; gradReq null is not updated', () => {
  const d = oneUnit();
  d.bias.lrMult = 0;
  const trainer = new Trainer(d.collectParams(), 'sgd', { learningRate: 0.1 });
  record(() => d.forward(array([[1, 1]])).sum()).backward();
  trainer.step(1);
  assert.equal(d.bias.data().toArray(), [0.5], 'lrMult 0 freezes the bias');
  assert.equal(d.weight.data().toArray(), [[f(0.9), f(1.9)]]);
  d.weight.gradReq = 'null';
  record(() => d.forward(array([[1, 1]])).sum()).backward();
  trainer.step(1);
  assert.equal(d.weight.data().toArray(), [[f(0.9), f(1.9)]], 'gradReq null: skipped');
});

test('Trainer: parameters sorted by name, duplicates once, bad arguments rejected', () => {
  const shared = new Dense(2, { inUnits: 2 });
  const other = new Dense(2, { inUnits: 2, params: shared.params });
  shared.initialize();
  const t = new Trainer([shared.weight, other.weight, shared.bias], 'adam');
  assert.is(t.parameters.length, 2);
  assert.is(t.learningRate, 0.001);
  t.setLearningRate(0.5);
  assert.is(t.learningRate, 0.5);
  const fromDict = new Trainer(shared.collectParams(), 'sgd');
  assert.equal(fromDict.parameters.map((p) => p.name), [shared.bias.name, shared.weight.name]);
  assert.throws(() => new Trainer([1 as unknown as Dense['weight']], 'sgd'), isErr(ValueError, /First argument must be a list or dict of Parameters, got list of number/));
  assert.throws(() => new Trainer(shared.collectParams(), 'nope'), isErr(ValueError, /Cannot find optimizer nope/));
});

test("the seed's shared layer gets the sum of both uses in one backward", () => {
  const shared = new Dense(8, { activation: 'relu' });
  const net = new Sequential<Dense>();
  net.add(new Dense(8, { activation: 'relu' }), shared, new Dense(8, { activation: 'relu', params: shared.params }), new Dense(10));
  net.initialize();
  const x = uniform({ shape: [2, 20] });
  net.forward(x);
  assert.is(net[1].weight, net[2].weight, 'one Parameter object');
  // an unshared twin with the same values: its two layers' gradients must add up to the shared one
  const twin = new Sequential<Dense>();
  twin.add(new Dense(8, { activation: 'relu' }), new Dense(8, { activation: 'relu' }), new Dense(8, { activation: 'relu' }), new Dense(10));
  twin.initialize();
  twin.forward(x);
  [[0, 0], [1, 1], [2, 1], [3, 3]].forEach(([i, j]) => {
    twin[i].weight.setData(net[j].weight.data());
    twin[i].bias.setData(net[j].bias.data());
  });
  record(() => net.forward(x).sum()).backward();
  record(() => twin.forward(x).sum()).backward();
  const sum = twin[1].weight.grad().add(twin[2].weight.grad());
  assertClose(net[1].weight.grad().toFloat32Array(), sum.toFloat32Array(), 1e-5, 1e-6);
  assert.ok(sum.abs().sum().asScalar() > 0, 'a non-trivial gradient');
  const biasSum = twin[1].bias.grad().add(twin[2].bias.grad());
  assertClose(net[2].bias.grad().toFloat32Array(), biasSum.toFloat32Array(), 1e-5, 1e-6);
});

test("gradReq 'add' on a Parameter accumulates across backwards until zeroGrad", () => {
  const d = oneUnit();
  d.collectParams().setattr('gradReq', 'add');
  for (let i = 0; i < 3; i++) record(() => d.forward(array([[1, 2]])).sum()).backward();
  assert.equal(d.weight.grad().toArray(), [[3, 6]]);
  d.collectParams().zeroGrad();
  assert.equal(d.weight.grad().toArray(), [[0, 0]]);
});

test('Dropout: identity in predict mode, MXNet scaling in train mode, reproducible masks', () => {
  const drop = new Dropout(0.5);
  assert.is(drop.toString(), 'Dropout(p = 0.5, axes=())');
  const x = ones([200, 50]);
  assert.equal(drop.forward(x).toFloat32Array(), x.toFloat32Array(), 'predict mode');
  seed(3);
  const y = trainMode(() => drop.forward(x)).toFloat32Array();
  const kept = y.filter((v) => v !== 0);
  assert.ok(kept.every((v) => v === 2), 'kept values scaled by 1/(1-p)');
  assert.ok(Math.abs(kept.length / y.length - 0.5) < 0.03, `about half kept (${kept.length}/${y.length})`);
  seed(3);
  assert.equal(trainMode(() => drop.forward(x)).toFloat32Array(), y, 'same seed, same mask');
  const shared = trainMode(() => new Dropout(0.5, { axes: [1] }).forward(x)).toArray() as number[][];
  assert.ok(shared.every((row) => row.every((v) => v === row[0])), 'one mask value per row with axes [1]');
  assert.is(new Dropout(0.25, { axes: [1] }).toString(), 'Dropout(p = 0.25, axes=(1,))');
});

test('Flatten and Lambda', () => {
  assert.equal([...new Flatten().forward(zeros([2, 3, 4])).shape], [2, 12]);
  assert.is(new Flatten().toString(), 'Flatten');
  assert.equal(new Lambda('relu').forward(array([-1, 2])).toArray(), [0, 2]);
  assert.equal(new Lambda(function double(x: NDArray) { return x.mul(2); }).forward(array([1])).toArray(), [2]);
  assert.is(new Lambda('relu').toString(), 'Lambda(relu)');
  assert.throws(() => new Lambda('nope'), isErr(ValueError, /nn.Lambda: expected a function or the name of an nd function, got "nope"/));
});

class MLP extends Block {
  hidden = new Dense(64, { activation: 'relu' });
  out = new Dense(10);
  override forward(x: NDArray): NDArray {
    return this.out.forward(this.hidden.forward(x));
  }
}

test('memory stays flat over 1,000 training steps (no manual dispose in the loop)', () => {
  const net = new MLP();
  net.initialize();
  const lossFn = new SoftmaxCrossEntropyLoss();
  const x = uniform({ shape: [32, 100] });
  const y = array(Array.from({ length: 32 }, (_, i) => i % 10));
  const trainer = new Trainer(net.collectParams(), 'adam', { learningRate: 0.01 });
  const step = () => {
    const loss = record(() => lossFn.forward(net.forward(x), y));
    loss.backward();
    trainer.step(32);
    const value = tidy(() => loss.mean().asScalar());
    loss.dispose();
    return value;
  };
  const first = tidy(step);
  for (let i = 0; i < 10; i++) tidy(step);
  const before = memory();
  let last = 0;
  for (let i = 0; i < 1000; i++) last = step();
  assert.equal(memory(), before);
  assert.ok(last < first / 10, `the loss fell (${first} → ${last})`);
});

test.run();
