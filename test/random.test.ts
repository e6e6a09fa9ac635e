// nd.random against MXNet 1.x CPU: published outputs (gluon-1x.md §9/§11, the seed notebook, apache/mxnet
// issue #18481) and an independent plain-JS model of the engines (MT19937 written from the reference
// algorithm, MXNet's LaunchRNG split, libstdc++'s generate_canonical / polar method / uniform_int).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X_NUMPY, W0_NUMPY, UNIFORM_2X20_NUMPY, notebookIndent } from './helpers/seed-transcript.mjs';
import { wasm, ValueError, ShapeError, GluonError } from '../src/wasm';
import { isErr } from './helpers/reference';
import { NDArray } from '../src/nd/ndarray';
import { array } from '../src/nd/creation';
import * as random from '../src/nd/random';

// ------------------------------------------------------------------ plain-JS reference model

/** MT19937 (Matsumoto & Nishimura's init_genrand / genrand_int32). */
class MT19937 {
  private mt = new Uint32Array(624);
  private i = 624;
  constructor(s: number) {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const p = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
    }
  }
  next(): number {
    const mt = this.mt;
    if (this.i >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.i = 0;
    }
    let y = mt[this.i++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

const fr = Math.fround;

/** MXNet's CPU generator: 1024 engines seeded 127*s + j, plus the kRandom engine (127*s). */
class RefGenerator {
  engines: MT19937[];
  shuffleEngine: MT19937;
  constructor(s: number) {
    const base = Math.imul(s | 0, 127) >>> 0;
    this.engines = Array.from({ length: 1024 }, (_, j) => new MT19937((base + j) >>> 0));
    this.shuffleEngine = new MT19937(base);
  }
  /** LaunchRNG: nthread = min(ceil(n/64), 1024), step = ceil(n/nthread), thread t → engine t. */
  launch(n: number, draw: (e: MT19937) => number): Float32Array {
    const out = new Float32Array(n);
    if (n === 0) return out;
    const nthread = Math.min(Math.ceil(n / 64), 1024);
    const step = Math.ceil(n / nthread);
    for (let t = 0; t < nthread; t++) {
      for (let i = t * step; i < Math.min((t + 1) * step, n); i++) out[i] = draw(this.engines[t]);
    }
    return out;
  }
  uniform(low: number, high: number, n: number): Float32Array {
    const lo = fr(low);
    const range = fr(fr(high) - lo);
    return this.launch(n, (e) => fr(lo + fr(range * canonical(e))));
  }
  /** Polar method with Math.fround(Math.log): glibc's logf differs from it in ~0.1% of inputs. */
  normal(loc: number, scale: number, n: number): Float32Array {
    return this.launch(n, (e) => {
      let x: number, y: number, r2: number;
      do {
        x = fr(2 * canonical(e) - 1);
        y = fr(2 * canonical(e) - 1);
        r2 = fr(fr(x * x) + fr(y * y));
      } while (r2 > 1 || r2 === 0);
      const mult = fr(Math.sqrt(fr(fr(-2 * fr(Math.log(r2))) / r2)));
      return fr(fr(fr(y * mult) * fr(scale)) + fr(loc));
    });
  }
  randint(low: number, high: number, n: number): Float32Array {
    return this.launch(n, (e) => {
      const x1 = BigInt(e.next());
      const x2 = BigInt(e.next());
      const r = BigInt.asIntN(64, (x1 << 31n) + x2);
      return Number(BigInt.asIntN(32, BigInt(low) + r % BigInt(high - low)));
    });
  }
  /** Fisher-Yates with pre-GCC-11 uniform_int_distribution(0, i): returns the row permutation. */
  shufflePerm(rows: number): number[] {
    const perm = Array.from({ length: rows }, (_, i) => i);
    for (let i = rows - 1; i > 0; i--) {
      const scaling = Math.floor(0xffffffff / (i + 1));
      const past = (i + 1) * scaling;
      let x: number;
      do x = this.shuffleEngine.next(); while (x >= past);
      const j = Math.floor(x / scaling);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm;
  }
}

/** generate_canonical<float, 24>: float(x) / 2^32, clamped below 1. */
function canonical(e: MT19937): number {
  const u = fr(e.next()) / 2 ** 32;
  return u >= 1 ? fr(1 - 2 ** -24) : u;
}

/** numpy 1.x's element text (precision 8, 'maxprec'): shortest float32 repr if <= 8 decimals, else rounded. */
function npText(v: number): string {
  for (let k = 1; k <= 9; k++) {
    const e = v.toExponential(k - 1);
    if (fr(Number(e)) !== v) continue;
    const decimals = Math.max(0, k - 1 - Number(e.split('e')[1]));
    if (decimals <= 8) return trimZeros(Number(e).toFixed(decimals));
    break;
  }
  return trimZeros(v.toFixed(8));
}
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '') : `${s}.`;
}
const tokens = (text: string): string[] => text.match(/-?\d+\.\d*/g) ?? [];

function bitsEqual(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.unreachable(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}
const values = (a: NDArray): Float32Array => a.toFloat32Array();
const rawNext = (engine: number): number => (wasm().rng_next_u32(random._statePtr(), engine) as number) >>> 0;

// ------------------------------------------------------------------ the reference model itself

test('reference MT19937 matches the published mt19937 outputs', () => {
  const e = new MT19937(0);
  assert.equal([e.next(), e.next()], [2357136044, 2546248239]);
  // C++11 [rand.predef]: the 10000th output of a default-constructed mt19937 (seed 5489) is 4123659995
  const d = new MT19937(5489);
  let x = 0;
  for (let i = 0; i < 10000; i++) x = d.next();
  assert.is(x, 4123659995);
});

// ------------------------------------------------------------------ published MXNet outputs

test('uniform(shape=6) on the default seed is MXNet\'s published vector', () => {
  random.seed(0);
  const expected = '0.5488135 0.5928446 0.71518934 0.84426576 0.60276335 0.8579456'.split(' ').map((s) => fr(Number(s)));
  bitsEqual(values(random.uniform({ shape: 6 })), expected, 'uniform');
});

test('normal(0, 1, shape=6) on the default seed is the modern-glibc vector', () => {
  random.seed(0);
  const expected = '2.2122064 0.7740038 1.0434403 1.1839255 1.8917114 -1.2347414'.split(' ').map((s) => fr(Number(s)));
  const got = values(random.normal(0, 1, 6));
  bitsEqual(got, expected, 'normal');
  assert.equal(Array.from(got, npText), '2.2122064 0.7740038 1.0434403 1.1839255 1.8917114 -1.2347414'.split(' '));
});

test('raw engine draws: engine 0 starts 2357136044, 2546248239 and engine j follows seed j', () => {
  random.seed(0);
  assert.is(rawNext(0), 2357136044);
  assert.is(rawNext(0), 2546248239);
  for (const j of [1, 2, 511, 1023]) assert.is(rawNext(j), new MT19937(j).next(), `engine ${j}`);
});

// The seed notebook: net.initialize() defers, X = nd.random.uniform(shape=(2, 20)) draws first, then
// the forward pass initialises dense0_weight (256x20) and dense1_weight (10x256) with Uniform(0.07).
const SEED_X = `\n${notebookIndent(X_NUMPY)}`;
// dense0_weight as printed (rows 0-2 and 253-255, columns 0-2 and 17-19)
const SEED_W0 = `\n${notebookIndent(W0_NUMPY)}`;

test('the seed notebook: X text, then the Uniform(0.07) 256x20 weight corners', () => {
  random.seed(0);
  const X = random.uniform({ shape: [2, 20] });
  assert.equal(X.shape, [2, 20]);
  const x = values(X);
  const xText = tokens(SEED_X);
  assert.is(xText.length, 40);
  assert.equal(Array.from(x, npText), xText);
  // numerically: numpy prints the shortest float32 repr when it has <= 8 decimals (parses back to the
  // exact value), else the value rounded to 8 decimals (within 5e-9; X[32] = 0.0202184 is such a case)
  let reprs = 0;
  xText.forEach((s, i) => {
    const exact = Object.is(fr(Number(s)), x[i]);
    assert.ok(exact || Math.abs(x[i] - Number(s)) <= 5e-9, `X[${i}] = ${x[i]} printed ${s}`);
    if (exact) reprs++;
  });
  assert.ok(reprs >= 30, `${reprs} of 40 printed values parse back to the exact float32`);
  // N = 40 → one thread: engine 0 gives all 40 values, in order
  bitsEqual(x, new RefGenerator(0).uniform(0, 1, 40), 'X vs reference');

  const W0 = random.uniform(-0.07, 0.07, [256, 20]);
  const w = values(W0);
  const corners: string[] = [];
  for (const r of [0, 1, 2, 253, 254, 255]) for (const c of [0, 1, 2, 17, 18, 19]) corners.push(npText(w[r * 20 + c]));
  assert.equal(corners, tokens(SEED_W0));

  // and the whole sequence X, W0 (N = 5120: 80 threads of 64), W1 (N = 2560: 40 threads of 64)
  const ref = new RefGenerator(0);
  ref.uniform(0, 1, 40);
  bitsEqual(w, ref.uniform(-0.07, 0.07, 5120), 'dense0_weight');
  bitsEqual(values(random.uniform(-0.07, 0.07, [10, 256])), ref.uniform(-0.07, 0.07, 2560), 'dense1_weight');
});

// gluon-1x.md §9's worked example: Uniform(0.07) 2x20 from a fresh process; its entries 9-16 are in
// the MXNet 1.9.1 Parameter.initialize docstring.
test('Uniform(0.07) 2x20 from a fresh process prints as gluon-1x.md §9', () => {
  const printed = `\n${UNIFORM_2X20_NUMPY}`;
  random.seed(0);
  const w = random.uniform(-0.07, 0.07, [2, 20]);
  assert.equal(Array.from(values(w), npText), tokens(printed));
});

test('randint(1, 5, [3, 3]) after seed(10) is the output in apache/mxnet#18481', () => {
  random.seed(10);
  const r = random.randint(1, 5, [3, 3]);
  assert.equal(r.toArray(), [[4, 2, 2], [2, 3, 4], [4, 4, 2]]);
});

// ------------------------------------------------------------------ seeding

test('seed(s) seeds engine j with 127*s + j, seed(0) restores the default stream', () => {
  random.seed(1);
  const a = values(random.uniform(0, 1, 6));
  bitsEqual(a, new RefGenerator(1).uniform(0, 1, 6), 'seed 1');
  assert.is(rawNext(5), new MT19937(127 + 5).next());
  random.seed(0);
  const b = values(random.uniform(0, 1, 6));
  assert.not.equal(Array.from(a), Array.from(b));
  bitsEqual(b, '0.5488135 0.5928446 0.71518934 0.84426576 0.60276335 0.8579456'.split(' ').map((s) => fr(Number(s))), 'seed 0 again');
  // same seed → same numbers; the streams restart on every seed() call
  random.seed(1);
  bitsEqual(values(random.uniform(0, 1, 6)), a, 'seed 1 again');
});

test('seed wraps like ctypes.c_int and 127*s wraps modulo 2^32', () => {
  random.seed(-1); // 127 * 0xffffffff + j mod 2^32 = 2^32 - 127 + j
  assert.is(rawNext(0), new MT19937(2 ** 32 - 127).next());
  assert.is(rawNext(200), new MT19937(2 ** 32 - 127 + 200).next());
  random.seed(2 ** 32 + 7); // c_int keeps the low 32 bits: 7
  assert.is(rawNext(3), new MT19937(127 * 7 + 3).next());
  random.seed(40000000); // 127 * 4e7 = 5.08e9 wraps
  assert.is(rawNext(0), new MT19937((127 * 40000000) % 2 ** 32).next());
  assert.throws(() => random.seed(1.5), isErr(ValueError, ['seed_state must be int']));
  assert.throws(() => random.seed(Number.NaN), isErr(ValueError, ['seed_state must be int']));
});

// ------------------------------------------------------------------ the work split

test('chunking over engines for N = 0, 1, 63, 64, 65, 1000, 70000 with state carried across calls', () => {
  random.seed(0);
  const ref = new RefGenerator(0);
  for (const n of [1, 63, 64, 65, 0, 1000, 70000, 65, 1]) {
    bitsEqual(values(random.uniform(-2, 3, n)), ref.uniform(-2, 3, n), `uniform N=${n}`);
  }
  // the engines' positions agree, including the ones a 70000-element call leaves untouched (t > 1014)
  for (const t of [0, 1, 15, 16, 63, 64, 500, 1014, 1015, 1023]) assert.is(rawNext(t), ref.engines[t].next(), `engine ${t}`);
});

test('normal: engine use and values follow the polar-method reference for odd N', () => {
  random.seed(3);
  const ref = new RefGenerator(3);
  let exact = 0;
  let total = 0;
  for (const n of [1, 63, 65, 1000, 70000]) {
    const got = values(random.normal(0.5, 2, n));
    const want = ref.normal(0.5, 2, n);
    assert.is(got.length, n);
    for (let i = 0; i < n; i++) {
      total++;
      if (Object.is(got[i], want[i])) exact++;
      // the reference uses a correctly rounded log; glibc's logf is within 1 ulp of it
      else if (Math.abs(got[i] - want[i]) > 4e-7 * Math.max(1, Math.abs(want[i]))) assert.unreachable(`N=${n} [${i}]: ${got[i]} vs ${want[i]}`);
    }
  }
  assert.ok(exact / total > 0.995, `exact matches ${exact}/${total}`);
  // rejection sampling consumed the same draws: every engine is at the same position
  for (const t of [0, 1, 15, 16, 900, 1023]) assert.is(rawNext(t), ref.engines[t].next(), `engine ${t}`);
});

test('the logf port is glibc >= 2.27 logf: the documented input, and within 1 ulp of the exact log', () => {
  const k = wasm();
  const bits = new DataView(new ArrayBuffer(4));
  const f32OfBits = (u: number): number => {
    bits.setUint32(0, u);
    return bits.getFloat32(0);
  };
  // gluon-1x.md §11: r2 = 0x1.1c0714p-1 gives -0x1.2db292p-1 with modern glibc (fdlibm: ...294p-1)
  assert.is(k.rng_logf(f32OfBits(0x3f0e038a)), f32OfBits(0xbf16d949));
  let differ = 0;
  let n = 0;
  for (let u = 0x33800000; u <= 0x3f800000; u += 4099) {
    const x = f32OfBits(u);
    const got = k.rng_logf(x);
    const exact = fr(Math.log(x));
    n++;
    if (got !== exact) {
      differ++;
      assert.ok(Math.abs(got - exact) <= Math.abs(exact) * 2 ** -23, `logf(${x}) = ${got}, log = ${exact}`);
    }
  }
  assert.ok(differ > 0 && differ / n < 0.005, `${differ} of ${n} differ`);
  assert.is(k.rng_logf(1), 0);
  assert.is(k.rng_logf(0), -Infinity);
});

/** Inverse of MT19937's tempering: the state word that makes the engine output `y`. */
function untemper(y: number): number {
  y ^= y >>> 18;
  y ^= (y << 15) & 0xefc60000;
  let x = y;
  for (let i = 0; i < 5; i++) x = y ^ ((x << 7) & 0x9d2c5680);
  y = x;
  x = y;
  for (let i = 0; i < 3; i++) x = y ^ (x >>> 11);
  return x >>> 0;
}

test('canonical clamps u = 1 to 1 - 2^-24 (float(x) = 2^32 for x >= 2^32-128)', () => {
  // white box: point engine 0's word index at 0 and plant the words that make it output `draws`
  // (layout from assembly/random.ts: 624 u32 words, then the u32 index)
  const plant = (...draws: number[]): void => {
    const ptr = random._statePtr();
    const words = new Uint32Array(wasm().memory.buffer, ptr, 625);
    draws.forEach((d, i) => (words[i] = untemper(d)));
    words[624] = 0;
  };
  random.seed(0);
  plant(0xffffffff, 2 ** 32 - 128, 2 ** 32 - 129, 2 ** 32 - 385);
  assert.is(rawNext(0), 0xffffffff); // the planting works
  plant(0xffffffff, 2 ** 32 - 128, 2 ** 32 - 129, 2 ** 32 - 385);
  const one = fr(1 - 2 ** -24);
  // 2^32-129 rounds down to 2^32-256 (u = 1-2^-24 unclamped); 2^32-385 → 2^32-512 (1-2^-23)
  bitsEqual(values(random.uniform(0, 1, 4)), [one, one, one, fr(1 - 2 ** -23)], 'u near 1');
  plant(0xffffffff);
  assert.is(values(random.uniform(-1, 1))[0], fr(1 - 2 ** -23)); // -1 + float(2 * (1-2^-24)) < 1
});

// ------------------------------------------------------------------ API forms, statistics, errors

test('shapes: bare number, default [1], options object, empty shape', () => {
  random.seed(0);
  assert.equal(random.uniform().shape, [1]);
  assert.equal(random.uniform(0, 1, 5).shape, [5]);
  assert.equal(random.normal({ shape: [2, 3, 4] }).shape, [2, 3, 4]);
  assert.equal(random.uniform({ low: -1, high: 1, shape: [3, 0] }).shape, [3, 0]);
  // an empty draw consumes nothing
  random.seed(0);
  random.uniform(0, 1, [0]);
  assert.is(values(random.uniform())[0], fr(0.5488135));
  // options with low/high: same numbers as positional
  random.seed(4);
  const a = values(random.uniform({ low: -3, high: 7, shape: 100 }));
  random.seed(4);
  bitsEqual(values(random.uniform(-3, 7, [100])), a, 'options vs positional');
  random.seed(4);
  const n1 = values(random.normal({ loc: 1, scale: 3, shape: 50 }));
  random.seed(4);
  bitsEqual(values(random.normal(1, 3, 50)), n1, 'normal options vs positional');
});

test('hyper-parameters are float32: low/high/loc/scale pass through Math.fround', () => {
  random.seed(0);
  const a = values(random.uniform(0.1, 0.7, 300));
  bitsEqual(a, new RefGenerator(0).uniform(fr(0.1), fr(0.7), 300), 'uniform(0.1, 0.7)');
  // low == high is allowed (MXNet checks high >= low) and gives low
  assert.ok(values(random.uniform(0.3, 0.3, 10)).every((v) => v === fr(0.3)));
});

test('uniform statistics and bounds', () => {
  random.seed(5);
  const v = values(random.uniform(-3, 5, 200000));
  let sum = 0;
  let sq = 0;
  for (const x of v) {
    assert.ok(x >= -3 && x < 5);
    sum += x;
    sq += x * x;
  }
  const mean = sum / v.length;
  const variance = sq / v.length - mean * mean;
  assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`); // sd of the mean: 8/sqrt(12*2e5) = 0.005
  assert.ok(Math.abs(variance - 64 / 12) < 0.06, `variance ${variance}`);
});

test('normal statistics', () => {
  random.seed(6);
  const v = values(random.normal(2, 0.5, 200000));
  let sum = 0;
  let sq = 0;
  let within1 = 0;
  for (const x of v) {
    sum += x;
    sq += x * x;
    if (Math.abs(x - 2) < 0.5) within1++;
  }
  const mean = sum / v.length;
  const sd = Math.sqrt(sq / v.length - mean * mean);
  assert.ok(Math.abs(mean - 2) < 0.006, `mean ${mean}`); // sd of the mean: 0.5/sqrt(2e5) = 0.0011
  assert.ok(Math.abs(sd - 0.5) < 0.005, `sd ${sd}`);
  assert.ok(Math.abs(within1 / v.length - 0.6827) < 0.006, `P(|z|<1) = ${within1 / v.length}`);
});

test('randint: range, reference model, errors', () => {
  random.seed(7);
  const ref = new RefGenerator(7);
  const a = values(random.randint(-5, 12, [40, 50]));
  bitsEqual(a, ref.randint(-5, 12, 2000), 'randint vs reference');
  const seen = new Set<number>();
  for (const v of a) {
    assert.ok(Number.isInteger(v) && v >= -5 && v < 12, `value ${v}`);
    seen.add(v);
  }
  assert.is(seen.size, 17);
  // wide int32 range
  bitsEqual(values(random.randint(-(2 ** 31), 2 ** 31 - 1, 100)), ref.randint(-(2 ** 31), 2 ** 31 - 1, 100), 'randint wide');
  assert.throws(() => random.randint(3, 3), isErr(ValueError, ['random.randint', 'low=3', 'high=3']));
  assert.throws(() => random.randint(4, 2), isErr(ValueError, ['low=4', 'high=2']));
  assert.throws(() => random.randint(0.5, 2), isErr(ValueError, ['random.randint', 'low', '0.5']));
  assert.throws(() => random.randint(0, 2 ** 31), isErr(ValueError, ['high']));
});

test('shuffle: rows permuted on the separate kRandom engine, input untouched', () => {
  random.seed(0);
  const data = Array.from({ length: 7 }, (_, r) => [r, 10 * r, 100 * r]);
  const x = array(data);
  const ref = new RefGenerator(0);
  const s1 = random.shuffle(x);
  assert.equal(x.toArray(), data, 'input unchanged');
  assert.equal(s1.shape, [7, 3]);
  assert.equal(s1.toArray(), ref.shufflePerm(7).map((r) => data[r]));
  // the shuffle engine carries its state to the next call
  const s2 = random.shuffle(x);
  assert.equal(s2.toArray(), ref.shufflePerm(7).map((r) => data[r]));
  // it does not touch the parallel engines: uniform still gives the default-seed vector
  assert.is(values(random.uniform())[0], fr(0.5488135));
  // 1-D and a long axis
  const long = array(Array.from({ length: 1000 }, (_, i) => i));
  const s3 = values(random.shuffle(long));
  assert.equal(Array.from(s3), ref.shufflePerm(1000));
  assert.equal(Array.from(s3).sort((p, q) => p - q), Array.from({ length: 1000 }, (_, i) => i));
  // a single row and an empty axis come back as copies
  assert.equal(random.shuffle(array([[1, 2]])).toArray(), [[1, 2]]);
  assert.equal(random.shuffle(NDArray._empty([0, 4])).shape, [0, 4]);
});

test('fillUniform / fillNormal / out: in place, the same draws as a fresh array', () => {
  random.seed(8);
  const u = values(random.uniform(-0.07, 0.07, [5, 7]));
  const n = values(random.normal(0, 0.01, [5, 7]));
  random.seed(8);
  const arr = NDArray._empty([5, 7]);
  assert.is(random.fillUniform(arr, -0.07, 0.07), arr);
  bitsEqual(values(arr), u, 'fillUniform');
  random.fillNormal(arr, 0, 0.01);
  bitsEqual(values(arr), n, 'fillNormal');
  random.seed(8);
  const out = NDArray._empty([5, 7]);
  assert.is(random.uniform({ low: -0.07, high: 0.07, out }), out);
  bitsEqual(values(out), u, 'uniform out=');
  assert.throws(() => random.uniform(0, 1, [3], { out }), isErr(ShapeError, ['random.uniform', '(3,)', '(5, 7)']));
  out.dispose();
  assert.throws(() => random.fillUniform(out, 0, 1), isErr(GluonError, ['random.uniform']));
});

test('errors name the op and the values', () => {
  assert.throws(() => random.uniform(2, 1), isErr(ValueError, ['random.uniform', 'low=2', 'high=1']));
  assert.throws(() => random.uniform({ low: 0, high: -0.5 }), isErr(ValueError, ['low=0', 'high=-0.5']));
  assert.throws(() => random.normal(0, 0), isErr(ValueError, ['random.normal', 'scale', 'positive']));
  assert.throws(() => random.normal(0, -1, 3), isErr(ValueError, ['scale=-1']));
  assert.throws(() => random.normal(0, 1e-50), isErr(ValueError, ['scale=0'])); // float32(1e-50) = 0, as MXNet parses it
  assert.throws(() => random.uniform(Number.NaN, 1), isErr(ValueError, ['low']));
  assert.throws(() => random.uniform(0, 1, [-1]), isErr(ShapeError, ['random.uniform', '(-1,)']));
  assert.throws(() => random.normal(0, 1, [2, 1.5]), isErr(ShapeError, ['random.normal', '(2, 1.5)']));
  assert.throws(() => random.fillUniform(NDArray._empty([2]), 1, 0), isErr(ValueError, ['low=1', 'high=0']));
  assert.throws(() => random.fillNormal(NDArray._empty([2]), 0, -2), isErr(ValueError, ['scale=-2']));
});

test.run();
