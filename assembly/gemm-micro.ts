// The GEMM's 4x8 micro-kernel body (assembly/gemm.ts wraps it per row count). A module of its own,
// kept out of index.ts's exports, so that the bench-only probe (bench/limits/probe.ts) can time
// this very loop without the shipped module exporting it.
import { madd } from './simd';

/**
 * c[0..R, 0..8] (row stride ldcB bytes) = (beta ? c : 0) + A·B over kc steps. pa: packed A strip
 * (64 bytes a step, row r's value broadcast at byte 16r); pb: 8 floats of B a step, bStep bytes
 * apart (32 when packed, the row stride when B is read in place).
 * Pre-broadcasting A in the packing beats v128.load32_splat here: V8 11.3 does not fold the
 * immediate offset of a load_splat (one extra lea per row and step) but does fold it for v128.load.
 * The k loop runs on the A pointer (do-while: kc >= 1 always), not on a counter: 27 instructions a
 * step for 16 FP ops instead of 29, +3-4%.
 * What bounds it is the 6 loads a step, not the instruction count (Zen 4, no PMU in the VM):
 * `npm run bench`'s limits family times this body alone with its data in L1 (bench/limits/probe.ts):
 * 81-87% of fma_peak_f32 in Node 20 (V8 11.3) and 86-88% in Chromium 156, against ~100% in both
 * for this same body with 4 or 3 distinct loads a step (the LA parameter below). Cutting the loop
 * to 25 instructions a step (pointers seeded with an opaque zero, so V8 drops their zero-extension
 * moves and the stack-limit spill) gained nothing. V8 folds no load into a SIMD multiply, and
 * 8 accumulators + 6 loaded operands + 1 temp already fill its 15 registers (it hoists every load
 * of a step to the top), so no tile shape loads less per FP op: 3x12 and 5x8 spill (60-66%).
 * R is a compile-time constant at every call site (the wrappers in gemm.ts), so the row tests fold
 * away. LA, the distinct A loads a step (default 4: every row its own), exists for that bench
 * probe only: with LA < R, row r reuses row r % LA's operand (wrong products, the same loop with
 * fewer loads); the shipped wrappers never pass it, and the build is the same bytes.
 */
@inline export function microBody(R: i32, panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32, LA: i32 = 4): void {
  // several column panels a call: the call and its prologue are paid once (they matter for small kc)
  const aEnd = pa + (<usize>kc << 6);
  for (let panel = 0; panel < panels; panel++) {
    let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
    let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    let ap = pa, bp = pb;
    do {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16);
      let a = v128.load(ap);
      const a0 = a;
      let a1 = a0;
      c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
      if (R > 1) {
        a = LA > 1 ? v128.load(ap, 16) : a0;
        a1 = a;
        c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
      }
      if (R > 2) {
        a = LA > 2 ? v128.load(ap, 32) : a0;
        c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
      }
      if (R > 3) {
        a = LA > 3 ? v128.load(ap, 48) : LA > 1 ? a1 : a0;
        c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
      }
      ap += 64;
      bp += bStep;
    } while (ap < aEnd);
    if (beta != 0) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    if (R > 1) {
      const c1 = c + ldcB;
      if (beta != 0) { c10 = f32x4.add(c10, v128.load(c1)); c11 = f32x4.add(c11, v128.load(c1, 16)); }
      v128.store(c1, c10); v128.store(c1, c11, 16);
    }
    if (R > 2) {
      const c2 = c + ldcB * 2;
      if (beta != 0) { c20 = f32x4.add(c20, v128.load(c2)); c21 = f32x4.add(c21, v128.load(c2, 16)); }
      v128.store(c2, c20); v128.store(c2, c21, 16);
    }
    if (R > 3) {
      const c3 = c + ldcB * 3;
      if (beta != 0) { c30 = f32x4.add(c30, v128.load(c3)); c31 = f32x4.add(c31, v128.load(c3, 16)); }
      v128.store(c3, c30); v128.store(c3, c31, 16);
    }
    pb += bNext;
    c += 32;
  }
}
