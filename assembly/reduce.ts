// Reductions over the middle axis of a (outer, r, inner) view; TS collapses any set of reduced
// axes to this form (transposing first when they are not adjacent).
// inner == 1: each output is a horizontal reduction of a contiguous run (four f32x4 accumulators).
// inner > 1: each output row accumulates r contiguous rows of length inner with f32x4.

@final class SumR {
  @inline init(): f32 { return 0; }
  @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); }
  @inline s(a: f32, b: f32): f32 { return a + b; }
  @inline cv(a: v128, b: v128): v128 { return f32x4.add(a, b); }
  @inline cs(a: f32, b: f32): f32 { return a + b; }
}
@final class ProdR {
  @inline init(): f32 { return 1; }
  @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
  @inline s(a: f32, b: f32): f32 { return a * b; }
  @inline cv(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
  @inline cs(a: f32, b: f32): f32 { return a * b; }
}
@final class MaxR {
  @inline init(): f32 { return -Infinity; }
  @inline v(a: v128, b: v128): v128 { return f32x4.max(a, b); }
  @inline s(a: f32, b: f32): f32 { return Mathf.max(a, b); }
  @inline cv(a: v128, b: v128): v128 { return f32x4.max(a, b); }
  @inline cs(a: f32, b: f32): f32 { return Mathf.max(a, b); }
}
@final class MinR {
  @inline init(): f32 { return Infinity; }
  @inline v(a: v128, b: v128): v128 { return f32x4.min(a, b); }
  @inline s(a: f32, b: f32): f32 { return Mathf.min(a, b); }
  @inline cv(a: v128, b: v128): v128 { return f32x4.min(a, b); }
  @inline cs(a: f32, b: f32): f32 { return Mathf.min(a, b); }
}
@final class SumSqR {
  @inline init(): f32 { return 0; }
  @inline v(a: v128, b: v128): v128 { return f32x4.add(a, f32x4.mul(b, b)); }
  @inline s(a: f32, b: f32): f32 { return a + b * b; }
  // partial results are already squared: they combine by plain addition
  @inline cv(a: v128, b: v128): v128 { return f32x4.add(a, b); }
  @inline cs(a: f32, b: f32): f32 { return a + b; }
}

// `v`/`s` fold an element into an accumulator; `cv`/`cs` combine two partial accumulators.
@inline function hreduce<Op>(v: v128): f32 {
  const op = changetype<Op>(0);
  return op.cs(op.cs(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), op.cs(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

// Sums of contiguous runs accumulate in float64 (two f64x2 lanes per f32x4), so a sum over
// millions of elements keeps float32 accuracy (plain f32 partial sums drift by ~1e-3 at 2^20).
@inline function sumRun64(base: usize, r: i32, squares: bool, simd: bool): f32 {
  const end = <usize>r << 2;
  let k: usize = 0;
  let acc: f64 = 0;
  if (simd) {
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    for (; k + 16 <= end; k += 16) {
      let v = v128.load(base + k);
      if (squares) v = f32x4.mul(v, v);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
    }
    const t = f64x2.add(lo, hi);
    acc = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  }
  for (; k < end; k += 4) {
    const v = load<f32>(base + k);
    acc += <f64>(squares ? v * v : v);
  }
  return <f32>acc;
}

/**
 * out[j] = sum over the r rows (inner floats apart) of column j, each column in float64 and in row
 * order, as sumRun64 does for one run: float32 column sums stall (2^24 + 1 rounds to 2^24) and
 * drift (sum(x, 0) of a (571k, 7) matrix was 2e-5 off). Eight columns a pass: four f64x2 pairs.
 */
@inline function sumColumns64(base: usize, out: usize, r: i32, inner: i32, squares: bool, simd: bool): void {
  const end = <usize>inner << 2, stride = <usize>inner << 2;
  let j: usize = 0;
  if (simd) {
    for (; j + 32 <= end; j += 32) {
      let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let src = base + j;
      for (let k = 0; k < r; k++) {
        let v = v128.load(src), w = v128.load(src, 16);
        if (squares) { v = f32x4.mul(v, v); w = f32x4.mul(w, w); }
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
        a2 = f64x2.add(a2, f64x2.promote_low_f32x4(w));
        a3 = f64x2.add(a3, f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1)));
        src += stride;
      }
      v128.store(out + j, v128.shuffle<f32>(f32x4.demote_f64x2_zero(a0), f32x4.demote_f64x2_zero(a1), 0, 1, 4, 5));
      v128.store(out + j, v128.shuffle<f32>(f32x4.demote_f64x2_zero(a2), f32x4.demote_f64x2_zero(a3), 0, 1, 4, 5), 16);
    }
  }
  for (; j < end; j += 4) {
    let acc: f64 = 0;
    let src = base + j;
    for (let k = 0; k < r; k++) {
      const v = load<f32>(src);
      acc += <f64>(squares ? v * v : v);
      src += stride;
    }
    store<f32>(out + j, <f32>acc);
  }
}

@inline function reduce<Op>(x: usize, o: usize, outer: i32, r: i32, inner: i32, simd: bool): void {
  const op = changetype<Op>(0);
  const rowBytes = <usize>r * <usize>inner << 2;
  const isSum = idof<Op>() == idof<SumR>(), isSumSq = idof<Op>() == idof<SumSqR>();
  for (let p = 0; p < outer; p++) {
    const base = x + <usize>p * rowBytes;
    if (inner == 1 && (isSum || isSumSq)) {
      store<f32>(o + (<usize>p << 2), sumRun64(base, r, isSumSq, simd));
    } else if (inner == 1) {
      let acc: f32 = op.init();
      let k: usize = 0;
      const end = <usize>r << 2;
      if (simd) {
        const init = f32x4.splat(op.init());
        let v0 = init, v1 = init, v2 = init, v3 = init;
        for (; k + 64 <= end; k += 64) {
          v0 = op.v(v0, v128.load(base + k)); v1 = op.v(v1, v128.load(base + k, 16));
          v2 = op.v(v2, v128.load(base + k, 32)); v3 = op.v(v3, v128.load(base + k, 48));
        }
        for (; k + 16 <= end; k += 16) v0 = op.v(v0, v128.load(base + k));
        acc = hreduce<Op>(op.cv(op.cv(v0, v1), op.cv(v2, v3)));
      }
      for (; k < end; k += 4) acc = op.s(acc, load<f32>(base + k));
      store<f32>(o + (<usize>p << 2), acc);
    } else if (isSum || isSumSq) {
      sumColumns64(base, o + (<usize>p * <usize>inner << 2), r, inner, isSumSq, simd);
    } else {
      const out = o + (<usize>p * <usize>inner << 2);
      const end = <usize>inner << 2;
      for (let j: usize = 0; j < end; j += 4) store<f32>(out + j, op.init());
      for (let k = 0; k < r; k++) {
        const row = base + (<usize>k * <usize>inner << 2);
        let j: usize = 0;
        if (simd) for (; j + 16 <= end; j += 16) v128.store(out + j, op.v(v128.load(out + j), v128.load(row + j)));
        for (; j < end; j += 4) store<f32>(out + j, op.s(load<f32>(out + j), load<f32>(row + j)));
      }
    }
  }
}


export function sum_f32(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<SumR>(x, o, outer, r, inner, true); }
export function prod_f32(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<ProdR>(x, o, outer, r, inner, true); }
export function max_f32(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<MaxR>(x, o, outer, r, inner, true); }
export function min_f32(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<MinR>(x, o, outer, r, inner, true); }
export function sumsq_f32(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<SumSqR>(x, o, outer, r, inner, true); }
export function sum_f32_scalar(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<SumR>(x, o, outer, r, inner, false); }
export function prod_f32_scalar(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<ProdR>(x, o, outer, r, inner, false); }
export function max_f32_scalar(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<MaxR>(x, o, outer, r, inner, false); }
export function min_f32_scalar(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<MinR>(x, o, outer, r, inner, false); }
export function sumsq_f32_scalar(x: usize, o: usize, outer: i32, r: i32, inner: i32): void { reduce<SumSqR>(x, o, outer, r, inner, false); }

/** Index (as f32) of the first maximum (sign 1) or minimum (sign -1) along r; NaN wins, as numpy. */
export function argext_f32(x: usize, o: usize, outer: i32, r: i32, inner: i32, sign: f32): void {
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = x + ((<usize>p * <usize>r * <usize>inner + <usize>j) << 2);
      let best = load<f32>(base) * sign;
      let at = 0;
      if (!isNaN(best)) {
        for (let k = 1; k < r; k++) {
          const v = load<f32>(base + (<usize>k * <usize>inner << 2)) * sign;
          if (isNaN(v)) { at = k; break; }
          if (v > best) { best = v; at = k; }
        }
      }
      store<f32>(o + ((<usize>p * <usize>inner + <usize>j) << 2), <f32>at);
    }
  }
}
