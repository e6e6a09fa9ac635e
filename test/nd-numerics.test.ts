// Edge values where MXNet's C kernels (and C's math library) differ from JavaScript's, found by a
// numerical audit against numpy and MXNet's sources; expected values are C's / MXNet's, written
// out, not recomputed by the same formula.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nd, gluon, autograd } from '../src/index';

/** Each length covers the f32x4 body and the scalar tail of the elementwise kernels. */
const LENGTHS = [1, 4, 7, 12];
const repeatTo = (xs: number[], n: number) => Array.from({ length: n }, (_, i) => xs[i % xs.length]);
const bitsEqual = (got: number[], want: number[], what: string) => {
  got.forEach((g, i) => assert.ok(Object.is(g, want[i]), `${what}[${i}]: ${Object.is(g, -0) ? '-0' : g}, want ${Object.is(want[i], -0) ? '-0' : want[i]}`));
};

test('round is C roundf: half away from zero, exact integers kept (floor(x + 0.5) in float32 moved them)', () => {
  const x = [0.49999997, -0.49999997, 8388609, -8388609, 16777215, 12345679, 2.5, -2.5, 0.5, -0.5, 1.5, -1.4];
  const want = [0, -0, 8388609, -8388609, 16777215, 12345679, 3, -3, 1, -1, 2, -1];
  for (const n of LENGTHS) bitsEqual(nd.round(nd.array(repeatTo(x, n))).toArray<number[]>(), repeatTo(want, n), `round, length ${n}`);
});

test('sign and relu are MXNet\'s: -0 and NaN give +0', () => {
  const x = [-0, NaN, -2, 3, 0, -Infinity];
  for (const n of LENGTHS) {
    bitsEqual(nd.sign(nd.array(repeatTo(x, n))).toArray<number[]>(), repeatTo([0, 0, -1, 1, 0, -1], n), `sign, length ${n}`);
    bitsEqual(nd.relu(nd.array(repeatTo(x, n))).toArray<number[]>(), repeatTo([0, 0, 0, 3, 0, 0], n), `relu, length ${n}`);
  }
});

test('pow is C powf: 1 to any power (NaN too) is 1, and -1 to ±infinity is 1', () => {
  const a = [1, 1, 1, -1, -1, 2, -2, 0];
  const b = [NaN, Infinity, -Infinity, Infinity, -Infinity, 3, 2, 0];
  const want = [1, 1, 1, 1, 1, 8, 4, 1];
  for (const n of LENGTHS) bitsEqual(nd.pow(nd.array(repeatTo(a, n)), nd.array(repeatTo(b, n))).toArray<number[]>(), repeatTo(want, n), `pow, length ${n}`);
});

test('an empty axis list reduces every axis, as MXNet\'s axis=() (it returned the input)', () => {
  const x = nd.arange(0, 6).reshape(2, 3);
  assert.equal(x.sum({ axis: [] }).toArray(), [15]);
  assert.equal(x.sum({ axis: [], keepdims: true }).toArray(), [[15]]);
  assert.equal(x.max({ axis: [], exclude: true }).toArray(), [5], 'exclude does not change it');
  assert.equal(x.mean({ exclude: true }).toArray(), [2.5], 'nor does it without an axis');
});

test('a negative clipGradient clips nothing, as MXNet (its kernels clip only when clip_gradient >= 0)', () => {
  const step = (clipGradient?: number) => {
    const w = new gluon.Parameter('w', { shape: [3] });
    w.initialize({ init: 'zeros' });
    autograd.record(() => w.data().mul(nd.array([0.5, -2, 10])).sum()).backward(); // grad [0.5, -2, 10]
    const trainer = new gluon.Trainer([w], 'sgd', { learningRate: 0.1, ...(clipGradient === undefined ? {} : { clipGradient }) });
    trainer.step(1);
    return w.data().toArray<number[]>();
  };
  assert.equal(step(-0.2), step(), 'no clipping');
  assert.equal(step(1), [-0.05, 0.1, -0.1].map(Math.fround), 'a positive clip still clips');
});

test('sums over a leading axis accumulate in float64, as the last-axis and full sums do (float32 column sums stalled at 2^24)', () => {
  // column j: a_j near 2^24 (as stored in float32), then 1000 rows of b_j = j % 3 + 1; a float32
  // running sum never moves off a_j (its spacing there is 2), a float64 one ends at a_j + 1000 b_j
  const rows = 1001, cols = 11; // 8 columns through the f64x2 body, 3 through the scalar tail
  const f = Math.fround;
  const a = (j: number) => f(2 ** 24 + j), b = (j: number) => (j % 3) + 1;
  const data = new Float32Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    data[j] = a(j);
    for (let k = 1; k < rows; k++) data[k * cols + j] = b(j);
  }
  const x = nd.array(data, { shape: [rows, cols] });
  const want = Array.from({ length: cols }, (_, j) => f(a(j) + 1000 * b(j)));
  assert.equal(x.sum(0).toArray(), want, 'sum over axis 0');
  assert.equal(nd.sum(x.reshape(1, rows, cols), 1).toArray(), [want], 'over a middle axis');
  assert.equal(x.mean(0).toArray(), want.map((v) => f(v / rows)), 'mean');
  // the L2 norm: float32 squares (as MXNet's square), summed in float64, then the float32 root;
  // rows of 1..3 beside 2^48-sized squares exercise the sum of the small ones
  const y = nd.array(data.map((v, i) => (i < cols ? 1 : v)), { shape: [rows, cols] });
  const sq = Array.from({ length: cols }, (_, j) => f(Math.sqrt(f(1 + 1000 * b(j) ** 2))));
  assert.equal(y.norm(2, 0).toArray(), sq, 'the L2 norm (sum of squares) too');
});

test.run();
