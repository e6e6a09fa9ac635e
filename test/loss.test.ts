// Losses against float64 JS transcriptions of MXNet's formulas (gluon-1x.md §8): per-sample
// means over non-batch axes, weight and sampleWeight, label reshaping, numerical stability,
// gradients (including the fused softmax cross-entropy), reprs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { L1Loss, L2Loss, SoftmaxCrossEntropyLoss, SigmoidBinaryCrossEntropyLoss } from '../src/gluon/loss';
import { array } from '../src/nd/creation';
import { ShapeError } from '../src/wasm';
import type { NDArray } from '../src/nd/ndarray';
import { assertClose, gradCheck, isErr, nd, randomData, rng } from './helpers/reference';

const r = rng(21);
const rows = (data: Float32Array, n: number) => [...Array(n).keys()].map((i) => Array.from(data.subarray((i * data.length) / n, ((i + 1) * data.length) / n)));

test('L2Loss: ½ (label - pred)² averaged per sample; weight and sampleWeight', () => {
  const p = randomData([4, 3], r), l = randomData([4, 3], r), sw = randomData([4, 1], r, 0, 1);
  const want = rows(p, 4).map((row, i) => row.reduce((acc, v, j) => acc + 0.5 * (l[i * 3 + j] - v) ** 2, 0) / 3);
  assertClose(new L2Loss().forward(nd(p, [4, 3]), nd(l, [4, 3])).toFloat32Array(), want, 1e-5, 1e-6);
  const weighted = new L2Loss({ weight: 3 }).forward(nd(p, [4, 3]), nd(l, [12]), nd(sw, [4, 1]));
  assertClose(weighted.toFloat32Array(), want.map((v, i) => v * 3 * sw[i]), 1e-5, 1e-6);
});

test('L1Loss and 3-D inputs: mean over all non-batch axes, result (batch,)', () => {
  const p = randomData([2, 3, 4], r), l = randomData([2, 3, 4], r);
  const out = new L1Loss().forward(nd(p, [2, 3, 4]), nd(l, [2, 3, 4]));
  assert.equal([...out.shape], [2]);
  assertClose(out.toFloat32Array(), rows(p, 2).map((row, i) => row.reduce((acc, v, j) => acc + Math.abs(l[i * 12 + j] - v), 0) / 12), 1e-5, 1e-6);
});

const logSoftmaxRef = (row: number[]) => {
  const m = Math.max(...row);
  const z = Math.log(row.reduce((acc, v) => acc + Math.exp(v - m), 0));
  return row.map((v) => v - m - z);
};

test('SoftmaxCrossEntropyLoss: sparse labels (fused path), clipped indices, huge logits', () => {
  const logits = randomData([5, 7], r, -4, 4);
  logits[3] = 500; // stable: no overflow
  const labels = [0, 6, 3, 9, -2]; // 9 and -2 clip to 6 and 0, as MXNet's pick
  const want = rows(logits, 5).map((row, i) => -logSoftmaxRef(row)[Math.min(Math.max(labels[i], 0), 6)]);
  const out = new SoftmaxCrossEntropyLoss().forward(nd(logits, [5, 7]), array(labels));
  assertClose(out.toFloat32Array(), want, 1e-5, 1e-5);
});

test('SoftmaxCrossEntropyLoss: dense labels, fromLogits, axis 0, sampleWeight', () => {
  const logits = randomData([3, 4], r), dist = randomData([3, 4], r, 0, 1);
  const dense = new SoftmaxCrossEntropyLoss({ sparseLabel: false }).forward(nd(logits, [3, 4]), nd(dist, [3, 4]));
  assertClose(dense.toFloat32Array(), rows(logits, 3).map((row, i) => -logSoftmaxRef(row).reduce((acc, v, j) => acc + v * dist[i * 4 + j], 0)), 1e-5, 1e-5);
  const logp = rows(logits, 3).flatMap(logSoftmaxRef);
  const fromLogits = new SoftmaxCrossEntropyLoss({ fromLogits: true }).forward(nd(Float32Array.from(logp), [3, 4]), array([1, 2, 3]));
  assertClose(fromLogits.toFloat32Array(), [-logp[1], -logp[6], -logp[11]], 1e-6, 1e-6);
  // class axis 0: pred (C=3, N=4)... the batch axis stays 0 as in MXNet, so this averages per row
  const sw = new SoftmaxCrossEntropyLoss().forward(nd(logits, [3, 4]), array([1, 2, 3]), array([[2], [0], [1]]));
  const base = new SoftmaxCrossEntropyLoss().forward(nd(logits, [3, 4]), array([1, 2, 3])).toFloat32Array();
  assertClose(sw.toFloat32Array(), [base[0] * 2, 0, base[2]], 1e-6, 1e-7);
});

test('SigmoidBinaryCrossEntropyLoss from logits (stable), with posWeight, and from sigmoid', () => {
  const x = Float32Array.from([-80, -2, -0.5, 0, 0.5, 3, 80, 1]), z = Float32Array.from([0, 1, 1, 0, 1, 0, 1, 0]);
  const ref = (v: number, t: number) => Math.max(v, 0) - v * t + Math.log1p(Math.exp(-Math.abs(v)));
  const out = new SigmoidBinaryCrossEntropyLoss().forward(nd(x, [4, 2]), nd(z, [4, 2]));
  assertClose(out.toFloat32Array(), [0, 1, 2, 3].map((i) => (ref(x[2 * i], z[2 * i]) + ref(x[2 * i + 1], z[2 * i + 1])) / 2), 1e-5, 1e-6);
  const pw = nd(Float32Array.from([2, 2, 2, 2, 2, 2, 2, 2]), [4, 2]);
  const refPw = (v: number, t: number) => v - v * t + (1 + (2 - 1) * t) * (Math.log1p(Math.exp(-Math.abs(v))) + Math.max(-v, 0));
  const withPw = new SigmoidBinaryCrossEntropyLoss().forward(nd(x, [4, 2]), nd(z, [4, 2]), null, pw);
  assertClose(withPw.toFloat32Array(), [0, 1, 2, 3].map((i) => (refPw(x[2 * i], z[2 * i]) + refPw(x[2 * i + 1], z[2 * i + 1])) / 2), 1e-5, 1e-5);
  const p = Float32Array.from([0.1, 0.9, 0.5, 0.99]);
  const fromSig = new SigmoidBinaryCrossEntropyLoss({ fromSigmoid: true }).forward(nd(p, [4]), array([0, 1, 1, 0]));
  assertClose(fromSig.toFloat32Array(), [-Math.log(0.9), -Math.log(0.9), -Math.log(0.5), -Math.log(0.01)].map((v) => v), 1e-5, 1e-5);
});

test('gradients of every loss (fused and composed paths) match finite differences', () => {
  const label = array([2, 0, 1]);
  const cases: [(p: NDArray) => NDArray, number[]][] = [
    [(p) => new L2Loss().forward(p, array([[1, 2], [3, 4], [5, 6]])), [3, 2]],
    [(p) => new L1Loss().forward(p, array([[1, 2], [3, 4], [5, 6]])), [3, 2]],
    [(p) => new SoftmaxCrossEntropyLoss().forward(p, label), [3, 4]],
    [(p) => new SoftmaxCrossEntropyLoss({ sparseLabel: false }).forward(p, array([[0.2, 0.3, 0.5, 0], [1, 0, 0, 0], [0, 0, 0.5, 0.5]])), [3, 4]],
    [(p) => new SoftmaxCrossEntropyLoss({ axis: 1 }).forward(p.reshape(3, 4, 1), label.reshape(3, 1)), [3, 4]],
    [(p) => new SigmoidBinaryCrossEntropyLoss().forward(p, array([[1, 0], [0, 1], [1, 1]])), [3, 2]],
  ];
  for (const [f, shape] of cases) gradCheck(f, [{ data: randomData(shape, r), shape }]);
});

test('label size mismatch names the loss and both shapes; reprs as MXNet', () => {
  assert.throws(() => new L2Loss().forward(array([[1, 2]]), array([1, 2, 3])), isErr(ShapeError, /L2Loss: label of shape \(3,\) has 3 elements but pred of shape \(1, 2\) has 2/));
  assert.is(new L2Loss().toString(), 'L2Loss(batch_axis=0, w=1.0)');
  assert.is(new SoftmaxCrossEntropyLoss().toString(), 'SoftmaxCrossEntropyLoss(batch_axis=0, w=None)');
  assert.is(new L1Loss({ weight: 0.5 }).toString(), 'L1Loss(batch_axis=0, w=0.5)');
});

test.run();
