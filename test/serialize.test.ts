// nd.save / nd.load against real MXNet files (/work/shared/fixtures/mxnet, read in place), byte
// layouts built independently here (gluon-1x.md §10), and every corrupt input we could think of.
// Reference statistics for the trained files were computed with numpy (float64 sums of the raw
// float32 data) by a separate Python parser.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { save, load } from '../src/nd/serialize';
import { NDArray } from '../src/nd/ndarray';
import { memory } from '../src/nd/memory';
import { DisposedError, FormatError, ValueError } from '../src/wasm';
import { isErr } from './helpers/reference';

// ------------------------------------------------------------------------------------ helpers

const FIXTURES = join(process.cwd(), '../shared/fixtures/mxnet');
const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, path)));

function make(shape: number[], values: ArrayLike<number>): NDArray {
  const a = NDArray._empty(shape);
  a._data().set(values);
  return a;
}

const vals = (a: NDArray): number[] => Array.from(a.toFloat32Array());
const bits = (a: NDArray): number[] => Array.from(new Uint32Array(a.toFloat32Array().buffer));
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const arange = (n: number): number[] => range(n, (i) => i);
const fill = (n: number, v: number): number[] => range(n, () => v);

function disposeAll(result: NDArray[] | Record<string, NDArray>): void {
  for (const a of Object.values(result)) a?.dispose();
}
const asList = (r: NDArray[] | Record<string, NDArray>): NDArray[] => {
  assert.ok(Array.isArray(r), 'expected a list');
  return r as NDArray[];
};
const asDict = (r: NDArray[] | Record<string, NDArray>): Record<string, NDArray> => {
  assert.not.ok(Array.isArray(r), 'expected a dict');
  assert.is(Object.getPrototypeOf(r), Object.prototype);
  return r as Record<string, NDArray>;
};

/** Live arrays, their bytes and the wasm memory size (which only grows, so equal = nothing allocated). */
function snapshot(): string {
  const m = memory();
  return JSON.stringify({ arrays: m.arrays, bytes: m.bytes, wasmBytes: m.wasmBytes });
}
/** Live arrays and their bytes (wasm memory may have grown for arrays since freed). */
function live(): string {
  const m = memory();
  return JSON.stringify({ arrays: m.arrays, bytes: m.bytes });
}

/** load must throw FormatError matching `pattern` and leave nd memory exactly as it was. */
function rejects(bytes: Uint8Array, pattern: RegExp, label = ''): FormatError {
  const before = snapshot();
  let error: unknown = null;
  try {
    disposeAll(load(bytes));
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof FormatError, `${label}: expected FormatError, got ${error instanceof Error ? `${error.name}: ${error.message}` : 'no error'}`);
  const message = (error as FormatError).message;
  assert.match(message, pattern, `${label}: ${message}`);
  assert.match(message, /^nd\.load: .* at byte \d+$/, `${label}: ${message}`);
  assert.is(snapshot(), before, `${label}: memory changed`);
  return error as FormatError;
}

/** Little-endian byte writer, independent of the code under test. */
class Bytes {
  private out: number[] = [];
  private put(n: number, set: (v: DataView) => void): this {
    const b = new DataView(new ArrayBuffer(n));
    set(b);
    for (let i = 0; i < n; i++) this.out.push(b.getUint8(i));
    return this;
  }
  u8(...v: number[]): this { this.out.push(...v); return this; }
  u16(v: number): this { return this.put(2, (d) => d.setUint16(0, v, true)); }
  u32(v: number): this { return this.put(4, (d) => d.setUint32(0, v >>> 0, true)); }
  i32(v: number): this { return this.put(4, (d) => d.setInt32(0, v, true)); }
  u64(v: number | bigint): this { return this.put(8, (d) => d.setBigUint64(0, BigInt(v), true)); }
  i64(v: number | bigint): this { return this.put(8, (d) => d.setBigInt64(0, BigInt(v), true)); }
  f32(v: number): this { return this.put(4, (d) => d.setFloat32(0, v, true)); }
  f64(v: number): this { return this.put(8, (d) => d.setFloat64(0, v, true)); }
  raw(b: ArrayLike<number>): this { for (let i = 0; i < b.length; i++) this.out.push(b[i]); return this; }
  bytes(): Uint8Array { return new Uint8Array(this.out); }
}

const V1 = 0xf993fac8;
const V2 = 0xf993fac9;
const V3 = 0xf993faca;

/** A V2/V3 dense float32 record (cpu 0). */
function rec(shape: number[], values: number[], magic = V2): Uint8Array {
  const b = new Bytes().u32(magic).i32(0).i32(shape.length);
  for (const d of shape) b.i64(d);
  b.i32(1).i32(0).i32(0);
  for (const v of values) b.f32(v);
  return b.bytes();
}

/** A list file around records, with optional names and overridable counts. */
function file(records: Uint8Array[], names: string[] = [], o: { count?: bigint | number; nameCount?: bigint | number } = {}): Uint8Array {
  const b = new Bytes().u64(0x112).u64(0).u64(o.count ?? records.length);
  for (const r of records) b.raw(r);
  b.u64(o.nameCount ?? names.length);
  for (const n of names) {
    const e = new TextEncoder().encode(n);
    b.u64(e.length).raw(e);
  }
  return b.bytes();
}

// ----------------------------------------------------------------------- real MXNet files

interface Expect {
  shape: number[];
  /** exact float32 values */
  values?: number[];
  /** numpy float64 sum and sum of squares of the data */
  sum?: number;
  sumsq?: number;
}

function check(label: string, a: NDArray, e: Expect): void {
  assert.equal(a.shape, e.shape, `${label} shape`);
  const data = a.toFloat32Array();
  if (e.values) assert.equal(Array.from(data), e.values.map(Math.fround), `${label} values`);
  let s = 0;
  let ss = 0;
  for (const v of data) {
    assert.ok(Number.isFinite(v), `${label}: non-finite value ${v}`);
    s += v;
    ss += v * v;
  }
  if (e.sum !== undefined) assert.ok(Math.abs(s - e.sum) <= 1e-9 * Math.max(1, Math.abs(e.sum)), `${label} sum ${s} vs numpy ${e.sum}`);
  if (e.sumsq !== undefined) assert.ok(Math.abs(ss - e.sumsq) <= 1e-9 * Math.max(1, e.sumsq), `${label} sumsq ${ss} vs numpy ${e.sumsq}`);
}

/** Loads a fixture, checks names/shapes/values, and that save→load reproduces the data bit-exactly. */
function checkFixture(path: string, names: string[] | null, expects: Expect[]): NDArray[] {
  const before = live();
  const result = load(fixture(path));
  let arrays: NDArray[];
  if (names === null) {
    arrays = asList(result);
  } else {
    const dict = asDict(result);
    assert.equal(Object.keys(dict), names, `${path} names`);
    arrays = names.map((n) => dict[n]);
  }
  assert.is(arrays.length, expects.length, `${path} count`);
  arrays.forEach((a, i) => check(`${path}[${names ? names[i] : i}]`, a, expects[i]));
  assert.is(memory().arrays, JSON.parse(before).arrays + arrays.length);

  const again = load(save(result));
  const arrays2 = names === null ? asList(again) : names.map((n) => asDict(again)[n]);
  arrays2.forEach((a, i) => {
    assert.equal(a.shape, arrays[i].shape);
    assert.equal(bits(a), bits(arrays[i]), `${path}[${i}] round trip`);
  });
  disposeAll(again);
  disposeAll(result);
  assert.is(live(), before, `${path}: arrays leaked`);
  return arrays;
}

const ones = (shape: number[]): Expect => ({ shape, values: fill(shape.reduce((a, b) => a * b, 1), 1) });
const zeros = (shape: number[]): Expect => ({ shape, values: fill(shape.reduce((a, b) => a * b, 1), 0) });

test('V0 (no record magic): apache/mxnet legacy_ndarray.v0 is six arange(128)', () => {
  checkFixture('apache-mxnet-legacy/legacy_ndarray.v0', null, range(6, () => ({ shape: [128], values: arange(128) })));
});

test('V1: straight-dope test.ndarray, test1, test2 and testnet.params', () => {
  const dir = 'zackchase-straight-dope-2017-v1format/';
  checkFixture(`${dir}test.ndarray`, null, [ones([100, 100])]);
  checkFixture(`${dir}test1.ndarray`, null, [ones([100, 100]), zeros([100, 100])]);
  checkFixture(`${dir}test2.ndarray`, ['X', 'Y'], [ones([100, 100]), zeros([100, 100])]);
  // Normal(sigma=1) init, names in the file's (dictionary) order
  const net = checkFixture(`${dir}testnet.params`, ['dense2_bias', 'dense1_bias', 'dense1_weight', 'dense0_weight', 'dense2_weight', 'dense0_bias'], [
    zeros([1]),
    zeros([256]),
    { shape: [256, 256], sum: 393.824423923, sumsq: 65573.1591174 },
    { shape: [256, 100], sum: -307.48565308, sumsq: 25414.246111 },
    { shape: [1, 256], sum: -3.60303593986, sumsq: 231.213472339 },
    zeros([256]),
  ]);
  assert.ok(net.length === 6);
});

test('V1 testnet.params: first weight is MXNet default-seed normal sample 2.2122064', () => {
  const d = asDict(load(fixture('zackchase-straight-dope-2017-v1format/testnet.params')));
  assert.equal(vals(d.dense0_weight).slice(0, 3), [2.2122063636779785, 1.1630786657333374, 0.774003803730011]);
  // N(0,1): mean ~0 and std ~1 over 65536 samples
  const w = vals(d.dense1_weight);
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
  assert.ok(Math.abs(mean) < 0.02 && Math.abs(std - 1) < 0.02, `mean ${mean} std ${std}`);
  disposeAll(d);
});

test('V2: d2l-zh bundle x, xy, mydict, mlp.params', () => {
  const dir = 'samuel-wei-d2l-zh-1.0-bundle/';
  checkFixture(`${dir}x`, null, [ones([3])]);
  checkFixture(`${dir}xy`, null, [ones([3]), zeros([4])]);
  checkFixture(`${dir}mydict`, ['x', 'y'], [ones([3]), zeros([4])]);
  checkFixture(`${dir}mlp.params`, ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'], [
    { shape: [256, 20], sum: 0.255439210683, sumsq: 8.3653305393 },
    zeros([256]),
    { shape: [10, 256], sum: 0.467817410827, sumsq: 4.060755182 },
    zeros([10]),
  ]);
});

test('V2: lovemineyue x, xy, mydict, mlp.params, HybridBlock.export my_mlp-0000.params', () => {
  const dir = 'lovemineyue-mytest/';
  checkFixture(`${dir}x`, null, [ones([3])]);
  checkFixture(`${dir}xy`, null, [ones([3]), zeros([4])]);
  checkFixture(`${dir}mydict`, ['x', 'y'], [ones([3]), zeros([4])]);
  checkFixture(`${dir}mlp.params`, ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'], [
    { shape: [256, 20], sum: 0.0307574495673, sumsq: 8.3488013931 },
    zeros([256]),
    { shape: [10, 256], sum: 0.317460902035, sumsq: 4.09308256136 },
    zeros([10]),
  ]);
  checkFixture(`${dir}my_mlp-0000.params`, ['arg:dense0_weight', 'arg:dense0_bias', 'arg:dense1_weight', 'arg:dense1_bias', 'arg:dense2_weight', 'arg:dense2_bias'], [
    { shape: [256, 512], sum: 18.8351381049, sumsq: 214.240179814 },
    zeros([256]),
    { shape: [128, 256], sum: -12.4816097617, sumsq: 53.4056505296 },
    zeros([128]),
    { shape: [2, 128], sum: -1.16031916067, sumsq: 0.467415090112 },
    zeros([2]),
  ]);
});

test('V2: wk738126046 mlp.params (legacy save_params names)', () => {
  checkFixture('wk738126046-ML/mlp.params', ['dense0_weight', 'dense0_bias', 'dense1_weight', 'dense1_bias'], [
    { shape: [10, 10], sum: -0.0119272619486, sumsq: 0.15218016965 },
    zeros([10]),
    { shape: [2, 10], sum: 0.249333716929, sumsq: 0.0327353183603 },
    zeros([2]),
  ]);
});

test('V3 (numpy shape): pratapwarrohit13 and d2l-en x-file, x-files, mydict, mlp.params', () => {
  const stats = {
    'pratapwarrohit13-mxnet/': [-2.19703862816, 8.301860897, 1.14411975443, 4.16945085736],
    'hisashi-y-d2l-en-release/': [3.00712195411, 8.47602421792, 0.185240797698, 4.21927783587],
  };
  for (const [dir, s] of Object.entries(stats)) {
    checkFixture(`${dir}x-file`, null, [{ shape: [4], values: arange(4) }]);
    checkFixture(`${dir}x-files`, null, [{ shape: [4], values: arange(4) }, zeros([4])]);
    checkFixture(`${dir}mydict`, ['x', 'y'], [{ shape: [4], values: arange(4) }, zeros([4])]);
    checkFixture(`${dir}mlp.params`, ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'], [
      { shape: [256, 20], sum: s[0], sumsq: s[1] },
      zeros([256]),
      { shape: [10, 256], sum: s[2], sumsq: s[3] },
      zeros([10]),
    ]);
  }
});

test('d2l mlp.params weights come from Uniform(-0.07, 0.07) init and biases are zero', () => {
  for (const path of ['samuel-wei-d2l-zh-1.0-bundle/mlp.params', 'lovemineyue-mytest/mlp.params', 'pratapwarrohit13-mxnet/mlp.params', 'hisashi-y-d2l-en-release/mlp.params']) {
    const d = asDict(load(fixture(path)));
    for (const name of ['hidden.weight', 'output.weight']) {
      const w = vals(d[name]);
      assert.ok(w.every((v) => v >= -0.07 && v <= 0.07), `${path} ${name} out of range`);
      assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) / w.length) < 0.005, `${path} ${name} mean`);
    }
    disposeAll(d);
  }
});

test('V2 trained: cyrusmvahid MNIST MLP 0.weight … 2.bias', () => {
  checkFixture('cyrusmvahid-aim-418-labs/net.params', ['0.weight', '0.bias', '1.weight', '1.bias', '2.weight', '2.bias'], [
    { shape: [128, 784], sum: 148.469557125, sumsq: 5.81979511789 },
    { shape: [128], sum: 1.20360657368, sumsq: 0.021517926681 },
    { shape: [64, 128], sum: 50.2654784408, sumsq: 5.80202875367 },
    { shape: [64], sum: 0.727370049621, sumsq: 0.0203677327186 },
    { shape: [10, 64], sum: 6.62679667585e-7, sumsq: 5.85379541375 },
    { shape: [10], sum: 3.91155481339e-8, sumsq: 0.0430088739669 },
  ]);
});

test('V2 trained: vgangal101 LeNet, arrays in dictionary order', () => {
  checkFixture('vgangal101-mxnet-learn/net.params', ['6.bias', '5.weight', '7.weight', '2.weight', '0.bias', '6.weight', '7.bias', '5.bias', '2.bias', '0.weight'], [
    { shape: [84], sum: 2.13924465084, sumsq: 0.421201060195 },
    { shape: [120, 400], sum: -144.634788668, sumsq: 284.508145549 },
    { shape: [10, 84], sum: -3.88874291061, sumsq: 39.7924075009 },
    { shape: [16, 6, 3, 3], sum: -30.1471284347, sumsq: 44.586348743 },
    { shape: [6], sum: -0.560932889581, sumsq: 0.453949103575 },
    { shape: [84, 120], sum: -56.6959495712, sumsq: 128.850200068 },
    { shape: [10], sum: -4.74974513054e-6, sumsq: 0.461974763609 },
    { shape: [120], sum: 2.22271226274, sumsq: 0.377806005163 },
    { shape: [16], sum: 0.361532397568, sumsq: 1.03161616975 },
    { shape: [6, 1, 5, 5], sum: -8.58435009629, sumsq: 22.5074764415 },
  ]);
});

test('save reproduces every V2 file MXNet wrote, byte for byte', () => {
  const v2 = [
    'samuel-wei-d2l-zh-1.0-bundle/x', 'samuel-wei-d2l-zh-1.0-bundle/xy', 'samuel-wei-d2l-zh-1.0-bundle/mydict',
    'samuel-wei-d2l-zh-1.0-bundle/mlp.params', 'lovemineyue-mytest/my_mlp-0000.params', 'wk738126046-ML/mlp.params',
    'cyrusmvahid-aim-418-labs/net.params', 'vgangal101-mxnet-learn/net.params',
  ];
  for (const path of v2) {
    const bytes = fixture(path);
    const loaded = load(bytes);
    const out = save(loaded);
    assert.is(out.length, bytes.length, path);
    assert.ok(Buffer.from(out).equals(Buffer.from(bytes)), `${path} differs`);
    disposeAll(loaded);
  }
});

test('save of new arrays matches MXNet bytes: [ones(3)], [ones(3), zeros(4)], {x, y}', () => {
  const x = make([3], [1, 1, 1]);
  const y = make([4], [0, 0, 0, 0]);
  const same = (a: Uint8Array, path: string): void => assert.ok(Buffer.from(a).equals(Buffer.from(fixture(path))), path);
  same(save(x), 'samuel-wei-d2l-zh-1.0-bundle/x'); // a single NDArray is a one-element list
  same(save([x]), 'lovemineyue-mytest/x');
  same(save([x, y]), 'lovemineyue-mytest/xy');
  same(save({ x, y }), 'lovemineyue-mytest/mydict');
  x.dispose();
  y.dispose();
});

// ---------------------------------------------------------------------------- byte layout

test("the 81-byte example of gluon-1x.md §10: {'w': [1, 2]}", () => {
  const w = make([2], [1, 2]);
  const out = save({ w });
  const expected = [
    0x12, 0x01, 0, 0, 0, 0, 0, 0, ...fill(8, 0), 0x01, ...fill(7, 0),
    0xc9, 0xfa, 0x93, 0xf9, 0, 0, 0, 0, 0x01, 0, 0, 0, 0x02, ...fill(7, 0), 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40,
    0x01, ...fill(7, 0), 0x01, ...fill(7, 0), 0x77,
  ];
  assert.is(expected.length, 81);
  assert.equal(Array.from(out), expected);
  const back = asDict(load(out));
  assert.equal(Object.keys(back), ['w']);
  assert.equal(back.w.shape, [2]);
  assert.equal(vals(back.w), [1, 2]);
  disposeAll(back);
  w.dispose();
});

test('byte-level V2 list save of a 2x3 and a 1x1x2 array', () => {
  const a = make([2, 3], [0.5, -1, 2, 3, -0, 1e-3]);
  const b = make([1, 1, 2], [7, 8]);
  const expected = new Bytes().u64(0x112).u64(0).u64(2)
    .u32(V2).i32(0).i32(2).i64(2).i64(3).i32(1).i32(0).i32(0).f32(0.5).f32(-1).f32(2).f32(3).f32(-0).f32(1e-3)
    .u32(V2).i32(0).i32(3).i64(1).i64(1).i64(2).i32(1).i32(0).i32(0).f32(7).f32(8)
    .u64(0)
    .bytes();
  assert.equal(Array.from(save([a, b])), Array.from(expected));
  a.dispose();
  b.dispose();
});

test('round trip is bit-exact: -0, ±inf, NaN payloads, subnormals, extremes', () => {
  const patterns = [
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc00001, 0xffc12345, 0x7f800001, 0xffbfffff,
    0x00000001, 0x807fffff, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0x33d6bf95,
  ];
  const a = NDArray._empty([patterns.length]);
  new Uint32Array(a._data().buffer, a._data().byteOffset, patterns.length).set(patterns);
  const r = (() => {
    const s = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453);
    return make([10, 10, 10], s);
  })();
  const back = asDict(load(save({ special: a, random: r })));
  assert.equal(bits(back.special), patterns);
  assert.equal(bits(back.random), bits(r));
  assert.equal(back.random.shape, [10, 10, 10]);
  disposeAll(back);
  a.dispose();
  r.dispose();
});

test('names: order, unicode, empty, BOM, __proto__, integer-like keys; lists stay lists', () => {
  const a = make([1], [1]);
  const b = make([1], [2]);
  const c = make([1], [3]);
  const names = ['zeta', 'ünïcødé 名前 🙂', '', '\ufeffbom', 'alpha'];
  const dict: Record<string, NDArray> = {};
  names.forEach((n, i) => (dict[n] = [a, b, c, a, b][i]));
  const back = asDict(load(save(dict)));
  assert.equal(Object.keys(back), names);
  assert.equal(names.map((n) => vals(back[n])[0]), [1, 2, 3, 1, 2]);
  disposeAll(back);

  const proto: Record<string, NDArray> = {};
  Object.defineProperty(proto, '__proto__', { value: a, enumerable: true });
  const p = asDict(load(save(proto)));
  assert.ok(Object.prototype.hasOwnProperty.call(p, '__proto__'));
  assert.equal(vals(p['__proto__']), [1]);
  assert.is(Object.getPrototypeOf(p), Object.prototype);
  disposeAll(p);

  // JS objects list integer-like keys first; save follows Object.keys order
  const ints = asDict(load(save({ b: a, 1: b, a: c } as Record<string, NDArray>)));
  assert.equal(Object.keys(ints), ['1', 'b', 'a']);
  disposeAll(ints);

  // 0 names → list, including an empty dict (MXNet's nd.load does the same)
  assert.equal(load(save([])), []);
  assert.equal(load(save({})), []);
  for (const x of [a, b, c]) x.dispose();
});

test('0-d arrays save as shape (1,); zero-size arrays round trip', () => {
  const s = NDArray._empty([]);
  s._data()[0] = 4.5;
  const z = NDArray._empty([2, 0]);
  const [s2, z2] = asList(load(save([s, z])));
  assert.equal(s2.shape, [1]);
  assert.equal(vals(s2), [4.5]);
  assert.equal(z2.shape, [2, 0]);
  assert.is(z2.size, 0);
  for (const x of [s, z, s2, z2]) x.dispose();
});

test('input forms: ArrayBuffer, Buffer, unaligned subarray', () => {
  const bytes = fixture('wk738126046-ML/mlp.params');
  const ref = asDict(load(bytes));
  const fromAB = asDict(load(bytes.slice().buffer));
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 3); // data now starts at an odd address
  const fromSub = asDict(load(padded.subarray(3)));
  const fromBuf = asDict(load(readFileSync(join(FIXTURES, 'wk738126046-ML/mlp.params'))));
  for (const d of [fromAB, fromSub, fromBuf]) {
    assert.equal(Object.keys(d), Object.keys(ref));
    for (const k of Object.keys(ref)) assert.equal(bits(d[k]), bits(ref[k]));
    disposeAll(d);
  }
  disposeAll(ref);
});

// ---------------------------------------------------------------- other record variants

test('other element types convert to float32', () => {
  const typed = (type: number, shape: number[], write: (b: Bytes) => void): Uint8Array => {
    const b = new Bytes().u32(V2).i32(0).i32(shape.length);
    for (const d of shape) b.i64(d);
    b.i32(1).i32(0).i32(type);
    write(b);
    return b.bytes();
  };
  const f64 = [1.5, -2.25, 1e-50, 1e300, Math.PI];
  const half = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x3555];
  const halfWant = [1, -2, 65504, 2 ** -24, 1023 * 2 ** -24, -0, Infinity, -Infinity, NaN, 0.333251953125];
  const records = [
    typed(1, [5], (b) => f64.forEach((v) => b.f64(v))),
    typed(2, [10], (b) => half.forEach((v) => b.u16(v))),
    typed(3, [3], (b) => b.u8(0, 128, 255)),
    typed(4, [2, 2], (b) => [-2147483648, -1, 0, 2147483647].forEach((v) => b.i32(v))),
    typed(5, [3], (b) => b.u8(0x80, 0xff, 0x7f)),
    typed(6, [3], (b) => [-(2n ** 62n), 5n, 2n ** 24n + 1n].forEach((v) => b.i64(v))),
    typed(7, [3], (b) => b.u8(0, 1, 2)),
    typed(8, [2], (b) => b.u16(0x8000).u16(0x7fff)),
    typed(9, [1], (b) => b.u16(0xffff)),
    typed(10, [1], (b) => b.u32(0xffffffff)),
    typed(11, [1], (b) => b.u64(2n ** 64n - 1n)),
    typed(12, [2], (b) => b.u16(0x3fc0).u16(0xc049)),
  ];
  const out = asList(load(file(records)));
  const f = Math.fround;
  const want = [
    f64.map(f), halfWant, [0, 128, 255], [-2147483648, -1, 0, 2147483647], [-128, -1, 127],
    [-(2 ** 62), 5, 2 ** 24], [0, 1, 1], [-32768, 32767], [65535], [f(4294967295)], [f(2 ** 64)], [1.5, f(-3.140625)],
  ];
  out.forEach((a, i) => {
    const got = vals(a);
    assert.is(got.length, want[i].length, `type record ${i}`);
    got.forEach((v, j) => assert.ok(Object.is(v, f(want[i][j])), `type record ${i}[${j}]: ${v} vs ${want[i][j]}`));
  });
  assert.equal(out[3].shape, [2, 2]);
  disposeAll(out);
});

test('none records (ndim 0) in V0/V1/V2 load as shape [0]; V3 0-d is a scalar loaded as [1]', () => {
  const records = [
    new Bytes().u32(V2).i32(0).i32(0).bytes(), // V2 none: the record ends after ndim
    new Bytes().u32(V1).i32(0).bytes(), // V1 none
    new Bytes().u32(0).bytes(), // V0 none (ndim 0)
    new Bytes().u32(V3).i32(0).i32(0).i32(1).i32(0).i32(0).f32(-7.5).bytes(), // V3 scalar
    new Bytes().u32(V3).i32(0).i32(2).i64(3).i64(-1).bytes(), // V3 unknown dim: record ends
    new Bytes().u32(V1).i32(2).i64(1).i64(2).i32(1).i32(0).i32(0).f32(1).f32(2).bytes(),
    new Bytes().u32(2).u32(2).u32(1).i32(2).i32(3).i32(0).f32(5).f32(6).bytes(), // V0 on gpu(3)
    rec([0, 5], []), // zero-size but not none
  ];
  const out = asList(load(file(records)));
  assert.equal(out.map((a) => a.shape), [[0], [0], [0], [1], [0], [1, 2], [2, 1], [0, 5]]);
  assert.equal(vals(out[3]), [-7.5]);
  assert.equal(vals(out[5]), [1, 2]);
  assert.equal(vals(out[6]), [5, 6]);
  disposeAll(out);
});

test('duplicate names keep the first position and the last value; shadowed arrays are never created', () => {
  const bytes = file([rec([1], [1]), rec([1], [2]), rec([1], [3])], ['a', 'b', 'a']);
  const before = memory().arrays;
  const d = asDict(load(bytes));
  assert.equal(Object.keys(d), ['a', 'b']);
  assert.equal(vals(d.a), [3]);
  assert.equal(vals(d.b), [2]);
  assert.is(memory().arrays, before + 2);
  disposeAll(d);
  assert.is(memory().arrays, before);
});

// ------------------------------------------------------------------------- corrupt input

test('truncation at every byte offset throws FormatError and allocates nothing', () => {
  const files = [
    'samuel-wei-d2l-zh-1.0-bundle/mydict', 'pratapwarrohit13-mxnet/mydict', 'lovemineyue-mytest/xy',
    'apache-mxnet-legacy/legacy_ndarray.v0', 'wk738126046-ML/mlp.params',
  ];
  let n = 0;
  for (const path of files) {
    const bytes = fixture(path);
    for (let len = 0; len < bytes.length; len++, n++) rejects(bytes.subarray(0, len), /truncated/, `${path}[:${len}]`);
  }
  // a V1 dict: every offset in the headers and names, a stride through the data
  const v1 = fixture('zackchase-straight-dope-2017-v1format/test2.ndarray');
  for (let len = 0; len < v1.length; len += len < 200 || len > v1.length - 200 ? 1 : 997, n++) rejects(v1.subarray(0, len), /truncated/, `test2[:${len}]`);
  // built here: mixed versions, names, a zero-size and a none record
  const mixed = file([rec([2], [1, 2], V3), new Bytes().u32(V1).i32(1).i64(1).i32(1).i32(0).i32(0).f32(9).bytes(), rec([0], []), new Bytes().u32(V2).i32(0).i32(0).bytes()], ['p', 'ü', '', 'q']);
  for (let len = 0; len < mixed.length; len++, n++) rejects(mixed.subarray(0, len), /truncated/, `mixed[:${len}]`);
  assert.ok(n > 4500);
  const ok = asDict(load(mixed));
  assert.equal(Object.keys(ok), ['p', 'ü', '', 'q']);
  disposeAll(ok);
});

test('messages say what is wrong and where', () => {
  assert.is(rejects(new Uint8Array(0), /truncated/).message, 'nd.load: invalid NDArray file format: truncated: the list magic needs 8 bytes but the file ends at byte 0');
  const good = file([rec([2], [1, 2])]);
  assert.is(rejects(good.subarray(0, 58), /truncated/).message,
    'nd.load: invalid NDArray file format: truncated: the data of array 0 (shape (2,), float32) needs 8 bytes but only 2 remain at byte 56');
  assert.is(rejects(good.subarray(0, 38), /truncated/).message,
    'nd.load: invalid NDArray file format: truncated: array 0 claims ndim 1, which needs 8 bytes of dims, but only 2 remain at byte 36');
  assert.is(rejects(good.subarray(0, 30), /truncated/).message,
    'nd.load: invalid NDArray file format: truncated or corrupt: array count 1 cannot fit in the 6 bytes that follow (a record takes at least 4 bytes) at byte 16');
  const bad = good.slice();
  bad[0] = 0x13;
  assert.is(rejects(bad, /bad list magic/).message, 'nd.load: invalid NDArray file format: bad list magic 0x113 (expected 0x112) at byte 0');
  const swapped = good.slice();
  swapped.set([0, 0, 0, 0, 0, 0, 0x01, 0x12], 0); // big-endian writer
  rejects(swapped, /bad list magic 0x1201000000000000 \(expected 0x112\) at byte 0/);
});

test('huge claimed counts and sizes are refused before anything is allocated', () => {
  const wasmBefore = memory().wasmBytes;
  rejects(file([rec([1], [1])], [], { count: 2n ** 40n }), /array count 1099511627776 cannot fit/);
  rejects(file([], [], { count: 2n ** 64n - 1n }), /array count 18446744073709551615 cannot fit .* at byte 16$/);
  rejects(file([new Bytes().u32(V2).i32(0).i32(0x7fffffff).bytes()]), /claims ndim 2147483647/);
  rejects(file([new Bytes().u32(V1).i32(-1).bytes()]), /negative ndim -1/);
  // shape (2^20, 2^20): 2^40 float32 elements claimed by a 70-byte file
  rejects(file([new Bytes().u32(V2).i32(0).i32(2).i64(2 ** 20).i64(2 ** 20).i32(1).i32(0).i32(0).f32(1).bytes()]), /needs 4398046511104 bytes but only \d+ remain/);
  rejects(file([new Bytes().u32(V2).i32(0).i32(1).i64(2n ** 62n).i32(1).i32(0).i32(0).bytes()]), /larger than 2\^53/);
  rejects(file([new Bytes().u32(V2).i32(0).i32(4).i64(2 ** 20).i64(2 ** 20).i64(2 ** 20).i64(2 ** 20).i32(1).i32(0).i32(0).bytes()]), /more than 2\^53 elements/);
  rejects(file([new Bytes().u32(V2).i32(0).i32(1).i64(-3).i32(1).i32(0).i32(0).bytes()]), /negative dim -3/);
  rejects(file([new Bytes().u32(V2).i32(0).i32(1).i64(-1).i32(1).i32(0).i32(0).bytes()]), /negative dim -1/); // -1 is "unknown" only in V3
  // a corrupted V2 magic is read as a pre-V1 ndim of ~4e9 dims
  rejects(file([rec([1], [1], 0xf993facb)]), /0xF993FACB, which is no record magic .* at byte 24$/);
  rejects(file([rec([1], [1])], [], { nameCount: 2n ** 63n }), /name count 9223372036854775808 does not match array count 1/);
  const longName = file([rec([1], [1])], ['w']);
  new DataView(longName.buffer).setBigUint64(longName.length - 9, 2n ** 40n, true);
  rejects(longName, /name 0 claims 1099511627776 bytes but only 1 remain/);
  assert.is(memory().wasmBytes, wasmBefore);
});

test('bad fields: storage type, type flag, name count, UTF-8', () => {
  const withField = (f: (b: Bytes) => Bytes): Uint8Array => file([f(new Bytes()).bytes()]);
  rejects(withField((b) => b.u32(V2).i32(1).i32(1).i64(1)), /^nd\.load: sparse arrays are not supported \(array 0 has storage type row_sparse\) at byte 28$/);
  rejects(withField((b) => b.u32(V3).i32(2).i32(1).i64(1)), /sparse arrays are not supported \(array 0 has storage type csr\)/);
  rejects(withField((b) => b.u32(V2).i32(-1).i32(1).i64(1)), /array 0 has unknown storage type -1 at byte 28/);
  rejects(withField((b) => b.u32(V2).i32(0).i32(1).i64(1).i32(1).i32(0).i32(13).f32(0)), /unknown type flag 13 at byte 52/);
  rejects(withField((b) => b.u32(V1).i32(1).i64(1).i32(1).i32(0).i32(-1).f32(0)), /unknown type flag -1/);
  // a valid first array, then a bad second one: nothing may stay allocated
  rejects(file([rec([1000], fill(1000, 1)), new Bytes().u32(V2).i32(0).i32(1).i64(1).i32(1).i32(0).i32(99).f32(0).bytes()]), /array 1 has unknown type flag 99/);
  rejects(file([rec([1], [1]), rec([1], [2])], ['a']), /name count 1 does not match array count 2 \(must be 0 or 2\) at byte 96/);
  rejects(file([rec([1], [1])], ['a', 'b']), /name count 2 does not match array count 1/);
  for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
    const f = file([rec([1], [1])], ['ab']);
    const named = new Uint8Array([...f.subarray(0, f.length - 10), ...new Bytes().u64(bad.length).bytes(), ...bad]);
    rejects(named, /name 0 is not valid UTF-8/, bad.join(','));
  }
});

test('an allocation failing midway disposes the arrays already created', () => {
  const bytes = file([rec([3], [1, 2, 3]), rec([2], [4, 5]), rec([1], [6])]);
  const original = NDArray._empty;
  let calls = 0;
  NDArray._empty = (shape) => {
    if (++calls === 3) throw new Error('simulated out of memory');
    return original(shape);
  };
  const before = snapshot();
  try {
    assert.throws(() => load(bytes), isErr(Error, /simulated out of memory/));
  } finally {
    NDArray._empty = original;
  }
  assert.is(calls, 3);
  assert.is(snapshot(), before);
});

// ---------------------------------------------------------------------- API misuse, files

test('save rejects anything but NDArray, NDArray[] or a plain object of NDArrays', () => {
  const a = make([1], [1]);
  assert.throws(() => save(42 as never), isErr(ValueError, /^nd\.save: expected an NDArray, .*; got the number 42$/));
  assert.throws(() => save(null as never), isErr(ValueError, /got null$/));
  assert.throws(() => save(undefined as never), isErr(ValueError, /got undefined$/));
  assert.throws(() => save([a, 3] as never), isErr(ValueError, /element 1 of the array is the number 3$/));
  // eslint-disable-next-line no-sparse-arrays
  assert.throws(() => save([a, , a] as never), isErr(ValueError, /element 1 of the array is undefined$/));
  assert.throws(() => save({ w: a, b: 'x' } as never), isErr(ValueError, /value 'b' is the string "x"$/));
  assert.throws(() => save(new Map([['w', a]]) as never), isErr(ValueError, /got a Map$/));
  assert.throws(() => save(new Float32Array(2) as never), isErr(ValueError, /got a Float32Array$/));
  assert.throws(() => save({ ['bad\ud800']: a }), isErr(ValueError, /lone UTF-16 surrogate/));
  const d = make([2], [1, 2]);
  d.dispose();
  assert.throws(() => save([a, d]), isErr(DisposedError, /^nd\.save: /));
  assert.throws(() => save({ d }), isErr(DisposedError, /^nd\.save: /));
  assert.throws(() => load(42 as never), isErr(ValueError, /^nd\.load: expected a Uint8Array, an ArrayBuffer or \(in Node\) a file path; got the number 42$/));
  assert.throws(() => load({} as never), isErr(ValueError, /got an Object$/));
  a.dispose();
});

test('Node paths: save(path, data) writes the file, load(path) reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gluon-serialize-'));
  try {
    const w = make([2, 2], [1, 2, 3, 4]);
    const path = join(dir, 'w.params');
    const bytes = save(path, { w });
    assert.ok(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes)));
    const d = asDict(load(path));
    assert.equal(vals(d.w), [1, 2, 3, 4]);
    disposeAll(d);
    assert.throws(() => load(join(dir, 'missing.params')), isErr(ValueError, /^nd\.load: cannot read '.*missing\.params': ENOENT/));
    assert.throws(() => save(join(dir, 'bad.params'), 7 as never), isErr(ValueError, /got the number 7/));
    assert.not.ok(existsSync(join(dir, 'bad.params')));
    assert.throws(() => save(join(dir, 'no-such-dir', 'x.params'), w), isErr(ValueError, /^nd\.save: cannot write/));
    w.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('paths outside Node (or without getBuiltinModule) throw ValueError asking for bytes', () => {
  const real = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  const w = make([1], [1]);
  try {
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    assert.throws(() => save('w.params', [w]), isErr(ValueError, /^nd\.save: got the path 'w\.params', but file paths work only in Node; without a path, nd\.save\(data\) and block\.saveParameters\(\) return the bytes/));
    assert.throws(() => load('w.params'), isErr(ValueError, /file paths work only in Node; pass the file contents as a Uint8Array/));
    Object.defineProperty(globalThis, 'process', { value: { versions: { node: '18.0.0' } }, configurable: true, writable: true });
    assert.throws(() => load('w.params'), isErr(ValueError, /need process\.getBuiltinModule \(Node >= 20\.16\), this is Node 18\.0\.0/));
  } finally {
    Object.defineProperty(globalThis, 'process', real);
    w.dispose();
  }
  assert.ok(typeof process.versions.node === 'string');
});

test.run();
