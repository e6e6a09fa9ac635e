// Helpers over runs of floats, shared by the conv, norm and softmax kernels (an internal module:
// assembly/index.ts does not re-export it). All @inline: each call site compiles its own copy.

/** The four lanes of v added pairwise: (l0 + l1) + (l2 + l3). */
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** sum of a run of n floats, or of (x - m)^2 when squares; f32x4 lanes, then one f32. */
@inline export function runSum(p: usize, n: i32, m: f32, squares: bool): f32 {
  const end = <usize>n << 2;
  const mv = f32x4.splat(m);
  let acc = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    let v = v128.load(p + i);
    if (squares) { v = f32x4.sub(v, mv); v = f32x4.mul(v, v); }
    acc = f32x4.add(acc, v);
  }
  let s = hsum(acc);
  for (; i < end; i += 4) {
    let v = load<f32>(p + i);
    if (squares) { v -= m; v *= v; }
    s += v;
  }
  return s;
}

/** dst[j] += src[j] (squares: (src[j] - m[j])^2) for j < n. */
@inline export function accumulateRow(dst: usize, src: usize, m: usize, n: i32, squares: bool): void {
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    let v = v128.load(src + i);
    if (squares) { v = f32x4.sub(v, v128.load(m + i)); v = f32x4.mul(v, v); }
    v128.store(dst + i, f32x4.add(v128.load(dst + i), v));
  }
  for (; i < end; i += 4) {
    let v = load<f32>(src + i);
    if (squares) { v -= load<f32>(m + i); v *= v; }
    store<f32>(dst + i, load<f32>(dst + i) + v);
  }
}

// ---------------------------------------------------------------- strided runs (softmax rows)
// n floats `stride` bytes apart: the softmax axis of (outer, n, inner) has stride 4 * inner.

/** max of the run (-Infinity when n = 0): the stable-softmax shift. */
@inline export function stridedMax(x: usize, n: i32, stride: usize): f32 {
  let m: f32 = -Infinity;
  for (let k = 0; k < n; k++) m = Mathf.max(m, load<f32>(x + stride * k));
  return m;
}

/** sum of exp(x[k] - m), in order; with keep, o[k] = exp(x[k] - m) too. */
@inline export function expShiftSum(x: usize, o: usize, n: i32, stride: usize, m: f32, keep: bool): f32 {
  let s: f32 = 0;
  for (let k = 0; k < n; k++) {
    const e = Mathf.exp(load<f32>(x + stride * k) - m);
    s += e;
    if (keep) store<f32>(o + stride * k, e);
  }
  return s;
}

/** o[k] *= f over the run. */
@inline export function scaleStrided(o: usize, n: i32, stride: usize, f: f32): void {
  for (let k = 0; k < n; k++) store<f32>(o + stride * k, load<f32>(o + stride * k) * f);
}
