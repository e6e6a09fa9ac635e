// conv2d and nn.Conv2D: forward against a float64 loop over the definition (padding, strides,
// dilation, groups, odd and rectangular sizes, 1x1, bands of a large image, several small images
// per GEMM), gradients against
// central differences and against the loop's own gradient, MXNet's defaults, naming, reprs,
// deferred inChannels, errors, and saveParameters/loadParameters round trips.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conv2d, type Conv2DOptions } from '../src/nd/ops/conv';
import type { ActivationName } from '../src/nd/ops/nn';
import { relu } from '../src/nd/ops/elementwise';
import { sum } from '../src/nd/ops/reduce';
import { mul } from '../src/nd/ops/elementwise';
import { array } from '../src/nd/creation';
import { record } from '../src/nd/record';
import { Conv2D } from '../src/gluon/nn/conv';
import { Sequential, HybridSequential, HybridBlock, Dense, Flatten } from '../src/gluon/nn';
import { BatchNorm } from '../src/gluon/nn/batchnorm';
import { MaxPool2D, GlobalAvgPool2D } from '../src/gluon/nn/pool';
import { Block } from '../src/gluon/block';
import { Xavier } from '../src/gluon/init';
import { withNameManager } from '../src/gluon/naming';
import { DeferredInitializationError } from '../src/wasm';
import { ShapeError, ValueError } from '../src/wasm';
import { assertClose, gradCheck, isErr, nd, randomData, rng } from './helpers/reference';
import { refConv2d, refConv2dGrad, type ConvSpec } from './helpers/conv-reference';

const r = rng(11);

interface Case { x: number[]; w: number[]; spec: ConvSpec; bias?: boolean; name: string }

const cases: Case[] = [
  { name: 'LeNet 5x5 on 28x28', x: [2, 1, 28, 28], w: [6, 1, 5, 5], spec: {} },
  { name: '3x3 pad 1', x: [2, 3, 7, 9], w: [4, 3, 3, 3], spec: { pad: [1, 1] } },
  { name: 'stride 2, odd size', x: [1, 2, 9, 11], w: [3, 2, 3, 3], spec: { stride: [2, 2], pad: [1, 1] } },
  { name: 'asymmetric stride/pad, rectangular kernel', x: [2, 2, 8, 7], w: [5, 2, 2, 3], spec: { stride: [1, 2], pad: [2, 0] } },
  { name: 'dilation 2', x: [1, 3, 10, 9], w: [2, 3, 3, 3], spec: { dil: [2, 2], pad: [2, 1] } },
  { name: 'dilation (1, 3) with stride 3', x: [2, 2, 11, 13], w: [3, 2, 3, 2], spec: { dil: [1, 3], stride: [3, 3] } },
  { name: 'groups 2', x: [2, 4, 6, 6], w: [6, 2, 3, 3], spec: { groups: 2, pad: [1, 1] } },
  { name: 'depthwise (groups = channels)', x: [1, 3, 5, 6], w: [3, 1, 3, 3], spec: { groups: 3, pad: [1, 1] } },
  { name: '1x1 (no im2col)', x: [2, 5, 4, 3], w: [7, 5, 1, 1], spec: {} },
  { name: '1x1 with groups', x: [2, 4, 3, 3], w: [6, 2, 1, 1], spec: { groups: 2 } },
  { name: '1x1 stride 2', x: [1, 3, 5, 5], w: [2, 3, 1, 1], spec: { stride: [2, 2] } },
  { name: 'no bias, kernel = input', x: [3, 2, 4, 4], w: [5, 2, 4, 4], spec: {}, bias: false },
  { name: 'padding larger than the kernel reach', x: [1, 1, 3, 3], w: [2, 1, 2, 2], spec: { pad: [3, 2] } },
  // small maps run several images per GEMM (512 output columns a tile): tiles of 5 images, the last of 2
  { name: 'several images per GEMM (LeNet 2nd layer), last tile partial', x: [7, 6, 12, 12], w: [16, 6, 3, 3], spec: {} },
  { name: 'several images per GEMM with groups, stride and padding', x: [23, 4, 9, 9], w: [6, 2, 3, 3], spec: { groups: 2, stride: [2, 2], pad: [1, 1] } },
];

const opts = (spec: ConvSpec): Conv2DOptions => ({ stride: spec.stride, padding: spec.pad, dilation: spec.dil, groups: spec.groups });

for (const c of cases) {
  test(`conv2d forward: ${c.name}`, () => {
    const xd = randomData(c.x, r), wd = randomData(c.w, r), bd = randomData([c.w[0]], r);
    const want = refConv2d(xd, c.x, wd, c.w, c.bias === false ? null : bd, c.spec);
    const y = conv2d(nd(xd, c.x), nd(wd, c.w), c.bias === false ? null : nd(bd, [c.w[0]]), opts(c.spec));
    assert.equal([...y.shape], want.shape);
    assertClose(y.toFloat32Array(), want.data, 1e-4, 1e-4, c.name);
  });
}

test('conv2d fused activation: relu(conv + b)', () => {
  const xs = [2, 3, 6, 6], ws = [4, 3, 3, 3];
  const xd = randomData(xs, r), wd = randomData(ws, r), bd = randomData([4], r);
  const y = conv2d(nd(xd, xs), nd(wd, ws), nd(bd, [4]), { padding: 1, activation: 'relu' });
  const want = refConv2d(xd, xs, wd, ws, bd, { pad: [1, 1] }).data.map((v) => Math.max(0, v));
  assertClose(y.toFloat32Array(), want, 1e-4, 1e-4);
  const plain = relu(conv2d(nd(xd, xs), nd(wd, ws), nd(bd, [4]), { padding: 1 }));
  assertClose(y.toFloat32Array(), plain.toFloat32Array(), 0, 0);
});

test('conv2d every fused activation, with and without bias, against the float64 definition', () => {
  const acts: [ActivationName, (v: number) => number][] = [
    ['relu', (v) => Math.max(0, v)], ['sigmoid', (v) => 1 / (1 + Math.exp(-v))], ['tanh', Math.tanh],
    ['softrelu', (v) => Math.log1p(Math.exp(v))], ['softsign', (v) => v / (1 + Math.abs(v))],
  ];
  // planes of 7x7: the kernel's f32x4 loop and its scalar tail both run
  const xs = [2, 3, 7, 7], ws = [5, 3, 3, 3];
  const xd = randomData(xs, r), wd = randomData(ws, r), bd = randomData([5], r);
  for (const [act, f] of acts) {
    for (const withBias of [true, false]) {
      const y = conv2d(nd(xd, xs), nd(wd, ws), withBias ? nd(bd, [5]) : null, { padding: 1, activation: act });
      const want = refConv2d(xd, xs, wd, ws, withBias ? bd : null, { pad: [1, 1] }).data.map(f);
      assertClose(y.toFloat32Array(), want, 1e-4, 1e-4, `${act}, bias ${withBias}`);
    }
  }
});

test('conv2d on an image large enough to be cut into bands of output rows (4 MiB column matrix)', () => {
  // K = 64*3*3 = 576, 70 output columns: 161 KiB per output row, so 26 rows per band, 3 bands
  const xs = [1, 64, 70, 70], ws = [3, 64, 3, 3];
  const xd = randomData(xs, r), wd = randomData(ws, r, -0.2, 0.2), bd = randomData([3], r);
  const x = nd(xd, xs), w = nd(wd, ws), b = nd(bd, [3]);
  x.attachGrad();
  w.attachGrad();
  b.attachGrad();
  const gz = randomData([1, 3, 70, 70], r);
  const y = record(() => conv2d(x, w, b, { padding: 1 }));
  y.backward(nd(gz, y.shape));
  assertClose(y.toFloat32Array(), refConv2d(xd, xs, wd, ws, bd, { pad: [1, 1] }).data, 1e-4, 1e-3);
  const want = refConv2dGrad(xd, xs, wd, ws, gz, { pad: [1, 1] });
  assertClose(x.grad!.toFloat32Array(), want.dx, 1e-4, 1e-3, 'dx');
  assertClose(w.grad!.toFloat32Array(), want.dw, 1e-4, 1e-2, 'dw');
  assertClose(b.grad!.toFloat32Array(), want.db, 1e-4, 1e-2, 'db');
});

for (const c of cases) {
  test(`conv2d backward against the loop's gradient: ${c.name}`, () => {
    const xd = randomData(c.x, r), wd = randomData(c.w, r), bd = randomData([c.w[0]], r);
    const x = nd(xd, c.x), w = nd(wd, c.w), b = nd(bd, [c.w[0]]);
    [x, w, b].forEach((a) => a.attachGrad());
    const y = record(() => conv2d(x, w, c.bias === false ? null : b, opts(c.spec)));
    const gz = randomData(y.shape as number[], r);
    y.backward(nd(gz, y.shape));
    const want = refConv2dGrad(xd, c.x, wd, c.w, gz, c.spec);
    assertClose(x.grad!.toFloat32Array(), want.dx, 1e-4, 1e-4, 'dx');
    assertClose(w.grad!.toFloat32Array(), want.dw, 1e-4, 1e-4, 'dw');
    if (c.bias !== false) assertClose(b.grad!.toFloat32Array(), want.db, 1e-4, 1e-4, 'db');
  });
}

test('conv2d gradients by central differences (x, weight, bias; with relu, stride, dilation, groups)', () => {
  const input = (shape: number[]) => ({ data: randomData(shape, r), shape });
  gradCheck((x, w, b) => conv2d(x, w, b, { padding: 1, stride: 2 }), [input([2, 2, 5, 5]), input([3, 2, 3, 3]), input([3])]);
  gradCheck((x, w, b) => conv2d(x, w, b, { dilation: 2, groups: 2, padding: [1, 2] }), [input([1, 4, 6, 5]), input([4, 2, 2, 2]), input([4])]);
  gradCheck((x, w) => conv2d(x, w, null, { padding: 1 }), [input([1, 3, 4, 4]), input([2, 3, 3, 3])]);
  gradCheck((x, w, b) => conv2d(x, w, b, { activation: 'tanh' }), [input([2, 2, 4, 4]), input([2, 2, 2, 2]), input([2])]);
  // relu: the bias pushes every pre-activation of channel 0 above the kink and of channel 1 below
  // it (|x·w| <= 8 products x 2 x 2 = 32 here), so no finite difference straddles it and both
  // branches are checked
  gradCheck((x, w, b) => conv2d(x, w, b, { activation: 'relu' }), [input([2, 2, 4, 4]), input([2, 2, 2, 2]), { data: [40, -40], shape: [2] }]);
});

test('conv2d input gradient is skipped when the data needs none; weight gradients still flow', () => {
  const x = nd(randomData([1, 1, 5, 5], r), [1, 1, 5, 5]);
  const w = nd(randomData([2, 1, 3, 3], r), [2, 1, 3, 3]);
  w.attachGrad();
  const y = record(() => sum(mul(conv2d(x, w, null), 2)));
  y.backward();
  const want = refConv2dGrad(x.toFloat32Array(), [1, 1, 5, 5], w.toFloat32Array(), [2, 1, 3, 3], new Float64Array(18).fill(2));
  assertClose(w.grad!.toFloat32Array(), want.dw, 1e-5, 1e-5);
  assert.is(x.grad, null);
});

test('conv2d errors name the op, the shapes and what was expected', () => {
  const x = array(new Float32Array(2 * 3 * 5 * 5), { shape: [2, 3, 5, 5] });
  assert.throws(() => conv2d(x, array(new Float32Array(4 * 2 * 3 * 3), { shape: [4, 2, 3, 3] }), null), isErr(ShapeError, /conv2d: weight \(4, 2, 3, 3\) expects 2 input channels per group, but data \(2, 3, 5, 5\)/));
  assert.throws(() => conv2d(x, array(new Float32Array(4 * 3 * 7 * 7), { shape: [4, 3, 7, 7] }), null), isErr(ShapeError, /conv2d: the dilated kernel 7x7 is larger than the padded input 5x5/));
  assert.throws(() => conv2d(x, array(new Float32Array(4 * 3), { shape: [4, 3, 1, 1] }), null, { groups: 2 }), isErr(ShapeError, /divisible by groups=2/));
  assert.throws(() => conv2d(x.reshape(6, 5, 5), array(new Float32Array(4 * 3), { shape: [4, 3, 1, 1] }), null), isErr(ShapeError, /conv2d: data must be 4-D/));
  assert.throws(() => conv2d(x, array(new Float32Array(4 * 3), { shape: [4, 3, 1, 1] }), array([1, 2])), isErr(ShapeError, /conv2d: bias must have shape \(4,\), got \(2,\)/));
  assert.throws(() => conv2d(x, array(new Float32Array(4 * 3), { shape: [4, 3, 1, 1] }), null, { stride: 0 }), isErr(ValueError, /conv2d: stride must be an integer >= 1/));
  assert.throws(() => conv2d(x, array(new Float32Array(4 * 3), { shape: [4, 3, 1, 1] }), null, { padding: [1, 2, 3] }), isErr(ValueError, /conv2d: padding must be/));
});

test('nn.Conv2D: hint `conv`, deferred inChannels, weight (channels, inChannels/groups, kh, kw), numpy dtype in reprs', () => withNameManager(() => {
  const conv = new Conv2D(6, 5);
  assert.is(conv.name, 'conv0');
  assert.equal([...conv.weight.shape!], [6, 0, 5, 5]);
  assert.is(conv.weight.toString(), "Parameter conv0_weight (shape=(6, 0, 5, 5), dtype=<class 'numpy.float32'>)");
  assert.is(conv.bias.toString(), "Parameter conv0_bias (shape=(6,), dtype=<class 'numpy.float32'>)");
  assert.is(conv.toString(), 'Conv2D(None -> 6, kernel_size=(5, 5), stride=(1, 1))');
  conv.initialize();
  assert.throws(() => conv.weight.data(), (e: Error) => e instanceof DeferredInitializationError);
  const x = nd(randomData([2, 3, 9, 9], r), [2, 3, 9, 9]);
  const y = conv.forward(x);
  assert.equal([...y.shape], [2, 6, 5, 5]);
  assert.equal([...conv.weight.shape!], [6, 3, 5, 5]);
  assert.is(conv.toString(), 'Conv2D(3 -> 6, kernel_size=(5, 5), stride=(1, 1))');
  assert.equal(conv.bias.data().toArray(), [0, 0, 0, 0, 0, 0]); // bias 'zeros'
  // the default initializer (Uniform 0.07) drew the weight at the first forward
  assert.ok(conv.weight.data().toFloat32Array().every((v) => Math.abs(v) <= 0.07) && conv.weight.data().toFloat32Array().some((v) => v !== 0));
  const want = refConv2d(x.toFloat32Array(), [2, 3, 9, 9], conv.weight.data().toFloat32Array(), [6, 3, 5, 5], null);
  assertClose(y.toFloat32Array(), want.data, 1e-5, 1e-6);
  const grouped = new Conv2D(8, [3, 1], { groups: 2, inChannels: 4, strides: [2, 1], padding: 1, dilation: [1, 2], useBias: false, activation: 'relu' });
  assert.is(grouped.name, 'conv1');
  assert.equal([...grouped.weight.shape!], [8, 2, 3, 1]);
  assert.is(grouped.bias, null);
  assert.is(grouped.act!.name, 'conv1_relu');
  assert.is(grouped.toString(), 'Conv2D(2 -> 8, kernel_size=(3, 1), stride=(2, 1), padding=(1, 1), dilation=(1, 2), groups=2, bias=False, Activation(relu))');
  assert.equal([...grouped.collectParams().keys()], ['conv1_weight']);
}));

test('nn.Conv2D forward (options, fused activation) equals the op and the loop reference', () => {
  const conv = new Conv2D(4, 3, { strides: 2, padding: [1, 0], dilation: 1, activation: 'sigmoid', weightInitializer: new Xavier(), biasInitializer: 'ones' });
  conv.initialize();
  const xs = [3, 2, 8, 7];
  const xd = randomData(xs, r);
  const y = conv.forward(nd(xd, xs));
  const w = conv.weight.data(), b = conv.bias.data();
  assert.equal(b.toArray(), [1, 1, 1, 1]);
  const want = refConv2d(xd, xs, w.toFloat32Array(), [4, 2, 3, 3], b.toFloat32Array(), { stride: [2, 2], pad: [1, 0] }).data.map((v) => 1 / (1 + Math.exp(-v)));
  assertClose(y.toFloat32Array(), want, 1e-5, 1e-6);
});

test('nn.Conv2D trains: gradients reach weight and bias; input gradient through two layers', () => {
  const net = new Sequential<Conv2D>();
  net.add(new Conv2D(3, 3, { padding: 1, activation: 'tanh' }), new Conv2D(2, 2));
  net.initialize(new Xavier());
  const x = nd(randomData([2, 1, 5, 5], r), [2, 1, 5, 5]);
  x.attachGrad();
  const loss = record(() => sum(net.forward(x)));
  loss.backward();
  for (const p of net.collectParams().values()) assert.ok(p.grad().toFloat32Array().some((v) => v !== 0), p.name);
  // compare the first layer's weight gradient with central differences of the whole net
  const w = net[0].weight;
  const g = w.grad().toFloat32Array();
  const base = w.data().toFloat32Array();
  const evalLoss = (i: number, d: number) => {
    const p = Float32Array.from(base);
    p[i] += d;
    w.setData(array(p, { shape: w.shape! }));
    const v = sum(net.forward(x)).asScalar();
    return v;
  };
  for (const i of [0, 4, 13, 26]) {
    const num = (evalLoss(i, 1e-2) - evalLoss(i, -1e-2)) / 2e-2;
    assertClose([g[i]], [num], 2e-2, 2e-2, `weight[${i}]`);
  }
});

test('nn.Conv2D saveParameters / loadParameters round trip (structural names, deferred target)', () => {
  const a = new Sequential<Block>();
  a.add(new Conv2D(4, 3, { padding: 1 }), new Conv2D(2, 1, { useBias: false }));
  a.initialize();
  const x = nd(randomData([1, 3, 6, 6], r), [1, 3, 6, 6]);
  const ya = a.forward(x);
  const bytes = a.saveParameters();
  const b = new Sequential<Block>();
  b.add(new Conv2D(4, 3, { padding: 1 }), new Conv2D(2, 1, { useBias: false }));
  b.loadParameters(bytes);
  assert.equal([...(b[0] as Conv2D).weight.shape!], [4, 3, 3, 3]);
  assertClose(b.forward(x).toFloat32Array(), ya.toFloat32Array(), 0, 0);
  // a mismatched net is refused, naming the parameter
  const c = new Sequential<Block>();
  c.add(new Conv2D(5, 3, { padding: 1 }), new Conv2D(2, 1, { useBias: false }));
  assert.throws(() => c.loadParameters(bytes), /0\.weight|conv\d+_weight/);
});

test('nn.Conv2D argument errors', () => {
  assert.throws(() => new Conv2D(0, 3), isErr(ValueError, /nn.Conv2D: channels must be a positive integer/));
  assert.throws(() => new Conv2D(4, [3, 3, 3]), isErr(ValueError, /nn.Conv2D: kernelSize must be/));
  assert.throws(() => new Conv2D(5, 3, { groups: 2 }), isErr(ValueError, /channels \(5\) must be divisible by groups \(2\)/));
  assert.throws(() => new Conv2D(4, 3, { layout: 'NHWC' as 'NCHW' }), isErr(ValueError, /layout 'NHWC' is not supported/));
  assert.throws(() => new Conv2D(4, 3, { activation: 'gelu' as 'relu' }), isErr(ValueError, /activation 'gelu' is not supported/));
  const conv = new Conv2D(4, 3, { groups: 2 });
  conv.initialize();
  assert.throws(() => conv.forward(nd(new Float32Array(27), [1, 3, 3, 3])), isErr(ShapeError, /Deferred initialization failed because shape cannot be inferred.*not divisible by groups=2/));
});

test('nn.HybridSequential holds the new layers (a small CNN): naming, repr, forward, hybridize, training', () => withNameManager(() => {
  const net = new HybridSequential<HybridBlock>();
  net.nameScope(() => net.add(
    new Conv2D(4, 3, { padding: 1 }), new BatchNorm(), new MaxPool2D(), new Conv2D(6, 3, { activation: 'relu' }), new GlobalAvgPool2D(), new Flatten(), new Dense(3),
  ));
  assert.is(net.name, 'hybridsequential0');
  assert.equal([...net.collectParams().keys()], [
    'hybridsequential0_conv0_weight', 'hybridsequential0_conv0_bias',
    'hybridsequential0_batchnorm0_gamma', 'hybridsequential0_batchnorm0_beta', 'hybridsequential0_batchnorm0_running_mean', 'hybridsequential0_batchnorm0_running_var',
    'hybridsequential0_conv1_weight', 'hybridsequential0_conv1_bias', 'hybridsequential0_dense0_weight', 'hybridsequential0_dense0_bias',
  ]);
  net.initialize(new Xavier());
  net.hybridize();
  const x = nd(randomData([2, 2, 8, 8], r), [2, 2, 8, 8]);
  const y = record(() => net.forward(x));
  assert.equal([...y.shape], [2, 3]);
  record(() => sum(net.forward(x))).backward();
  for (const p of net.collectParams('.*(weight|gamma)').values()) assert.ok(p.grad().toFloat32Array().some((v) => v !== 0), p.name);
  assert.is(net.toString(), [
    'HybridSequential(',
    '  (0): Conv2D(2 -> 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
    '  (1): BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=4)',
    '  (2): MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)',
    '  (3): Conv2D(4 -> 6, kernel_size=(3, 3), stride=(1, 1), Activation(relu))',
    '  (4): GlobalAvgPool2D(size=(1, 1), stride=(1, 1), padding=(0, 0), ceil_mode=True, global_pool=True, pool_type=avg, layout=NCHW)',
    '  (5): Flatten',
    '  (6): Dense(6 -> 3, linear)',
    ')',
  ].join('\n'));
}));

test.run();
