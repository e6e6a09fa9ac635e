// Elementwise kernels: one skeleton per arity, instantiated per op class from ./ops.
// Skeleton (XNNPACK vbinary habit): 4x-unrolled f32x4 loop, f32x4 loop, scalar tail.
// `*_scalar` twins run the same op one element at a time: the tests' oracle.
import {
  Add, Sub, Mul, Div, Max, Min, Pow, Eq, Ne, Gt, Ge, Lt, Le,
  Copy, Neg, Abs, Square, Sqrt, Rsqrt, Reciprocal, Relu, Floor, Ceil, Trunc, Round, Sign, Exp, Log,
  Log1p, Expm1, Sin, Cos, Tanh, Sigmoid, Softrelu, Softsign,
} from './ops';

// ---------------------------------------------------------------- unary: o[i] = op(x[i])
@inline function unary<Op>(x: usize, o: usize, n: i32): void {
  const op = changetype<Op>(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 64 <= end; i += 64) {
    v128.store(o + i, op.v(v128.load(x + i)));
    v128.store(o + i, op.v(v128.load(x + i, 16)), 16);
    v128.store(o + i, op.v(v128.load(x + i, 32)), 32);
    v128.store(o + i, op.v(v128.load(x + i, 48)), 48);
  }
  for (; i + 16 <= end; i += 16) v128.store(o + i, op.v(v128.load(x + i)));
  for (; i < end; i += 4) store<f32>(o + i, op.s(load<f32>(x + i)));
}

@inline function unaryScalar<Op>(x: usize, o: usize, n: i32): void {
  const op = changetype<Op>(0);
  for (let i = 0; i < n; i++) store<f32>(o + (<usize>i << 2), op.s(load<f32>(x + (<usize>i << 2))));
}

export function copy_f32(x: usize, o: usize, n: i32): void { unary<Copy>(x, o, n); }
export function neg_f32(x: usize, o: usize, n: i32): void { unary<Neg>(x, o, n); }
export function abs_f32(x: usize, o: usize, n: i32): void { unary<Abs>(x, o, n); }
export function square_f32(x: usize, o: usize, n: i32): void { unary<Square>(x, o, n); }
export function sqrt_f32(x: usize, o: usize, n: i32): void { unary<Sqrt>(x, o, n); }
export function rsqrt_f32(x: usize, o: usize, n: i32): void { unary<Rsqrt>(x, o, n); }
export function reciprocal_f32(x: usize, o: usize, n: i32): void { unary<Reciprocal>(x, o, n); }
export function relu_f32(x: usize, o: usize, n: i32): void { unary<Relu>(x, o, n); }
export function floor_f32(x: usize, o: usize, n: i32): void { unary<Floor>(x, o, n); }
export function ceil_f32(x: usize, o: usize, n: i32): void { unary<Ceil>(x, o, n); }
export function trunc_f32(x: usize, o: usize, n: i32): void { unary<Trunc>(x, o, n); }
export function round_f32(x: usize, o: usize, n: i32): void { unary<Round>(x, o, n); }
export function sign_f32(x: usize, o: usize, n: i32): void { unary<Sign>(x, o, n); }
export function exp_f32(x: usize, o: usize, n: i32): void { unary<Exp>(x, o, n); }
export function log_f32(x: usize, o: usize, n: i32): void { unary<Log>(x, o, n); }
export function log1p_f32(x: usize, o: usize, n: i32): void { unary<Log1p>(x, o, n); }
export function expm1_f32(x: usize, o: usize, n: i32): void { unary<Expm1>(x, o, n); }
export function sin_f32(x: usize, o: usize, n: i32): void { unary<Sin>(x, o, n); }
export function cos_f32(x: usize, o: usize, n: i32): void { unary<Cos>(x, o, n); }
export function tanh_f32(x: usize, o: usize, n: i32): void { unary<Tanh>(x, o, n); }
export function sigmoid_f32(x: usize, o: usize, n: i32): void { unary<Sigmoid>(x, o, n); }
export function softrelu_f32(x: usize, o: usize, n: i32): void { unary<Softrelu>(x, o, n); }
export function softsign_f32(x: usize, o: usize, n: i32): void { unary<Softsign>(x, o, n); }

export function copy_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Copy>(x, o, n); }
export function neg_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Neg>(x, o, n); }
export function abs_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Abs>(x, o, n); }
export function square_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Square>(x, o, n); }
export function sqrt_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Sqrt>(x, o, n); }
export function rsqrt_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Rsqrt>(x, o, n); }
export function reciprocal_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Reciprocal>(x, o, n); }
export function relu_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Relu>(x, o, n); }
export function floor_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Floor>(x, o, n); }
export function ceil_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Ceil>(x, o, n); }
export function trunc_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Trunc>(x, o, n); }
export function round_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Round>(x, o, n); }
export function sign_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Sign>(x, o, n); }
export function exp_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Exp>(x, o, n); }
export function log_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Log>(x, o, n); }
export function log1p_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Log1p>(x, o, n); }
export function expm1_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Expm1>(x, o, n); }
export function sin_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Sin>(x, o, n); }
export function cos_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Cos>(x, o, n); }
export function tanh_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Tanh>(x, o, n); }
export function sigmoid_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Sigmoid>(x, o, n); }
export function softrelu_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Softrelu>(x, o, n); }
export function softsign_f32_scalar(x: usize, o: usize, n: i32): void { unaryScalar<Softsign>(x, o, n); }

// ---------------------------------------------------------------- binary with broadcasting
// Inner loop over one (collapsed) axis with element strides sa, sb in {0, 1} taking the SIMD
// paths; any other stride falls to the scalar loop.
@inline function binaryRow<Op>(a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  const op = changetype<Op>(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  if (sa == 1 && sb == 1) {
    for (; i + 64 <= end; i += 64) {
      v128.store(o + i, op.v(v128.load(a + i), v128.load(b + i)));
      v128.store(o + i, op.v(v128.load(a + i, 16), v128.load(b + i, 16)), 16);
      v128.store(o + i, op.v(v128.load(a + i, 32), v128.load(b + i, 32)), 32);
      v128.store(o + i, op.v(v128.load(a + i, 48), v128.load(b + i, 48)), 48);
    }
    for (; i + 16 <= end; i += 16) v128.store(o + i, op.v(v128.load(a + i), v128.load(b + i)));
    for (; i < end; i += 4) store<f32>(o + i, op.s(load<f32>(a + i), load<f32>(b + i)));
  } else if (sa == 0 && sb == 1) {
    const s = load<f32>(a);
    const va = f32x4.splat(s);
    for (; i + 16 <= end; i += 16) v128.store(o + i, op.v(va, v128.load(b + i)));
    for (; i < end; i += 4) store<f32>(o + i, op.s(s, load<f32>(b + i)));
  } else if (sa == 1 && sb == 0) {
    const s = load<f32>(b);
    const vb = f32x4.splat(s);
    for (; i + 16 <= end; i += 16) v128.store(o + i, op.v(v128.load(a + i), vb));
    for (; i < end; i += 4) store<f32>(o + i, op.s(load<f32>(a + i), s));
  } else {
    const da = <usize>sa << 2, db = <usize>sb << 2;
    for (let k = 0; k < n; k++) store<f32>(o + (<usize>k << 2), op.s(load<f32>(a + da * k), load<f32>(b + db * k)));
  }
}

@inline function binaryRowScalar<Op>(a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  const op = changetype<Op>(0);
  const da = <usize>sa << 2, db = <usize>sb << 2;
  for (let k = 0; k < n; k++) store<f32>(o + (<usize>k << 2), op.s(load<f32>(a + da * k), load<f32>(b + db * k)));
}

// meta (i32): shape[ndim], strideA[ndim], strideB[ndim], then ndim counters used as scratch.
// Strides are in elements; 0 marks a broadcast axis. The output is contiguous.
@inline function binary<Op>(a: usize, b: usize, o: usize, ndim: i32, meta: usize, simd: bool): void {
  const shape = meta, strA = meta + (<usize>ndim << 2), strB = meta + (<usize>ndim << 3), idx = meta + (<usize>ndim * 12);
  const last = ndim - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const sa = load<i32>(strA + (<usize>last << 2)), sb = load<i32>(strB + (<usize>last << 2));
  let rows = 1;
  for (let d = 0; d < last; d++) { rows *= load<i32>(shape + (<usize>d << 2)); store<i32>(idx + (<usize>d << 2), 0); }
  let pa = a, pb = b, po = o;
  for (let r = 0; r < rows; r++) {
    if (simd) binaryRow<Op>(pa, sa, pb, sb, po, n); else binaryRowScalar<Op>(pa, sa, pb, sb, po, n);
    po += <usize>n << 2;
    // odometer increment over the outer axes
    for (let d = last - 1; d >= 0; d--) {
      const off = <usize>d << 2;
      const c = load<i32>(idx + off) + 1;
      const ea = load<i32>(strA + off), eb = load<i32>(strB + off);
      if (c < load<i32>(shape + off)) {
        store<i32>(idx + off, c);
        pa += <usize>ea << 2; pb += <usize>eb << 2;
        break;
      }
      store<i32>(idx + off, 0);
      pa -= <usize>(ea * (c - 1)) << 2; pb -= <usize>(eb * (c - 1)) << 2;
    }
  }
}

export function add_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Add>(a, b, o, nd, m, true); }
export function sub_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Sub>(a, b, o, nd, m, true); }
export function mul_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Mul>(a, b, o, nd, m, true); }
export function div_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Div>(a, b, o, nd, m, true); }
export function maximum_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Max>(a, b, o, nd, m, true); }
export function minimum_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Min>(a, b, o, nd, m, true); }
export function pow_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Pow>(a, b, o, nd, m, true); }
export function equal_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Eq>(a, b, o, nd, m, true); }
export function not_equal_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Ne>(a, b, o, nd, m, true); }
export function greater_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Gt>(a, b, o, nd, m, true); }
export function greater_equal_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Ge>(a, b, o, nd, m, true); }
export function lesser_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Lt>(a, b, o, nd, m, true); }
export function lesser_equal_f32(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Le>(a, b, o, nd, m, true); }

export function add_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Add>(a, b, o, nd, m, false); }
export function sub_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Sub>(a, b, o, nd, m, false); }
export function mul_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Mul>(a, b, o, nd, m, false); }
export function div_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Div>(a, b, o, nd, m, false); }
export function maximum_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Max>(a, b, o, nd, m, false); }
export function minimum_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Min>(a, b, o, nd, m, false); }
export function pow_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Pow>(a, b, o, nd, m, false); }
export function equal_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Eq>(a, b, o, nd, m, false); }
export function not_equal_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Ne>(a, b, o, nd, m, false); }
export function greater_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Gt>(a, b, o, nd, m, false); }
export function greater_equal_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Ge>(a, b, o, nd, m, false); }
export function lesser_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Lt>(a, b, o, nd, m, false); }
export function lesser_equal_f32_scalar(a: usize, b: usize, o: usize, nd: i32, m: usize): void { binary<Le>(a, b, o, nd, m, false); }

// ---------------------------------------------------------------- misc
export function fill_f32(o: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(o + i, v);
  for (; i < end; i += 4) store<f32>(o + i, value);
}

/** o[i] = clip(x[i], lo, hi) (NaN passes through, as numpy's clip). */
export function clip_f32(x: usize, o: usize, n: i32, lo: f32, hi: f32): void {
  const vl = f32x4.splat(lo), vh = f32x4.splat(hi);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(o + i, f32x4.pmin(f32x4.pmax(v128.load(x + i), vl), vh));
  for (; i < end; i += 4) { const v = load<f32>(x + i); store<f32>(o + i, v < lo ? lo : v > hi ? hi : v); }
}

/** o[i] = c[i] != 0 ? a[i] : b[i]; all contiguous, same length. */
export function where_f32(c: usize, a: usize, b: usize, o: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(o + i, v128.bitselect(v128.load(a + i), v128.load(b + i), f32x4.ne(v128.load(c + i), zero)));
  for (; i < end; i += 4) store<f32>(o + i, load<f32>(c + i) != 0 ? load<f32>(a + i) : load<f32>(b + i));
}

/** o[i] = start + i * step, computed in float64 then rounded (numpy's arange). */
export function arange_f32(o: usize, n: i32, start: f64, step: f64): void {
  for (let i = 0; i < n; i++) store<f32>(o + (<usize>i << 2), <f32>(start + <f64>i * step));
}
