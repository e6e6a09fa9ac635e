// Inference without tidy: Sequential frees what it made and does not return, each intermediate
// output as soon as the next child has consumed it (outside autograd.record), so a synchronous loop that disposes only what
// forward returns keeps nd.memory() flat; arrays that existed before the call, the input, views
// and pass-through children are left alone, and recorded forwards keep everything for backward.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sequential, HybridSequential, Dense, Block } from '../src/gluon/nn';
import { Dropout } from '../src/gluon/nn/dropout';
import { Flatten } from '../src/gluon/nn/flatten';
import { Lambda, HybridLambda } from '../src/gluon/nn/lambda';
import { record } from '../src/nd/record';
import { array } from '../src/nd/creation';
import { uniform, seed } from '../src/nd/random';
import { memory, tidy } from '../src/nd/memory';
import { denseRef } from './helpers/reference';
import { L1Loss, L2Loss, SigmoidBinaryCrossEntropyLoss, SoftmaxCrossEntropyLoss } from '../src/gluon/loss';
import type { NDArray } from '../src/nd/ndarray';

function seedMlp(): Sequential {
  seed(3);
  const net = new Sequential();
  net.add(new Dense(256, { activation: 'relu' }), new Dense(10));
  net.initialize();
  return net;
}

/** The same network by definition, in float64 from the float32 parameters. */
function byHand(net: Sequential, x: NDArray): number[] {
  const [w0, b0, w1, b1] = [net[0].weight, net[0].bias, net[1].weight, net[1].bias].map((p) => p.data().toFloat32Array());
  const rows = x.shape[0];
  return denseRef(denseRef(x.toFloat32Array(), rows, w0, 256, b0, (v) => Math.max(v, 0)), rows, w1, 10, b1);
}

test('a synchronous loop of 2,000 seed-MLP forwards, disposing only the output, keeps nd.memory() flat', () => {
  const net = seedMlp();
  const x = uniform({ shape: [2, 20] });
  net.forward(x).dispose(); // deferred initialisation happens here
  const before = memory();
  let last: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const y = net.forward(x);
    if (i === 1999) last = Array.from(y.toFloat32Array());
    y.dispose();
  }
  const after = memory();
  assert.is(after.arrays, before.arrays, 'no hidden activation was left behind');
  assert.is(after.bytes, before.bytes);
  assert.is(x.isDisposed, false, 'the input is the caller\'s');
  const want = byHand(net, x);
  last.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-4, `output ${i}: ${v} vs ${want[i]}`));
  const viaTidy = tidy(() => net.forward(x).toFloat32Array());
  assert.equal(last, Array.from(viaTidy), 'same values as a forward under tidy');
});

test('pass-through children, views and nested stacks: the right arrays are freed, the rest survive', () => {
  seed(5);
  const constant = array([[1, 2, 3, 4]]);
  const inner = new HybridSequential();
  inner.add(new Dense(4, { inUnits: 8 }), new HybridLambda((h: NDArray) => h)); // identity: hands its input on
  const net = new Sequential<Block>();
  net.add(
    new Flatten(),                                  // a view of the caller's input
    new Dense(8, { inUnits: 8, activation: 'tanh' }),
    new Dropout(0.5),                               // predict mode: a copy of its input
    inner,                                          // a nested stack
    new Lambda((h: NDArray) => [h.mul(2), h.mul(0)]),  // a tuple: both members go to the next child
    new Lambda((h: NDArray, zero: NDArray) => h.add(zero)),
    new Lambda(() => constant),                     // an array that existed before the call
    new Lambda((c: NDArray) => c.add(1)),
  );
  net.initialize();
  const x = uniform({ shape: [2, 2, 4] });
  const before = memory();
  const y = net.forward(x);
  assert.equal(y.toArray(), [[2, 3, 4, 5]]);
  assert.is(constant.isDisposed, false, 'an array made before the call is never freed');
  assert.is(x.isDisposed, false);
  y.dispose();
  assert.is(memory().arrays, before.arrays, 'every intermediate was freed');
  // the values through the same children by hand (tidy frees the steps)
  const z = tidy(() => {
    const flat = x.reshape([2, 8]);
    const h = (net[1] as Dense).forward(flat);
    const i = (inner[1] as HybridLambda).forward((inner[0] as Dense).forward(h));
    return i.mul(2);
  });
  const viaNet = tidy(() => new Sequential<Block>().add(net[0], net[1], net[2], inner, net[4], net[5]).forward(x));
  assert.equal(viaNet.toArray(), z.toArray());
  [z, viaNet].forEach((a) => a.dispose());
});

test('under autograd.record the intermediates stay for backward: gradients match a float64 reference', () => {
  const net = seedMlp();
  const x = uniform({ shape: [2, 20] });
  net.forward(x).dispose();
  const out = record(() => net.forward(x).sum());
  out.backward();
  // d(sum)/d(b1) = rows (each output sums once per row)
  assert.equal(Array.from(net[1].bias.grad().toFloat32Array()), new Array(10).fill(2));
  // d(sum)/d(w1)[o][u] = sum over rows of relu(h)[u]: compare with a float64 hidden layer
  const hidden = denseRef(x.toFloat32Array(), 2, net[0].weight.data().toFloat32Array(), 256, net[0].bias.data().toFloat32Array(), (v) => Math.max(v, 0));
  const gw1 = net[1].weight.grad().toFloat32Array();
  for (const u of [0, 7, 100, 255]) {
    const want = hidden[u] + hidden[256 + u];
    assert.ok(Math.abs(gw1[3 * 256 + u] - want) < 1e-4, `dW1[3][${u}] = ${gw1[3 * 256 + u]}, expected ${want}`);
  }
  out.dispose();
});

test('losses outside record free their temporaries: an evaluation loop stays flat, values as a float64 reference', () => {
  seed(11);
  const pred = uniform({ low: -2, high: 2, shape: [4, 3] });
  const dense = uniform({ shape: [4, 3] });
  const classes = array([0, 2, 1, 2]);
  const weights = array([[1], [0.5], [2], [0]]);
  const p = Array.from(pred.toFloat32Array()), t = Array.from(dense.toFloat32Array()), sw = [1, 0.5, 2, 0];
  const rowMean = (f: (i: number) => number) => [0, 1, 2, 3].map((r) => (f(r * 3) + f(r * 3 + 1) + f(r * 3 + 2)) / 3);
  const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  const cases: [string, () => NDArray, number[]][] = [
    ['L2Loss', () => new L2Loss().forward(pred, dense), rowMean((i) => 0.5 * (t[i] - p[i]) ** 2)],
    ['L1Loss with sampleWeight', () => new L1Loss().forward(pred, dense, weights), rowMean((i) => Math.abs(t[i] - p[i]) * sw[Math.floor(i / 3)])],
    ['SigmoidBCE', () => new SigmoidBinaryCrossEntropyLoss().forward(pred, dense), rowMean((i) => softplus(p[i]) - p[i] * t[i])],
    ['SoftmaxCE', () => new SoftmaxCrossEntropyLoss().forward(pred, classes), [0, 1, 2, 3].map((r) => {
      const row = p.slice(r * 3, r * 3 + 3);
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      return lse - row[[0, 2, 1, 2][r]];
    })],
  ];
  for (const [name, run, want] of cases) {
    run().dispose();
    const before = memory();
    let got: number[] = [];
    for (let i = 0; i < 200; i++) {
      const loss = run();
      if (i === 0) got = Array.from(loss.toFloat32Array());
      loss.dispose();
    }
    assert.is(memory().arrays, before.arrays, `${name}: temporaries left behind`);
    assert.is(memory().bytes, before.bytes, name);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `${name}[${i}] = ${v}, expected ${want[i]}`));
  }
  [pred, dense, classes, weights].forEach((a) => assert.is(a.isDisposed, false, 'inputs are the caller\'s'));
});

test.run();
