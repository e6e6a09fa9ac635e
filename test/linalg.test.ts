// dot, batchDot and the fused fullyConnected through the op layer: forward against float64 JS
// products for every transpose combination and MXNet's N-D contraction rule, and gradients
// against central differences (every activation of the fused Dense op, with and without bias).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dot, batchDot } from '../src/nd/ops/linalg';
import { fullyConnected, type ActivationName } from '../src/nd/ops/nn';
import type { NDArray } from '../src/nd/ndarray';
import { assertClose, assertShape, gradCheck, nd, randomData, rng } from './helpers/reference';

const r = rng(17);
const input = (shape: number[]) => ({ data: randomData(shape, r), shape });

/** C = op(A)·op(B) in float64 over row-major data: A stored (m,k) or (k,m), B (k,n) or (n,k). */
function refGemm(a: Float32Array, b: Float32Array, m: number, n: number, k: number, ta: boolean, tb: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
    c[i * n + j] = s;
  }
  return c;
}

const combos: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

test('dot: 2-D products for every transpose combination, against float64', () => {
  for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [13, 9, 33], [64, 20, 2]]) {
    for (const [ta, tb] of combos) {
      const a = input(ta ? [k, m] : [m, k]), b = input(tb ? [n, k] : [k, n]);
      const c = dot(nd(a.data, a.shape), nd(b.data, b.shape), { transposeA: ta, transposeB: tb });
      assertShape(c, [m, n]);
      assertClose(c.toFloat32Array(), refGemm(a.data, b.data, m, n, k, ta, tb), 1e-5, 1e-5, `${m}x${n}x${k} ta=${ta} tb=${tb}`);
    }
  }
});

test("dot: MXNet's N-D rule (last axis of a with the first of b) and 1-D · 1-D → (1,)", () => {
  const a = input([2, 3, 4]), b = input([4, 5]);
  const c = dot(nd(a.data, a.shape), nd(b.data, b.shape));
  assertShape(c, [2, 3, 5]);
  assertClose(c.toFloat32Array(), refGemm(a.data, b.data, 6, 5, 4, false, false), 1e-5, 1e-6);
  // transposeA contracts a's first axis: (4, 2, 3)^T · (4, 5) → (2, 3, 5)
  const at = input([4, 2, 3]);
  const ct = dot(nd(at.data, at.shape), nd(b.data, b.shape), { transposeA: true });
  assertShape(ct, [2, 3, 5]);
  assertClose(ct.toFloat32Array(), refGemm(at.data, b.data, 6, 5, 4, true, false), 1e-5, 1e-6);
  const u = input([7]), v = input([7]);
  const s = dot(nd(u.data, [7]), nd(v.data, [7]));
  assertShape(s, [1]);
  assertClose(s.toFloat32Array(), [u.data.reduce((acc, x, i) => acc + x * v.data[i], 0)], 1e-5, 1e-6);
});

test('batchDot: every transpose combination, each batch against float64', () => {
  const [bs, m, n, k] = [3, 4, 6, 5];
  for (const [ta, tb] of combos) {
    const a = input(ta ? [bs, k, m] : [bs, m, k]), b = input(tb ? [bs, n, k] : [bs, k, n]);
    const c = batchDot(nd(a.data, a.shape), nd(b.data, b.shape), { transposeA: ta, transposeB: tb });
    assertShape(c, [bs, m, n]);
    const want = new Float64Array(bs * m * n);
    for (let i = 0; i < bs; i++) want.set(refGemm(a.data.subarray(i * m * k, (i + 1) * m * k), b.data.subarray(i * n * k, (i + 1) * n * k), m, n, k, ta, tb), i * m * n);
    assertClose(c.toFloat32Array(), want, 1e-5, 1e-6, `ta=${ta} tb=${tb}`);
  }
});

test('gradients of dot and batchDot for every transpose combination, and N-D dot', () => {
  for (const [ta, tb] of combos) {
    gradCheck((a, b) => dot(a, b, { transposeA: ta, transposeB: tb }), [input(ta ? [4, 3] : [3, 4]), input(tb ? [5, 4] : [4, 5])]);
    gradCheck((a, b) => batchDot(a, b, { transposeA: ta, transposeB: tb }), [input(ta ? [2, 4, 3] : [2, 3, 4]), input(tb ? [2, 5, 4] : [2, 4, 5])]);
  }
  gradCheck((a, b) => dot(a, b), [input([2, 3, 4]), input([4, 5])]);
  gradCheck((a, b) => dot(a, b), [input([6]), input([6])]);
});

test('fullyConnected: gradients through every activation, with and without bias, flatten on and off', () => {
  const acts: (ActivationName | null)[] = [null, 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];
  for (const activation of acts) {
    gradCheck((x, w, b) => fullyConnected(x, w, b, { activation }), [input([3, 2, 3]), input([4, 6]), input([4])]);
  }
  gradCheck((x, w) => fullyConnected(x, w, null, { activation: 'tanh' }), [input([5, 6]), input([3, 6])]);
  const unflat = (x: NDArray, w: NDArray, b: NDArray) => fullyConnected(x, w, b, { flatten: false, activation: 'sigmoid' });
  gradCheck(unflat, [input([2, 3, 6]), input([4, 6]), input([4])]);
  const probe = unflat(nd(randomData([2, 3, 6], r), [2, 3, 6]), nd(randomData([4, 6], r), [4, 6]), nd(randomData([4], r), [4]));
  assert.equal([...probe.shape], [2, 3, 4], 'flatten off keeps the leading axes');
});

test.run();
