// Helpers over contiguous runs of floats, shared by the conv and norm kernels (an internal module:
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
