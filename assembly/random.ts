// MXNet 1.x CPU random numbers, bit for bit (gluon-1x.md §11; mxnet include/mxnet/random_generator.h,
// src/operator/random/sampler.h, src/resource.cc; libstdc++ <random>).
//
// MXNet's CPU parallel-random resource holds 1024 std::mt19937 engines; engine j is seeded with
// 127*seed + j (mod 2^32). An op with N outputs runs nthread = min(ceil(N/64), 1024) "threads";
// thread t uses engine t for elements [t*step, min((t+1)*step, N)) with step = ceil(N/nthread).
// Shuffle uses a different resource (kRandom): one more mt19937 seeded with 127*seed.
//
// Where the state lives: the caller passes `state`, a block of rng_state_bytes() bytes that src/wasm
// hands out with scratch('rng', ...). A static region (memory.data) would also work without bloating
// the .wasm (zero data is not emitted; checked: 114 bytes for a 2.5 MB region), but the module is
// built with initialMemory 16 pages and asc rejects static data that needs 40 (AS105). Taking the
// block from the heap also keeps the 2.5 MB out of programs that never draw a random number.
//
// Block layout: 1025 engines of ENGINE_BYTES each: 624 u32 state words, then the u32 word index.
// Engines 0..1023 are the parallel engines, engine 1024 (SHUFFLE_ENGINE) is the kRandom one.

const MT_N: i32 = 624;
const MT_M: i32 = 397;
const ENGINE_BYTES: usize = 2512; // 624*4 + 4, rounded up to 16
const INDEX_AT: usize = 2496;
const PARALLEL_ENGINES: i32 = 1024; // kNumRandomStates
const MIN_PER_THREAD: i32 = 64; // kMinNumRandomPerThread
const SHUFFLE_ENGINE: i32 = 1024;
const ENGINES: i32 = 1025;

/** Bytes the caller must provide as `state`. */
export function rng_state_bytes(): i32 {
  return <i32>(<usize>ENGINES * ENGINE_BYTES);
}

@inline function engineAt(state: usize, e: i32): usize {
  return state + <usize>e * ENGINE_BYTES;
}

/** std::mt19937::seed(s): the reference init_genrand. */
function mtSeed(eng: usize, s: u32): void {
  let prev = s;
  store<u32>(eng, prev);
  for (let i = 1; i < MT_N; i++) {
    prev = 1812433253 * (prev ^ (prev >> 30)) + <u32>i;
    store<u32>(eng + (<usize>i << 2), prev);
  }
  store<u32>(eng + INDEX_AT, <u32>MT_N);
}

@inline function mix(upper: u32, lower: u32, far: u32): u32 {
  const y = (upper & 0x80000000) | (lower & 0x7fffffff);
  return far ^ (y >> 1) ^ ((y & 1) * 0x9908b0df);
}

/** Regenerates all 624 words (libstdc++ _M_gen_rand). */
function mtTwist(eng: usize): void {
  let k = 0;
  for (; k < MT_N - MT_M; k++) {
    const p = eng + (<usize>k << 2);
    store<u32>(p, mix(load<u32>(p), load<u32>(p, 4), load<u32>(p + (<usize>MT_M << 2))));
  }
  for (; k < MT_N - 1; k++) {
    const p = eng + (<usize>k << 2);
    store<u32>(p, mix(load<u32>(p), load<u32>(p, 4), load<u32>(p - (<usize>(MT_N - MT_M) << 2))));
  }
  const last = eng + (<usize>(MT_N - 1) << 2);
  store<u32>(last, mix(load<u32>(last), load<u32>(eng), load<u32>(eng + (<usize>(MT_M - 1) << 2))));
  store<u32>(eng + INDEX_AT, 0);
}

/** One 32-bit engine output (operator()). */
@inline function mtNext(eng: usize): u32 {
  let i = load<u32>(eng + INDEX_AT);
  if (i >= <u32>MT_N) {
    mtTwist(eng);
    i = 0;
  }
  store<u32>(eng + INDEX_AT, i + 1);
  let y = load<u32>(eng + (<usize>i << 2));
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >> 18;
  return y;
}

/**
 * mx.random.seed(s) on CPU: the generator gets 127*s (dev_id 0, copy 0), engine j gets that + j,
 * all as uint32 with wrap-around; the kRandom engine (shuffle) gets 127*s. `seed` is the int32 that
 * Python passes through ctypes.c_int. The default state of a fresh process is seed 0.
 */
export function rng_seed(state: usize, seed: i32): void {
  const base = <u32>seed * 127;
  for (let j = 0; j < PARALLEL_ENGINES; j++) mtSeed(engineAt(state, j), base + <u32>j);
  mtSeed(engineAt(state, SHUFFLE_ENGINE), base);
}

/** A raw engine output, for tests (returned as i32 bits; JS reads it with >>> 0). */
export function rng_next_u32(state: usize, engine: i32): u32 {
  return mtNext(engineAt(state, engine));
}

/**
 * generate_canonical<float, 24>(mt19937) in libstdc++ (GCC 12 bits/random.tcc): one draw x,
 * u = float(x) / 2^32 (float(x) rounds to nearest even; the division is exact), and the later fix
 * that clamps u = 1 (float(x) == 2^32, x >= 2^32-128) to nextafter(1, 0) = 1 - 2^-24.
 */
@inline function canonical(eng: usize): f32 {
  const u = <f32>mtNext(eng) * reinterpret<f32>(0x2f800000); // * 2^-32
  return u >= 1 ? reinterpret<f32>(0x3f7fffff) : u;
}

/**
 * glibc >= 2.27 logf (the ARM optimized-routines algorithm, also musl's): a 16-entry table of
 * (1/c, log c) and a degree-3 polynomial for log1p(z/c - 1), evaluated in double, rounded once.
 * Not correctly rounded (0.818 ULP), so it differs from fround(Math.log(x)) for about 1 input in
 * 1000; MXNet's normal sampler calls the platform logf, and modern glibc is the reference here
 * (gluon-1x.md §11). glibc's FMA build contracts the multiply-adds; on 2e6 inputs in (2^-24, 1)
 * that never changed the float result. Only called with 0 < x <= 1 (the polar method's r2).
 */
const LOGF_TAB: usize = memory.data<u64>([
  // pairs (invc, logc) as f64 bits
  0x3ff661ec79f8f3be, 0xbfd57bf7808caade,
  0x3ff571ed4aaf883d, 0xbfd2bef0a7c06ddb,
  0x3ff49539f0f010b0, 0xbfd01eae7f513a67,
  0x3ff3c995b0b80385, 0xbfcb31d8a68224e9,
  0x3ff30d190c8864a5, 0xbfc6574f0ac07758,
  0x3ff25e227b0b8ea0, 0xbfc1aa2bc79c8100,
  0x3ff1bb4a4a1a343f, 0xbfba4e76ce8c0e5e,
  0x3ff12358f08ae5ba, 0xbfb1973c5a611ccc,
  0x3ff0953f419900a7, 0xbfa252f438e10c1e,
  0x3ff0000000000000, 0,
  0x3fee608cfd9a47ac, 0x3faaa5aa5df25984,
  0x3feca4b31f026aa0, 0x3fbc5e53aa362eb4,
  0x3feb2036576afce6, 0x3fc526e57720db08,
  0x3fe9c2d163a1aa2d, 0x3fcbc2860d224770,
  0x3fe886e6037841ed, 0x3fd1058bc8a07ee1,
  0x3fe767dcf5534862, 0x3fd4043057b6ee09,
]);

function glibcLogf(x: f32): f32 {
  const Ln2 = reinterpret<f64>(0x3fe62e42fefa39ef);
  const A0 = reinterpret<f64>(0xbfd00ea348b88334);
  const A1 = reinterpret<f64>(0x3fd5575b0be00b6a);
  const A2 = reinterpret<f64>(0xbfdffffef20a4123);
  let ux = reinterpret<u32>(x);
  if (ux - 0x00800000 >= 0x7f800000 - 0x00800000) {
    // zero, subnormal, negative, inf or nan
    if ((ux << 1) == 0) return -Infinity;
    if (ux == 0x7f800000) return x;
    if ((ux >> 31) != 0 || (ux << 1) >= 0xff000000) return NaN;
    ux = reinterpret<u32>(x * reinterpret<f32>(0x4b000000)) - (23 << 23); // normalise a subnormal
  }
  // x = 2^k z with z in [0x1.66p-1, 0x1.66p0); c is near the centre of z's table interval
  const tmp = ux - 0x3f330000;
  const i = <usize>((tmp >> 19) & 15);
  const k = <i32>tmp >> 23;
  const z = <f64>reinterpret<f32>(ux - (tmp & (0x1ff << 23)));
  const invc = load<f64>(LOGF_TAB + (i << 4));
  const logc = load<f64>(LOGF_TAB + (i << 4), 8);
  const r = z * invc - 1;
  const y0 = logc + <f64>k * Ln2;
  const r2 = r * r;
  let y = A1 * r + A2;
  y = A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return <f32>y;
}

/** The logf above, exported for tests. */
export function rng_logf(x: f32): f32 {
  return glibcLogf(x);
}

/**
 * libstdc++ normal_distribution<float> (Marsaglia polar method), constructed afresh for every sample
 * as MXNet's Impl::normal() does, so the second value (x * mult) is always discarded. In float:
 * x = float(2*u1 - 1.0) (computed in double, exact there), r2 = x*x + y*y, no FMA.
 */
@inline function polarNormal(eng: usize): f32 {
  let x: f32, y: f32, r2: f32;
  do {
    x = <f32>(<f64>(<f32>2 * canonical(eng)) - 1.0);
    y = <f32>(<f64>(<f32>2 * canonical(eng)) - 1.0);
    r2 = x * x + y * y;
  } while (r2 > 1 || r2 == 0);
  const mult = Mathf.sqrt((<f32>-2 * glibcLogf(r2)) / r2);
  // `ret * stddev() + mean()` of the default distribution (1, 0): turns -0 into +0
  return y * mult * <f32>1 + <f32>0;
}

// The LaunchRNG split. The per-distribution loops repeat it so each stays a tight monomorphic loop.
@inline function threadsFor(n: i32): i32 {
  const nloop = (n + MIN_PER_THREAD - 1) / MIN_PER_THREAD;
  return nloop < PARALLEL_ENGINES ? nloop : PARALLEL_ENGINES;
}

/** out[i] = float(low + float(float(high - low) * u)), the _random_uniform kernel for float32. */
export function rng_uniform_f32(state: usize, out: usize, n: i32, low: f32, high: f32): void {
  if (n <= 0) return;
  const nthread = threadsFor(n);
  const step = (n + nthread - 1) / nthread;
  const range = high - low;
  for (let t = 0; t < nthread; t++) {
    const eng = engineAt(state, t);
    const start = t * step;
    const end = min(start + step, n);
    for (let i = start; i < end; i++) store<f32>(out + (<usize>i << 2), low + range * canonical(eng));
  }
}

/** out[i] = float(float(normal() * scale) + loc), the _random_normal kernel for float32. */
export function rng_normal_f32(state: usize, out: usize, n: i32, loc: f32, scale: f32): void {
  if (n <= 0) return;
  const nthread = threadsFor(n);
  const step = (n + nthread - 1) / nthread;
  for (let t = 0; t < nthread; t++) {
    const eng = engineAt(state, t);
    const start = t * step;
    const end = min(start + step, n);
    for (let i = start; i < end; i++) store<f32>(out + (<usize>i << 2), polarNormal(eng) * scale + loc);
  }
}

/**
 * _random_randint (sampler.h SampleRandIntKernel): low/high are int64 tensors, so the int64 branch
 * runs: r = int64(x1 << 31) + x2 from two draws (x1 first; result_type is a 64-bit unsigned long on
 * Linux, so the shift does not truncate), out = int32(low + r % (high - low)) with C's truncating
 * signed %. For x1 = 2^32-1 and x2 >= 2^31 the sum passes 2^63 and wraps negative, so the result
 * can fall below `low` (probability 2^-33); that is reproduced, not fixed. Written as float32 since
 * arrays here are float32 (exact for |value| <= 2^24). Needs high > low (the caller checks).
 */
export function rng_randint_f32(state: usize, out: usize, n: i32, low: i32, high: i32): void {
  if (n <= 0) return;
  const nthread = threadsFor(n);
  const step = (n + nthread - 1) / nthread;
  const range = <i64>high - <i64>low;
  for (let t = 0; t < nthread; t++) {
    const eng = engineAt(state, t);
    const start = t * step;
    const end = min(start + step, n);
    for (let i = start; i < end; i++) {
      const x1 = <u64>mtNext(eng);
      const x2 = <u64>mtNext(eng);
      const r = <i64>((x1 << 31) + x2);
      const v = <i32>(<i64>low + r % range); // OType = int32: keep the low 32 bits
      store<f32>(out + (<usize>i << 2), <f32>v);
    }
  }
}

/**
 * libstdc++ uniform_int_distribution(0, hi) for a 32-bit engine before GCC 11 (the toolchains of the
 * MXNet 1.x wheels): scaling = (2^32-1) / (hi+1), reject draws >= (hi+1)*scaling, return x / scaling.
 * GCC 11+ uses Lemire's multiply-shift instead, which gives other numbers.
 */
@inline function uniformIndex(eng: usize, hi: u32): u32 {
  const uerange = hi + 1;
  const scaling = <u32>0xffffffff / uerange;
  const past = uerange * scaling;
  let x: u32;
  do x = mtNext(eng); while (x >= past);
  return x / scaling;
}

/**
 * In-place shuffle of `rows` rows of `rowLen` floats along axis 0: MXNet's ShuffleND (shuffle_op.cc),
 * Fisher-Yates for i = rows-1 down to 1 with j = uniform_int(0, i) on the kRandom engine, swapping
 * rows i and j when they differ. MXNet sends 1-D input to __gnu_parallel::random_shuffle instead,
 * whose output depends on OpenMP settings; that is not reproduced and 1-D takes this path too.
 */
export function rng_shuffle_rows_f32(state: usize, ptr: usize, rows: i32, rowLen: i32): void {
  const eng = engineAt(state, SHUFFLE_ENGINE);
  const rowBytes = <usize>rowLen << 2;
  for (let i = rows - 1; i > 0; i--) {
    const j = <i32>uniformIndex(eng, <u32>i);
    if (j == i) continue;
    const a = ptr + <usize>i * rowBytes;
    const b = ptr + <usize>j * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 4) {
      const v = load<f32>(a + k);
      store<f32>(a + k, load<f32>(b + k));
      store<f32>(b + k, v);
    }
  }
}
