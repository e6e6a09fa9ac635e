// Optimiser updates against hand-computed values and a float32 JS transcription of MXNet's
// formulas (gluon-1x.md §7), op by op with Math.fround, so the wasm kernels must match bit for bit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SGD, Adam, create, register } from '../src/gluon/optimizer';
import { array } from '../src/nd/creation';
import { ValueError } from '../src/wasm';
import { assertBitEqual, isErr, randomData, rng } from './helpers/reference';

const f = Math.fround;
const r = rng(9);

test('one plain SGD step by hand: w = 1 - 0.1 * 2 = 0.8', () => {
  const w = array([1, -1]), g = array([2, 0.5]);
  const opt = new SGD({ learningRate: 0.1 });
  opt.update(0, w, g, opt.createState(0, w), 0.1, 0);
  assert.equal(w.toArray(), [f(0.8), f(-1.05)]);
});

function sgdReference(w: Float32Array, g: Float32Array, mom: Float32Array | null, lr: number, wd: number, rs: number, momentum: number, clip: number | null): void {
  const lrwd = f(f(lr) * f(wd)), lrrs = f(f(lr) * f(rs));
  for (let i = 0; i < w.length; i++) {
    const m0 = mom ? f(f(momentum) * mom[i]) : 0;
    let step: number;
    if (clip !== null) {
      const x = f(f(rs) * g[i]);
      step = f(f(lr) * (x > clip ? f(clip) : x < -clip ? f(-clip) : x));
    } else step = f(lrrs * g[i]);
    const m = f(f(m0 - f(lrwd * w[i])) - step);
    if (mom) mom[i] = m;
    w[i] = f(w[i] + m);
  }
}

test('SGD with momentum, wd and clipping matches MXNet float32 formula over several steps', () => {
  for (const [momentum, clip] of [[0, null], [0.9, null], [0.9, 0.05], [0, 0.1]] as [number, number | null][]) {
    const n = 37;
    const w0 = randomData([n], r), wRef = w0.slice();
    const mRef = momentum ? new Float32Array(n) : null;
    const w = array(w0);
    const opt = new SGD({ learningRate: 0.05, momentum, wd: 0.001, clipGradient: clip, rescaleGrad: 1 / 32 });
    const state = opt.createState(0, w);
    assert.is(state.length, momentum ? 1 : 0, 'a momentum buffer only with momentum');
    for (let step = 0; step < 4; step++) {
      const gData = randomData([n], r, -5, 5);
      opt.update(0, w, array(gData), state, 0.05, 0.001);
      sgdReference(wRef, gData, mRef, 0.05, 0.001, 1 / 32, momentum, clip);
    }
    assertBitEqual(w.toFloat32Array(), wRef, `momentum ${momentum} clip ${clip}`);
  }
});

test('Adam matches MXNet: wd inside the clip, bias correction folded into lr in float64', () => {
  for (const clip of [null, 0.02]) {
    const n = 23;
    const lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.01, rs = 0.5;
    const w0 = randomData([n], r), wRef = w0.slice();
    const m = new Float32Array(n), v = new Float32Array(n);
    const w = array(w0);
    const opt = new Adam({ learningRate: lr, wd, clipGradient: clip, rescaleGrad: rs });
    const state = opt.createState(0, w);
    for (let t = 1; t <= 5; t++) {
      const gData = randomData([n], r);
      opt.update(0, w, array(gData), state, lr, wd);
      const lrT = f(lr * (Math.sqrt(1 - b2 ** t) / (1 - b1 ** t)));
      for (let i = 0; i < n; i++) {
        let g = f(f(gData[i] * f(rs)) + f(wRef[i] * f(wd)));
        if (clip !== null) g = g > f(clip) ? f(clip) : g < -f(clip) ? -f(clip) : g;
        m[i] = f(f(f(b1) * m[i]) + f(f(1 - f(b1)) * g));
        v[i] = f(f(f(b2) * v[i]) + f(f(f(1 - f(b2)) * g) * g));
        wRef[i] = f(wRef[i] - f(f(lrT * m[i]) / f(f(Math.sqrt(v[i])) + f(eps))));
      }
    }
    assertBitEqual(w.toFloat32Array(), wRef, `adam clip ${clip}`);
  }
});

test('create() is case-insensitive; unknown names and bad hyper-parameters throw', () => {
  assert.ok(create('SGD', { learningRate: 0.5 }) instanceof SGD);
  assert.is(create('adam').learningRate, 0.001);
  assert.is(new SGD().learningRate, 0.01);
  assert.throws(() => create('rmsprop2'), isErr(ValueError, /Cannot find optimizer rmsprop2/));
  assert.throws(() => create('constructor'), isErr(ValueError, /Cannot find optimizer constructor; available: sgd, adam/));
  assert.throws(() => create('hasOwnProperty'), isErr(ValueError, /Cannot find optimizer hasOwnProperty/));
  assert.throws(() => new SGD({ learningRate: NaN }), isErr(ValueError, /learningRate must be a finite number/));
});

test('register() adds a case-insensitive name that create() then builds', () => {
  class Halving extends SGD {}
  register('Halving', Halving as never);
  const made = create('HALVING', { learningRate: 0.25 });
  assert.ok(made instanceof Halving);
  assert.is(made.learningRate, 0.25);
});

test.run();
