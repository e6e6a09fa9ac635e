// Multiply-add for the GEMM accumulators. The default build computes c + a*b with two rounded
// operations (bit-for-bit the same on every engine). The opt-in relaxed build
// (`--enable relaxed-simd --use RELAXED_SIMD=1`, dist/gluon-relaxed.wasm) uses f32x4.relaxed_madd,
// a fused multiply-add where the CPU has one: faster, but the last bits may differ by machine.
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  // @ts-ignore: RELAXED_SIMD exists only in the relaxed build (asc --use)
  if (isDefined(RELAXED_SIMD)) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
