// Plain-JS references for the op tests: a seeded PRNG, numpy broadcasting over flat arrays,
// float64 reductions, closeness checks, and a float64 central-difference gradient checker.
import * as assert from 'uvu/assert';
import { NDArray } from '../../src/nd/ndarray';
import { array } from '../../src/nd/creation';
import { sum } from '../../src/nd/ops/reduce';
import { mul } from '../../src/nd/ops/elementwise';
import { record } from '../../src/nd/record';

/** mulberry32: a tiny deterministic generator for test data (independent of the library's RNG). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function randomData(shape: readonly number[], r: () => number, lo = -2, hi = 2): Float32Array {
  const out = new Float32Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

export function nd(data: Float32Array | number[], shape: readonly number[]): NDArray {
  return array(Float32Array.from(data), { shape });
}

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return [...Array(n).keys()].map((i) => {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    return da === 1 ? db : da;
  });
}

/** Flat index into a (right-aligned, broadcast) operand for a multi-index of the output. */
function sourceIndex(idx: number[], shape: readonly number[]): number {
  let at = 0;
  const off = idx.length - shape.length;
  for (let d = 0; d < shape.length; d++) at = at * shape[d] + (shape[d] === 1 ? 0 : idx[d + off]);
  return at;
}

export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** numpy-broadcast elementwise f over flat data, each result rounded to float32. */
export function refBinary(a: ArrayLike<number>, as: readonly number[], b: ArrayLike<number>, bs: readonly number[], f: (x: number, y: number) => number): { data: Float32Array; shape: number[] } {
  const shape = broadcastShape(as, bs);
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const idx = unravel(i, shape);
    data[i] = f(a[sourceIndex(idx, as)], b[sourceIndex(idx, bs)]);
  }
  return { data, shape };
}

export function assertShape(x: NDArray, shape: readonly number[], msg = ''): void {
  assert.equal([...x.shape], [...shape], `shape ${msg}`);
}

/** |got - want| <= atol + rtol * |want| elementwise (NaN matches NaN). */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-5, atol = 1e-6, msg = ''): void {
  assert.is(got.length, want.length, `length ${msg}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (g === w) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      assert.unreachable(`${msg} element ${i}: got ${g}, want ${w}`);
    }
  }
}

export function assertBitEqual(got: Float32Array, want: Float32Array, msg = ''): void {
  assert.is(got.length, want.length, `length ${msg}`);
  const gi = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const wi = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < want.length; i++) {
    if (gi[i] !== wi[i] && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) assert.unreachable(`${msg} element ${i}: got ${got[i]}, want ${want[i]}`);
  }
}

/**
 * Checks autograd's gradient of sum(f(inputs) * w) (w a fixed random weighting, so every output
 * element matters differently) against float64 central differences of the same function
 * evaluated through the library (forward in float32, so tolerances are loose-ish).
 */
export function gradCheck(f: (...xs: NDArray[]) => NDArray, inputs: { data: Float32Array; shape: number[] }[], opts: { eps?: number; rtol?: number; atol?: number; seed?: number } = {}): void {
  const eps = opts.eps ?? 1e-2;
  const r = rng(opts.seed ?? 7);
  const xs = inputs.map((i) => nd(i.data, i.shape));
  xs.forEach((x) => x.attachGrad());
  const probe = f(...xs.map((x) => x.detach()));
  const w = nd(randomData(probe.shape, r, 0.5, 1.5), probe.shape);
  probe.dispose();
  const loss = record(() => sum(mul(f(...xs), w)));
  loss.backward();
  const evalAt = (k: number, i: number, delta: number): number => {
    const data = Float64Array.from(inputs[k].data);
    data[i] += delta;
    const ys = inputs.map((inp, j) => (j === k ? nd(Float32Array.from(data), inp.shape) : nd(inp.data, inp.shape)));
    const y = f(...ys);
    const yv = y.toFloat32Array(), wv = w.toFloat32Array();
    let s = 0;
    for (let t = 0; t < yv.length; t++) s += yv[t] * wv[t];
    ys.forEach((a) => a.dispose());
    y.dispose();
    return s;
  };
  inputs.forEach((inp, k) => {
    const got = xs[k].grad!.toFloat32Array();
    const want = new Float64Array(inp.data.length);
    for (let i = 0; i < want.length; i++) want[i] = (evalAt(k, i, eps) - evalAt(k, i, -eps)) / (2 * eps);
    assertClose(got, want, opts.rtol ?? 2e-2, opts.atol ?? 2e-2, `gradient of input ${k} (shape ${inp.shape.join('x')})`);
  });
  xs.forEach((x) => x.dispose());
  w.dispose();
  loss.dispose();
}

/**
 * A predicate for uvu's assert.throws: the error's class and (optionally) its message — a RegExp
 * to match, a string it must equal exactly, or a list of parts it must all contain.
 */
export function isErr(cls: new (...args: never[]) => Error, message?: RegExp | string | string[]): (e: Error) => boolean {
  return (e: Error) => {
    const got = e as unknown as { constructor?: { name?: string }; message?: string } | undefined;
    if (!(e instanceof cls)) throw new Error(`expected ${cls.name}, got ${got?.constructor?.name}: ${got?.message}`);
    const ok = message === undefined ? true
      : message instanceof RegExp ? message.test(e.message)
      : Array.isArray(message) ? message.every((part) => e.message.includes(part))
      : e.message === message;
    if (!ok) throw new Error(`message ${JSON.stringify(e.message)} does not match ${Array.isArray(message) ? `the parts ${JSON.stringify(message)}` : message instanceof RegExp ? message : JSON.stringify(message)}`);
    return true;
  };
}

/** float64 y = act(x Wᵀ + b) over a (rows, in) view of x: MXNet's FullyConnected, by definition. */
export function denseRef(x: ArrayLike<number>, rows: number, w: ArrayLike<number>, units: number, b: ArrayLike<number> | null, act: (v: number) => number = (v) => v): number[] {
  const inUnits = w.length / units;
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let u = 0; u < units; u++) {
      let s = b ? b[u] : 0;
      for (let k = 0; k < inUnits; k++) s += x[i * inUnits + k] * w[u * inUnits + k];
      out.push(act(s));
    }
  }
  return out;
}
