// nd.random: MXNet 1.x CPU's random numbers bit for bit (gluon-1x.md §11). On the default seed (0)
// and the same sequence of calls, uniform/normal/randint give the numbers MXNet prints, e.g. the
// seed notebook's X = nd.random.uniform(shape=(2, 20)) and the Uniform(0.07) weights after it.
// The generator state (1024 + 1 mt19937 engines, see assembly/random.ts) is one scratch block of
// wasm memory, seeded lazily with the current seed on first use.
import { ValueError, ShapeError, scratch, wasm, f32 } from '../wasm';
import { NDArray, checkArray } from './ndarray';
import { checkOptionKeys, isPlainObject } from './options';
import { toShape, type ShapeLike } from './creation';
import { fmtShape } from './ops/broadcast';

/** The int32 global seed (mx.random.seed's ctypes.c_int); a fresh process behaves as seed 0. */
let globalSeed = 0;
/** The state block that was last seeded, so a new block (first use) gets seeded before drawing. */
let seededPtr = -1;

function statePtr(): number {
  const k = wasm();
  const ptr = scratch('rng', k.rng_state_bytes());
  if (ptr !== seededPtr) {
    k.rng_seed(ptr, globalSeed);
    seededPtr = ptr;
  }
  return ptr;
}

/** @internal the state block (tests read raw engine outputs from it with wasm().rng_next_u32). */
export function _statePtr(): number {
  return statePtr();
}

/**
 * mx.random.seed(s): re-seeds every engine (engine j of the parallel generator gets 127*s + j mod
 * 2^32, the shuffle engine 127*s), so the streams restart. Like Python's ctypes.c_int(s), an integer
 * outside int32 wraps modulo 2^32.
 */
export function seed(s: number): void {
  if (typeof s !== 'number' || !Number.isInteger(s)) {
    throw new ValueError(`random.seed: seed_state must be int, got ${String(s)}`);
  }
  globalSeed = s | 0; // ToInt32: wraps exactly like c_int
  const k = wasm();
  const ptr = scratch('rng', k.rng_state_bytes());
  k.rng_seed(ptr, globalSeed);
  seededPtr = ptr;
}

/** Options accepted as the trailing object (or alone) by uniform/normal/randint. */
export interface SampleOptions {
  shape?: ShapeLike;
  dtype?: 'float32';
  /** Write into this array instead of a new one (its shape is the sample shape). */
  out?: NDArray;
}
export interface UniformOptions extends SampleOptions { low?: number; high?: number }
export interface NormalOptions extends SampleOptions { loc?: number; scale?: number }

function param(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ValueError(`${op}: ${name} must be a number, got ${String(v)}`);
  return Math.fround(v); // MXNet's low/high/loc/scale are float32 fields
}

/** The output array: `out` (checked against `shape` if both are given) or a new one. */
function target(op: string, options: SampleOptions | undefined, shape: ShapeLike | undefined): NDArray {
  if (options?.dtype !== undefined && options.dtype !== 'float32') {
    throw new ValueError(`${op}: dtype '${String(options.dtype)}' is not supported; gluon-wasm arrays are float32`);
  }
  const out = options?.out;
  if (out !== undefined) {
    if (!(out instanceof NDArray)) throw new ValueError(`${op}: out must be an NDArray`);
    checkArray(op, out, 'out');
    if (shape !== undefined) {
      const s = toShape(op, shape);
      if (s.length !== out.ndim || s.some((d, i) => d !== out.shape[i])) {
        throw new ShapeError(`${op}: shape ${fmtShape(s)} does not match out's shape ${fmtShape(out.shape)}`);
      }
    }
    return out;
  }
  return NDArray._empty(toShape(op, shape));
}

const SAMPLE_KEYS = ['shape', 'dtype', 'out'] as const;

/**
 * The shape argument, or MXNet's keyword form given in its place: normal(0, 1, { shape: [2] }),
 * then no further options object. Options keys are checked (an unknown one was ignored).
 */
function shapeAndOptions(op: string, shape: ShapeLike | SampleOptions | undefined, options: SampleOptions | undefined): [ShapeLike | undefined, SampleOptions | undefined] {
  if (isPlainObject<SampleOptions>(shape)) {
    if (options !== undefined) throw new ValueError(`${op}: give the shape either as an argument or in the options object, not both`);
    checkOptionKeys(op, shape, SAMPLE_KEYS);
    return [shape.shape, shape];
  }
  checkOptionKeys(op, options, SAMPLE_KEYS);
  return [shape, options];
}

/**
 * uniform(low = 0, high = 1, shape = [1], { out, dtype }) or uniform({ low, high, shape, out }):
 * U[low, high) in float32, out = low + (high - low) * u with u from generate_canonical<float, 24>.
 */
export function uniform(low?: number | UniformOptions, high?: number, shape?: ShapeLike | SampleOptions, options?: SampleOptions): NDArray {
  const op = 'random.uniform';
  if (isPlainObject<UniformOptions>(low)) { // the options-object-only form, uniform({ ... })
    checkOptionKeys(op, low, ['low', 'high', ...SAMPLE_KEYS]);
    return uniform(low.low, low.high, low.shape, { shape: low.shape, dtype: low.dtype, out: low.out });
  }
  [shape, options] = shapeAndOptions(op, shape, options);
  const lo = param(op, 'low', low ?? 0);
  const hi = param(op, 'high', high ?? 1);
  checkUniformBounds(op, lo, hi);
  const out = target(op, options, shape);
  wasm().rng_uniform_f32(statePtr(), out._ptr, out.size, lo, hi);
  return out;
}

/**
 * normal(loc = 0, scale = 1, shape = [1], { out, dtype }) or normal({ loc, scale, shape, out }):
 * N(loc, scale^2) in float32 by libstdc++'s polar method, one fresh distribution per sample.
 */
export function normal(loc?: number | NormalOptions, scale?: number, shape?: ShapeLike | SampleOptions, options?: SampleOptions): NDArray {
  const op = 'random.normal';
  if (isPlainObject<NormalOptions>(loc)) { // normal({ ... })
    checkOptionKeys(op, loc, ['loc', 'scale', ...SAMPLE_KEYS]);
    return normal(loc.loc, loc.scale, loc.shape, { shape: loc.shape, dtype: loc.dtype, out: loc.out });
  }
  [shape, options] = shapeAndOptions(op, shape, options);
  const mu = param(op, 'loc', loc ?? 0);
  const sigma = param(op, 'scale', scale ?? 1);
  checkScale(op, sigma);
  const out = target(op, options, shape);
  wasm().rng_normal_f32(statePtr(), out._ptr, out.size, mu, sigma);
  return out;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * randint(low, high, shape = [1], { out }): integers in [low, high) drawn as MXNet's int64 path does
 * (two engine outputs per value, see assembly/random.ts), returned as float32 values (MXNet's
 * default dtype is int32; gluon-wasm arrays are float32, exact up to 2^24 in magnitude).
 * low and high must be int32 integers; high == low is rejected (MXNet divides by zero there).
 */
export function randint(low: number, high: number, shape?: ShapeLike | SampleOptions, options?: SampleOptions): NDArray {
  const op = 'random.randint';
  [shape, options] = shapeAndOptions(op, shape, options);
  for (const [name, v] of [['low', low], ['high', high]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new ValueError(`${op}: ${name} must be an integer in [-2^31, 2^31-1], got ${String(v)}`);
    }
  }
  if (!(high > low)) {
    throw new ValueError(`${op}: high must be greater than low (low=${low}, high=${high}); the interval [low, high) is empty`);
  }
  const out = target(op, options, shape);
  wasm().rng_randint_f32(statePtr(), out._ptr, out.size, low, high);
  return out;
}

/**
 * shuffle(arr): a new array with arr's rows (axis 0) permuted; arr is unchanged. The permutation is
 * MXNet's N-d shuffle (Fisher-Yates on its separate kRandom engine, seeded with 127*seed), so it does
 * not advance the engines that uniform/normal use. MXNet's 1-d path (GNU parallel random_shuffle) is
 * not reproduced; 1-d arrays are shuffled the N-d way.
 */
export function shuffle(arr: NDArray): NDArray {
  const op = 'random.shuffle';
  if (!(arr instanceof NDArray)) throw new ValueError(`${op}: expected an NDArray, got ${typeof arr}`);
  checkArray(op, arr, 'arr');
  const out = NDArray._empty(arr.shape);
  f32(out._ptr, out.size).set(f32(arr._ptr, arr.size));
  const rows = arr.ndim === 0 ? 1 : arr.shape[0];
  if (rows > 1) wasm().rng_shuffle_rows_f32(statePtr(), out._ptr, rows, arr.size / rows);
  return out;
}

function checkUniformBounds(op: string, lo: number, hi: number): void {
  if (!(lo <= hi)) {
    throw new ValueError(`${op}: low must be less or equal to high in uniform distribution (low=${lo}, high=${hi})`);
  }
}

function checkScale(op: string, sigma: number): void {
  if (!(sigma > 0)) throw new ValueError(`${op}: scale parameter in gaussian has to be positive (scale=${sigma})`);
}

/**
 * Fills an existing array in place with U[low, high), as MXNet's initializers do with
 * random.uniform(low, high, shape, out=arr): same draws as uniform() of that size.
 */
export function fillUniform(arr: NDArray, low: number, high: number): NDArray {
  const op = 'random.uniform';
  checkArray(op, arr, 'arr');
  const lo = param(op, 'low', low);
  const hi = param(op, 'high', high);
  checkUniformBounds(op, lo, hi);
  wasm().rng_uniform_f32(statePtr(), arr._ptr, arr.size, lo, hi);
  return arr;
}

/** Fills an existing array in place with N(loc, scale^2), like random.normal(..., out=arr). */
export function fillNormal(arr: NDArray, loc: number, scale: number): NDArray {
  const op = 'random.normal';
  checkArray(op, arr, 'arr');
  const mu = param(op, 'loc', loc);
  const sigma = param(op, 'scale', scale);
  checkScale(op, sigma);
  wasm().rng_normal_f32(statePtr(), arr._ptr, arr.size, mu, sigma);
  return arr;
}
