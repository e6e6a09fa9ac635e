// Per-element operations as zero-size classes: `v` works on four lanes, `s` on one.
// Kernels are generic over these classes (`changetype<Op>(0).v(...)` is resolved and inlined at
// compile time), so each kernel skeleton is written once and instantiated per op.
// A `v` that has no SIMD instruction applies `s` lane by lane: results are bit-identical to `s`.

@inline function lanes1(x: v128, f: (a: f32) => f32): v128 {
  return f32x4(f(f32x4.extract_lane(x, 0)), f(f32x4.extract_lane(x, 1)), f(f32x4.extract_lane(x, 2)), f(f32x4.extract_lane(x, 3)));
}

// ---- binary ----
@final export class Add { @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); } @inline s(a: f32, b: f32): f32 { return a + b; } }
@final export class Sub { @inline v(a: v128, b: v128): v128 { return f32x4.sub(a, b); } @inline s(a: f32, b: f32): f32 { return a - b; } }
@final export class Mul { @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); } @inline s(a: f32, b: f32): f32 { return a * b; } }
@final export class Div { @inline v(a: v128, b: v128): v128 { return f32x4.div(a, b); } @inline s(a: f32, b: f32): f32 { return a / b; } }
@final export class Max { @inline v(a: v128, b: v128): v128 { return f32x4.max(a, b); } @inline s(a: f32, b: f32): f32 { return Mathf.max(a, b); } }
@final export class Min { @inline v(a: v128, b: v128): v128 { return f32x4.min(a, b); } @inline s(a: f32, b: f32): f32 { return Mathf.min(a, b); } }
// C's powf (MXNet's power), where JavaScript's Math.pow differs: 1 to any power, NaN included, is
// 1, and so is -1 to ±infinity (Math.pow, which AssemblyScript's Mathf.pow follows, gives NaN).
@inline function powf(a: f32, b: f32): f32 {
  if (a == 1 || (a == -1 && Mathf.abs(b) == Infinity)) return 1;
  return Mathf.pow(a, b);
}
@final export class Pow {
  @inline v(a: v128, b: v128): v128 {
    return f32x4(
      powf(f32x4.extract_lane(a, 0), f32x4.extract_lane(b, 0)), powf(f32x4.extract_lane(a, 1), f32x4.extract_lane(b, 1)),
      powf(f32x4.extract_lane(a, 2), f32x4.extract_lane(b, 2)), powf(f32x4.extract_lane(a, 3), f32x4.extract_lane(b, 3)));
  }
  @inline s(a: f32, b: f32): f32 { return powf(a, b); }
}
// Comparisons give 1 or 0 (MXNet's legacy float results): the lane mask ANDed with 1.0.
@final export class Eq { @inline v(a: v128, b: v128): v128 { return v128.and(f32x4.eq(a, b), f32x4.splat(1)); } @inline s(a: f32, b: f32): f32 { return a == b ? 1 : 0; } }
@final export class Ne { @inline v(a: v128, b: v128): v128 { return v128.and(f32x4.ne(a, b), f32x4.splat(1)); } @inline s(a: f32, b: f32): f32 { return a != b ? 1 : 0; } }
@final export class Gt { @inline v(a: v128, b: v128): v128 { return v128.and(f32x4.gt(a, b), f32x4.splat(1)); } @inline s(a: f32, b: f32): f32 { return a > b ? 1 : 0; } }
@final export class Ge { @inline v(a: v128, b: v128): v128 { return v128.and(f32x4.ge(a, b), f32x4.splat(1)); } @inline s(a: f32, b: f32): f32 { return a >= b ? 1 : 0; } }
@final export class Lt { @inline v(a: v128, b: v128): v128 { return v128.and(f32x4.lt(a, b), f32x4.splat(1)); } @inline s(a: f32, b: f32): f32 { return a < b ? 1 : 0; } }
@final export class Le { @inline v(a: v128, b: v128): v128 { return v128.and(f32x4.le(a, b), f32x4.splat(1)); } @inline s(a: f32, b: f32): f32 { return a <= b ? 1 : 0; } }
// Gradient helpers, fused so a backward step is one pass: (upstream g, forward output y).
@final export class ReluGrad { @inline v(g: v128, y: v128): v128 { return v128.and(g, f32x4.gt(y, f32x4.splat(0))); } @inline s(g: f32, y: f32): f32 { return y > 0 ? g : 0; } }
@final export class SigmoidGrad {
  @inline v(g: v128, y: v128): v128 { return f32x4.mul(g, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y))); }
  @inline s(g: f32, y: f32): f32 { return g * (y * (1 - y)); }
}
@final export class TanhGrad {
  @inline v(g: v128, y: v128): v128 { return f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y))); }
  @inline s(g: f32, y: f32): f32 { return g * (1 - y * y); }
}

// ---- unary ----
@inline function sigmoidf(x: f32): f32 { return 1 / (1 + Mathf.exp(-x)); }
// log(1 + e^x) without overflow: x + log1p(e^-x) for large x.
@inline function softreluf(x: f32): f32 { return x > 0 ? x + Mathf.log1p(Mathf.exp(-x)) : Mathf.log1p(Mathf.exp(x)); }
// MXNet's sign: a < 0 ? -1 : a > 0 ? 1 : 0, so -0 and NaN give +0
@inline function signf(x: f32): f32 { return x > 0 ? 1 : x < 0 ? -1 : 0; }

@final export class Copy { @inline v(x: v128): v128 { return x; } @inline s(x: f32): f32 { return x; } }
@final export class Neg { @inline v(x: v128): v128 { return f32x4.neg(x); } @inline s(x: f32): f32 { return -x; } }
@final export class Abs { @inline v(x: v128): v128 { return f32x4.abs(x); } @inline s(x: f32): f32 { return Mathf.abs(x); } }
@final export class Square { @inline v(x: v128): v128 { return f32x4.mul(x, x); } @inline s(x: f32): f32 { return x * x; } }
@final export class Sqrt { @inline v(x: v128): v128 { return f32x4.sqrt(x); } @inline s(x: f32): f32 { return Mathf.sqrt(x); } }
@final export class Rsqrt { @inline v(x: v128): v128 { return f32x4.div(f32x4.splat(1), f32x4.sqrt(x)); } @inline s(x: f32): f32 { return 1 / Mathf.sqrt(x); } }
@final export class Reciprocal { @inline v(x: v128): v128 { return f32x4.div(f32x4.splat(1), x); } @inline s(x: f32): f32 { return 1 / x; } }
// MXNet's relu, a > 0 ? a : 0: -0 and NaN give +0. pmax(a, b) is a < b ? b : a, so the zero goes
// first: pmax(0, x) = 0 < x ? x : 0, the same test per lane.
@final export class Relu { @inline v(x: v128): v128 { return f32x4.pmax(f32x4.splat(0), x); } @inline s(x: f32): f32 { return x > 0 ? x : 0; } }
@final export class Floor { @inline v(x: v128): v128 { return f32x4.floor(x); } @inline s(x: f32): f32 { return Mathf.floor(x); } }
@final export class Ceil { @inline v(x: v128): v128 { return f32x4.ceil(x); } @inline s(x: f32): f32 { return Mathf.ceil(x); } }
@final export class Trunc { @inline v(x: v128): v128 { return f32x4.trunc(x); } @inline s(x: f32): f32 { return Mathf.trunc(x); } }
// C's roundf (numpy, MXNet): half away from zero, not nearest-even. Not floor(x + 0.5): that sum
// rounds in float32, moving 0.49999997 up to 1 and every odd integer in [2^23, 2^24) by one.
// x - trunc(x) is exact, so the half test is too.
@inline function roundf(x: f32): f32 {
  const t = Mathf.trunc(x);
  return Mathf.abs(x - t) >= 0.5 ? t + (x < 0 ? <f32>-1 : <f32>1) : t;
}
@final export class Round { @inline v(x: v128): v128 { return lanes1(x, roundf); } @inline s(x: f32): f32 { return roundf(x); } }
@final export class Sign { @inline v(x: v128): v128 { return lanes1(x, signf); } @inline s(x: f32): f32 { return signf(x); } }
@final export class Exp { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.exp(a)); } @inline s(x: f32): f32 { return Mathf.exp(x); } }
@final export class Log { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.log(a)); } @inline s(x: f32): f32 { return Mathf.log(x); } }
@final export class Log1p { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.log1p(a)); } @inline s(x: f32): f32 { return Mathf.log1p(x); } }
@final export class Expm1 { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.expm1(a)); } @inline s(x: f32): f32 { return Mathf.expm1(x); } }
@final export class Sin { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.sin(a)); } @inline s(x: f32): f32 { return Mathf.sin(x); } }
@final export class Cos { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.cos(a)); } @inline s(x: f32): f32 { return Mathf.cos(x); } }
@final export class Tanh { @inline v(x: v128): v128 { return lanes1(x, (a: f32): f32 => Mathf.tanh(a)); } @inline s(x: f32): f32 { return Mathf.tanh(x); } }
@final export class Sigmoid { @inline v(x: v128): v128 { return lanes1(x, sigmoidf); } @inline s(x: f32): f32 { return sigmoidf(x); } }
@final export class Softrelu { @inline v(x: v128): v128 { return lanes1(x, softreluf); } @inline s(x: f32): f32 { return softreluf(x); } }
@final export class Softsign {
  @inline v(x: v128): v128 { return f32x4.div(x, f32x4.add(f32x4.splat(1), f32x4.abs(x))); }
  @inline s(x: f32): f32 { return x / (1 + Mathf.abs(x)); }
}

// Activation codes of the fused kernels (bias_act_f32, act_grad_f32); src/nd/ops/nn.ts maps the
// names onto the same numbers.
export const ACT_NONE = 0, ACT_RELU = 1, ACT_SIGMOID = 2, ACT_TANH = 3, ACT_SOFTRELU = 4, ACT_SOFTSIGN = 5;
