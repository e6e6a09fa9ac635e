// A LeNet trained by MXNet (../shared/fixtures/mxnet/vgangal101-mxnet-learn/net.params:
// Conv2D(6, 5, relu), MaxPool2D(2, 2), Conv2D(16, 3, relu), MaxPool2D(2, 2), Flatten,
// Dense(120, relu), Dense(84, relu), Dense(10), as in that repository's training script), built
// from our layers and loaded from MXNet's file: names, shapes and values match the file, the
// repr is MXNet's, and a forward on a batch of real digits matches a plain-JS float64 forward of
// the same weights read straight from the file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Sequential, Dense, Block, Flatten } from '../src/gluon/nn';
import { Conv2D } from '../src/gluon/nn/conv';
import { MaxPool2D } from '../src/gluon/nn/pool';
import { withNameManager } from '../src/gluon/naming';
import { load } from '../src/nd/serialize';
import { array } from '../src/nd/creation';
import { predictMode } from '../src/nd/record';
import type { NDArray } from '../src/nd/ndarray';
import { assertBitEqual, assertClose, denseRef } from './helpers/reference';
import { refConv2d, refPool2d } from './helpers/conv-reference';

const FILE = '../shared/fixtures/mxnet/vgangal101-mxnet-learn/net.params';
const bytes = new Uint8Array(readFileSync(FILE));

function lenet(): Sequential<Block> {
  const net = new Sequential<Block>();
  net.add(
    new Conv2D(6, 5, { activation: 'relu' }),
    new MaxPool2D({ poolSize: 2, strides: 2 }),
    new Conv2D(16, 3, { activation: 'relu' }),
    new MaxPool2D({ poolSize: 2, strides: 2 }),
    new Flatten(),
    new Dense(120, { activation: 'relu' }),
    new Dense(84, { activation: 'relu' }),
    new Dense(10),
  );
  return net;
}

/** 8 real digits (two each of 0, 3, 7, 9) from the `mnist` package, normalized as the training script did. */
function digits(): Float32Array {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('mnist/package.json'));
  const out = new Float32Array(8 * 784);
  [0, 3, 7, 9].forEach((d, k) => {
    const raw: number[] = JSON.parse(readFileSync(join(root, 'src', 'digits', `${d}.json`), 'utf8')).data;
    for (let j = 0; j < 2; j++) for (let p = 0; p < 784; p++) out[(2 * k + j) * 784 + p] = (raw[(5 + j) * 784 + p] - 0.13) / 0.31;
  });
  return out;
}

/** The network by definition in float64 from the file's arrays. */
function referenceForward(x: Float32Array, n: number, file: Record<string, NDArray>): Float64Array {
  const a = (k: string) => file[k].toFloat32Array();
  const relu = (v: Float64Array) => v.map((t) => Math.max(0, t));
  let h: Float64Array = relu(refConv2d(x, [n, 1, 28, 28], a('0.weight'), [6, 1, 5, 5], a('0.bias')).data);
  h = refPool2d(h, [n, 6, 24, 24], 'max', { k: [2, 2], s: [2, 2], p: [0, 0] }).data;
  h = relu(refConv2d(h, [n, 6, 12, 12], a('2.weight'), [16, 6, 3, 3], a('2.bias')).data);
  h = refPool2d(h, [n, 16, 10, 10], 'max', { k: [2, 2], s: [2, 2], p: [0, 0] }).data;
  const dense = (v: ArrayLike<number>, key: string, outDim: number, act?: (t: number) => number) =>
    Float64Array.from(denseRef(v, n, a(`${key}.weight`), outDim, a(`${key}.bias`), act));
  const reluAt = (t: number) => Math.max(0, t);
  return dense(dense(dense(h, '5', 120, reluAt), '6', 84, reluAt), '7', 10);
}

test('the MXNet LeNet file loads into a network built from our layers: names, shapes, values, repr', () => withNameManager(() => {
  const net = lenet();
  net.loadParameters(bytes);
  const file = load(bytes) as Record<string, NDArray>;
  const structured = net._collectParamsWithPrefix();
  assert.equal([...structured.keys()].sort(), Object.keys(file).sort());
  for (const [key, p] of structured) {
    assert.equal([...p.shape!], [...file[key].shape], key);
    assertBitEqual(p.data().toFloat32Array(), file[key].toFloat32Array(), key);
  }
  assert.equal([...net.collectParams().keys()], [
    'conv0_weight', 'conv0_bias', 'conv1_weight', 'conv1_bias',
    'dense0_weight', 'dense0_bias', 'dense1_weight', 'dense1_bias', 'dense2_weight', 'dense2_bias',
  ]);
  const pool = 'MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)';
  assert.is(net.toString(), [
    'Sequential(',
    '  (0): Conv2D(1 -> 6, kernel_size=(5, 5), stride=(1, 1), Activation(relu))',
    `  (1): ${pool}`,
    '  (2): Conv2D(6 -> 16, kernel_size=(3, 3), stride=(1, 1), Activation(relu))',
    `  (3): ${pool}`,
    '  (4): Flatten',
    '  (5): Dense(400 -> 120, Activation(relu))',
    '  (6): Dense(120 -> 84, Activation(relu))',
    '  (7): Dense(84 -> 10, linear)',
    ')',
  ].join('\n'));
}));

test('a forward on a batch of digits matches the plain-JS forward of the same loaded weights', () => {
  const net = lenet();
  net.loadParameters(bytes);
  const file = load(bytes) as Record<string, NDArray>;
  const x = digits();
  const y = predictMode(() => net.forward(array(x, { shape: [8, 1, 28, 28] })));
  assert.equal([...y.shape], [8, 10]);
  const want = referenceForward(x, 8, file);
  assertClose(y.toFloat32Array(), want, 1e-4, 1e-4);
  // same predicted class per digit as the reference
  const got = y.toFloat32Array();
  for (let i = 0; i < 8; i++) {
    const argmax = (v: ArrayLike<number>) => [...Array(10).keys()].reduce((b, k) => (v[i * 10 + k] > v[i * 10 + b] ? k : b), 0);
    assert.is(argmax(got), argmax(want), `digit ${i}`);
  }
  // the intermediate shapes of LeNet on 28x28
  let h = array(x, { shape: [8, 1, 28, 28] });
  const shapes: number[][] = [];
  for (let i = 0; i < 8; i++) {
    h = (net as unknown as Record<number, Block>)[i].forward(h);
    shapes.push([...h.shape]);
  }
  assert.equal(shapes, [[8, 6, 24, 24], [8, 6, 12, 12], [8, 16, 10, 10], [8, 16, 5, 5], [8, 400], [8, 120], [8, 84], [8, 10]]);
});

test.run();
