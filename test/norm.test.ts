// BatchNorm and LayerNorm: forward against float64 references (batch statistics with the biased
// variance, running statistics in predict mode), gradients by central differences, MXNet's
// running-statistics update in the backward pass (and nowhere else), fix_gamma, the layers'
// parameters (names, gradReq, dtype reprs), reprs, deferred shapes, files and training.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchNorm, layerNorm } from '../src/nd/ops/norm';
import { array, ones, zeros } from '../src/nd/creation';
import { record, trainMode, predictMode } from '../src/nd/record';
import { sum } from '../src/nd/ops/reduce';
import { BatchNorm } from '../src/gluon/nn/batchnorm';
import { LayerNorm } from '../src/gluon/nn/layernorm';
import { Sequential, Dense, Block } from '../src/gluon/nn';
import { Conv2D } from '../src/gluon/nn/conv';
import { Trainer } from '../src/gluon/trainer';
import { withNameManager } from '../src/gluon/naming';
import { ShapeError, ValueError } from '../src/wasm';
import type { NDArray } from '../src/nd/ndarray';
import { assertClose, gradCheck, isErr, nd, randomData, rng } from './helpers/reference';

const r = rng(9);
const f32 = Math.fround;

/** Per-channel batch statistics along `axis` (biased variance), in float64. */
function refStats(x: ArrayLike<number>, shape: number[], axis: number): { mean: Float64Array; variance: Float64Array; outer: number; c: number; inner: number } {
  const c = shape[axis];
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1), inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const mean = new Float64Array(c), variance = new Float64Array(c);
  const m = outer * inner;
  for (let o = 0; o < outer; o++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < inner; i++) mean[ch] += x[(o * c + ch) * inner + i] / m;
  for (let o = 0; o < outer; o++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < inner; i++) variance[ch] += (x[(o * c + ch) * inner + i] - mean[ch]) ** 2 / m;
  return { mean, variance, outer, c, inner };
}

function refBatchNorm(x: ArrayLike<number>, shape: number[], axis: number, mean: ArrayLike<number>, variance: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number): Float64Array {
  const c = shape[axis];
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1), inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let ch = 0; ch < c; ch++) {
      for (let i = 0; i < inner; i++) {
        const at = (o * c + ch) * inner + i;
        out[at] = ((x[at] - mean[ch]) / Math.sqrt(variance[ch] + eps)) * gamma[ch] + beta[ch];
      }
    }
  }
  return out;
}

const bnShapes: [number[], number][] = [
  [[4, 3, 5, 5], 1], // conv feature maps (inner > 1, SIMD along the plane)
  [[6, 7], 1], // after a Dense layer (inner = 1, SIMD across channels, 7 = a tail)
  [[5, 12], 1], // inner = 1, channels a multiple of 4
  [[3, 4, 6], -1], // axis -1 (NHWC-like)
  [[2, 3, 3, 2], 2],
  [[5, 3], 0],
];

for (const [shape, axis] of bnShapes) {
  test(`batchNorm in training uses the batch mean and biased variance: ${shape.join('x')} axis ${axis}`, () => {
    const ax = axis < 0 ? axis + shape.length : axis;
    const c = shape[ax];
    const xd = randomData(shape, r, -3, 5), gd = randomData([c], r, 0.5, 2), bd = randomData([c], r);
    const rm = nd(randomData([c], r), [c]), rv = nd(randomData([c], r, 0.5, 2), [c]);
    const rmBefore = rm.toFloat32Array(), rvBefore = rv.toFloat32Array();
    const y = trainMode(() => batchNorm(nd(xd, shape), nd(gd, [c]), nd(bd, [c]), rm, rv, { axis, eps: 1e-5, fixGamma: false }));
    const { mean, variance } = refStats(xd, shape, ax);
    assertClose(y.toFloat32Array(), refBatchNorm(xd, shape, ax, mean, variance, gd, bd, 1e-5), 1e-4, 1e-4);
    // a forward alone (even in training) leaves the running statistics as they were
    assertClose(rm.toFloat32Array(), rmBefore, 0, 0);
    assertClose(rv.toFloat32Array(), rvBefore, 0, 0);
  });

  test(`batchNorm gradients (x, gamma, beta) by central differences: ${shape.join('x')} axis ${axis}`, () => {
    const ax = axis < 0 ? axis + shape.length : axis;
    const c = shape[ax];
    const rm = zeros([c]), rv = ones([c]);
    const f = (x: NDArray, g: NDArray, b: NDArray) => trainMode(() => batchNorm(x, g, b, rm, rv, { axis, eps: 1e-3, fixGamma: false }));
    gradCheck(f, [{ data: randomData(shape, r), shape }, { data: randomData([c], r, 0.5, 2), shape: [c] }, { data: randomData([c], r), shape: [c] }], { eps: 1e-2, rtol: 3e-2, atol: 3e-2 });
  });
}

test('batchNorm in predict mode (and with useGlobalStats) uses the running statistics; gradients follow', () => {
  const shape = [3, 4, 2, 3];
  const xd = randomData(shape, r), gd = randomData([4], r), bd = randomData([4], r), md = randomData([4], r), vd = randomData([4], r, 0.5, 2);
  const want = refBatchNorm(xd, shape, 1, md, vd, gd, bd, 1e-3);
  const rm = nd(md, [4]), rv = nd(vd, [4]);
  const run = () => batchNorm(nd(xd, shape), nd(gd, [4]), nd(bd, [4]), rm, rv, { fixGamma: false });
  assertClose(predictMode(run).toFloat32Array(), want, 1e-5, 1e-5);
  assertClose(trainMode(() => batchNorm(nd(xd, shape), nd(gd, [4]), nd(bd, [4]), rm, rv, { fixGamma: false, useGlobalStats: true })).toFloat32Array(), want, 1e-5, 1e-5);
  const f = (x: NDArray, g: NDArray, b: NDArray) => predictMode(() => batchNorm(x, g, b, rm, rv, { fixGamma: false }));
  // gradCheck records in train mode; force predict inside so both sides see the same function
  gradCheck(f, [{ data: xd, shape }, { data: gd, shape: [4] }, { data: bd, shape: [4] }]);
  // nothing in predict mode touches the running statistics, backward included
  const x = nd(xd, shape);
  x.attachGrad();
  record(() => predictMode(() => sum(batchNorm(x, nd(gd, [4]), nd(bd, [4]), rm, rv)))).backward();
  assertClose(rm.toFloat32Array(), md, 0, 0);
  assertClose(rv.toFloat32Array(), vd, 0, 0);
});

test('batchNorm updates the running statistics in backward: running*momentum + batch*(1-momentum), biased variance', () => {
  const shape = [4, 3, 2, 2];
  const xd = randomData(shape, r, -1, 3);
  const rm = nd([0.5, -1, 2], [3]), rv = nd([1, 2, 0.5], [3]);
  const x = nd(xd, shape);
  x.attachGrad();
  const y = record(() => sum(batchNorm(x, ones([3]), zeros([3]), rm, rv, { eps: 1e-5, momentum: 0.8, fixGamma: false })));
  assertClose(rm.toFloat32Array(), [0.5, -1, 2], 0, 0); // still untouched after the recorded forward
  y.backward();
  const { mean, variance } = refStats(xd, shape, 1);
  assertClose(rm.toFloat32Array(), [0.5, -1, 2].map((v, i) => v * 0.8 + mean[i] * 0.2), 1e-5, 1e-6);
  assertClose(rv.toFloat32Array(), [1, 2, 0.5].map((v, i) => v * 0.8 + variance[i] * 0.2), 1e-4, 1e-5);
  // with useGlobalStats the backward leaves them alone
  const before = rm.toFloat32Array();
  record(() => sum(batchNorm(x, ones([3]), zeros([3]), rm, rv, { useGlobalStats: true }))).backward();
  assertClose(rm.toFloat32Array(), before, 0, 0);
});

test('batchNorm fixGamma (MXNet op default) treats gamma as 1 and gives it a zero gradient', () => {
  const shape = [5, 2];
  const xd = randomData(shape, r);
  const g = nd([3, -2], [2]);
  g.attachGrad();
  const y = record(() => batchNorm(nd(xd, shape), g, zeros([2]), zeros([2]), ones([2])));
  const { mean, variance } = refStats(xd, shape, 1);
  assertClose(y.toFloat32Array(), refBatchNorm(xd, shape, 1, mean, variance, [1, 1], [0, 0], 1e-3), 1e-4, 1e-5);
  y.backward();
  assert.equal(g.grad!.toArray(), [0, 0]);
});

test('batchNorm errors', () => {
  const x = zeros([2, 3, 4]);
  assert.throws(() => batchNorm(x, ones([4]), zeros([3]), zeros([3]), ones([3])), isErr(ShapeError, /batchNorm: gamma must have shape \(3,\) for data \(2, 3, 4\) normalized along axis 1, got \(4,\)/));
  assert.throws(() => batchNorm(x, ones([3]), zeros([3]), zeros([3]), ones([3]), { axis: 3 }), isErr(ShapeError, /batchNorm: axis 3 is out of range/));
  assert.throws(() => batchNorm(x, ones([3]), zeros([3]), zeros([3]), ones([3]), { eps: 0 }), isErr(ValueError, /batchNorm: eps must be a positive number/));
  assert.throws(() => trainMode(() => batchNorm(zeros([0, 3]), ones([3]), zeros([3]), zeros([3]), ones([3]))), isErr(ShapeError, /batch statistics need at least one element per channel/));
});

test('nn.BatchNorm: parameters, gradReq, dtype reprs, repr, deferred channels', () => withNameManager(() => {
  const bn = new BatchNorm();
  assert.is(bn.name, 'batchnorm0');
  assert.equal([...bn.collectParams().keys()], ['batchnorm0_gamma', 'batchnorm0_beta', 'batchnorm0_running_mean', 'batchnorm0_running_var']);
  assert.is(bn.gamma.toString(), "Parameter batchnorm0_gamma (shape=(0,), dtype=<class 'numpy.float32'>)");
  assert.is(bn.running_var.toString(), "Parameter batchnorm0_running_var (shape=(0,), dtype=<class 'numpy.float32'>)");
  assert.equal([bn.gamma.gradReq, bn.beta.gradReq, bn.running_mean.gradReq, bn.running_var.gradReq], ['write', 'write', 'null', 'null']);
  assert.equal([bn.running_mean.differentiable, bn.running_var.differentiable], [false, false]);
  assert.is(bn.runningMean, bn.running_mean);
  assert.is(bn.toString(), 'BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=None)');
  bn.initialize();
  const y = bn.forward(nd(randomData([2, 3, 4, 4], r), [2, 3, 4, 4]));
  assert.equal([...y.shape], [2, 3, 4, 4]);
  assert.is(bn.toString(), 'BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=3)');
  assert.equal(bn.gamma.data().toArray(), [1, 1, 1]);
  assert.equal(bn.beta.data().toArray(), [0, 0, 0]);
  assert.equal(bn.running_mean.data().toArray(), [0, 0, 0]);
  assert.equal(bn.running_var.data().toArray(), [1, 1, 1]);
  const other = new BatchNorm({ axis: -1, momentum: 0.99, epsilon: 1e-3, scale: false, center: false, useGlobalStats: true, inChannels: 8 });
  assert.is(other.toString(), 'BatchNorm(axis=-1, eps=0.001, momentum=0.99, fix_gamma=True, use_global_stats=True, in_channels=8)');
  assert.equal([other.gamma.gradReq, other.beta.gradReq, other.gamma.differentiable], ['null', 'null', false]);
  assert.equal([...other.gamma.shape!], [8]);
}));

test('nn.BatchNorm: train vs predict mode, running statistics through a training step, files', () => {
  const net = new Sequential<Block>();
  net.add(new Conv2D(4, 3, { padding: 1 }), new BatchNorm({ momentum: 0.5 }), new Dense(3));
  net.initialize();
  const bn = net[1] as BatchNorm;
  const x = nd(randomData([6, 2, 5, 5], r, -2, 4), [6, 2, 5, 5]);
  // predict mode before any training: running mean 0, var 1 → y = x / sqrt(1 + eps)
  const conv = net[0] as Conv2D;
  const feat = predictMode(() => conv.forward(x));
  const pred = predictMode(() => bn.forward(feat));
  assertClose(pred.toFloat32Array(), feat.toFloat32Array().map((v) => f32(v / Math.sqrt(1 + 1e-5))), 1e-6, 1e-6);
  const trainer = new Trainer(net.collectParams(), 'sgd', { learningRate: 0.1 });
  const loss = record(() => sum(net.forward(x)));
  loss.backward();
  const { mean, variance } = refStats(feat.toFloat32Array(), [6, 4, 5, 5], 1);
  assertClose(bn.running_mean.data().toFloat32Array(), [...mean].map((m) => m * 0.5), 1e-4, 1e-5);
  assertClose(bn.running_var.data().toFloat32Array(), [...variance].map((v) => 0.5 + v * 0.5), 1e-4, 1e-5);
  const rm = bn.running_mean.data().toFloat32Array();
  trainer.step(6); // gradReq 'null': the trainer leaves the running statistics alone
  assertClose(bn.running_mean.data().toFloat32Array(), rm, 0, 0);
  assert.ok(bn.gamma.data().toFloat32Array().some((v) => v !== 1), 'gamma was trained');
  // the file holds the running statistics under MXNet's names
  const bytes = net.saveParameters();
  const copy = new Sequential<Block>();
  copy.add(new Conv2D(4, 3, { padding: 1 }), new BatchNorm({ momentum: 0.5 }), new Dense(3));
  copy.loadParameters(bytes);
  assertClose((copy[1] as BatchNorm).running_var.data().toFloat32Array(), bn.running_var.data().toFloat32Array(), 0, 0);
  assertClose(predictMode(() => copy.forward(x)).toFloat32Array(), predictMode(() => net.forward(x)).toFloat32Array(), 0, 0);
  const keys = [...net._collectParamsWithPrefix().keys()];
  assert.equal(keys.slice(2, 6), ['1.gamma', '1.beta', '1.running_mean', '1.running_var']);
});

// ---------------------------------------------------------------- LayerNorm

function refLayerNorm(x: ArrayLike<number>, shape: number[], axis: number, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number): Float64Array {
  const d = shape[axis];
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1), inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => (o * d + j) * inner + i;
      let m = 0, v = 0;
      for (let j = 0; j < d; j++) m += x[at(j)] / d;
      for (let j = 0; j < d; j++) v += (x[at(j)] - m) ** 2 / d;
      for (let j = 0; j < d; j++) out[at(j)] = ((x[at(j)] - m) / Math.sqrt(v + eps)) * gamma[j] + beta[j];
    }
  }
  return out;
}

const lnShapes: [number[], number][] = [[[4, 10], -1], [[2, 3, 16], -1], [[3, 5], 1], [[2, 5, 3], 1], [[4, 3, 2], 0], [[7, 1], -1]];
for (const [shape, axis] of lnShapes) {
  test(`layerNorm forward and gradients: ${shape.join('x')} axis ${axis}`, () => {
    const ax = axis < 0 ? axis + shape.length : axis;
    const d = shape[ax];
    const xd = randomData(shape, r, -2, 3), gd = randomData([d], r, 0.5, 2), bd = randomData([d], r);
    const y = layerNorm(nd(xd, shape), nd(gd, [d]), nd(bd, [d]), { axis });
    assertClose(y.toFloat32Array(), refLayerNorm(xd, shape, ax, gd, bd, 1e-5), 1e-4, 1e-4);
    if (d > 1) {
      gradCheck((x, g, b) => layerNorm(x, g, b, { axis, eps: 1e-3 }), [{ data: xd, shape }, { data: gd, shape: [d] }, { data: bd, shape: [d] }], { rtol: 3e-2, atol: 3e-2 });
    }
  });
}

test('layerNorm errors', () => {
  assert.throws(() => layerNorm(zeros([2, 3]), ones([2]), zeros([3])), isErr(ShapeError, /layerNorm: gamma must have shape \(3,\) for data \(2, 3\) normalized along axis 1, got \(2,\)/));
  assert.throws(() => layerNorm(zeros([2, 3]), ones([3]), zeros([3]), { axis: 2 }), isErr(ShapeError, /layerNorm: axis 2 is out of range/));
});

test('nn.LayerNorm: parameters, repr (raw 0 before inference), deferred shape, forward, files', () => withNameManager(() => {
  const ln = new LayerNorm();
  assert.is(ln.name, 'layernorm0');
  assert.is(ln.toString(), 'LayerNorm(eps=1e-05, axis=-1, center=True, scale=True, in_channels=0)');
  assert.is(ln.gamma.toString(), "Parameter layernorm0_gamma (shape=(0,), dtype=<class 'numpy.float32'>)");
  ln.initialize();
  const xd = randomData([3, 6], r);
  const y = ln.forward(nd(xd, [3, 6]));
  assert.is(ln.toString(), 'LayerNorm(eps=1e-05, axis=-1, center=True, scale=True, in_channels=6)');
  assertClose(y.toFloat32Array(), refLayerNorm(xd, [3, 6], 1, new Array(6).fill(1), new Array(6).fill(0), 1e-5), 1e-4, 1e-5);
  const fixed = new LayerNorm({ axis: 1, epsilon: 1e-6, center: false, scale: false, inChannels: 4 });
  assert.is(fixed.toString(), 'LayerNorm(eps=1e-06, axis=1, center=False, scale=False, in_channels=4)');
  assert.equal([fixed.gamma.gradReq, fixed.beta.gradReq], ['null', 'null']);
  // save → load
  ln.gamma.setData(array([1, 2, 3, 4, 5, 6]));
  const bytes = ln.saveParameters();
  const back = new LayerNorm();
  back.loadParameters(bytes);
  assert.equal(back.gamma.data().toArray(), [1, 2, 3, 4, 5, 6]);
  assert.throws(() => new LayerNorm({ epsilon: -1 }), isErr(ValueError, /nn.LayerNorm: epsilon must be positive/));
}));

test('BatchNorm and LayerNorm refuse bad options with the layer\'s name and the value', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => new BatchNorm({ axis: 1.5 }), /^nn\.BatchNorm: axis must be an integer, got 1\.5$/],
    [() => new BatchNorm({ momentum: 1.5 }), /^nn\.BatchNorm: momentum must be in \[0, 1\], got 1\.5$/],
    [() => new BatchNorm({ momentum: NaN }), /^nn\.BatchNorm: momentum must be in \[0, 1\], got NaN$/],
    [() => new BatchNorm({ epsilon: 0 }), /^nn\.BatchNorm: epsilon must be positive, got 0$/],
    [() => new BatchNorm({ inChannels: -1 }), /^nn\.BatchNorm: inChannels must be a non-negative integer \(0 = inferred\), got -1$/],
    [() => new LayerNorm({ axis: 0.5 }), /^nn\.LayerNorm: axis must be an integer, got 0\.5$/],
    [() => new LayerNorm({ inChannels: 2.5 }), /^nn\.LayerNorm: inChannels must be a non-negative integer \(0 = inferred\), got 2\.5$/],
  ];
  for (const [make, message] of cases) assert.throws(make, isErr(ValueError, message));
});

test.run();
