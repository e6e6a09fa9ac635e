// Bench-only AssemblyScript module (never shipped; bench/cases/limits.mjs compiles it with asc into
// a temporary file): loops that show what bounds the two kernels whose targets are not met.
//  - GEMM: the shipped 4x8 micro-kernel (microBody, assembly/gemm.ts) on one packed strip and
//    panel that stay in L1, so memory cannot be the limit, and the same loop shape with fewer
//    loads a step (A broadcasts reused across rows): 2 loads a step is fma_peak_f32 itself.
//  - Streaming: a read-two-write-one loop with no arithmetic (v128.or), 8 vectors an iteration,
//    the fastest way this engine can move add's bytes, and the shipped add_f32 for comparison on
//    the same buffers.
import { microBody } from '../../assembly/gemm-micro';
import { madd } from '../../assembly/simd';

export { fma_peak_f32 } from '../../assembly/gemm';
export { add_f32 } from '../../assembly/elementwise';

/**
 * reps calls of the real 4x8 micro-kernel: kc steps of the packed strip pa against `panels` packed
 * B panels bNext bytes apart (one panel: everything in L1; a GEMM-sized block: B from L2).
 */
export function micro(reps: i32, panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize): void {
  for (let r = 0; r < reps; r++) microBody(4, panels, kc, pa, pb, bStep, bNext, c, 32, 0);
}

/**
 * The micro-kernel's loop (8 accumulators, 16 FP ops a step, the same pointer walk) with only
 * LA distinct A loads a step (row r uses load r % LA), so 2 + LA loads a step instead of 6.
 * LA is a compile-time constant at each call site below.
 */
@inline function fewerLoads(LA: i32, reps: i32, kc: i32, pa: usize, pb: usize, bStep: usize, c: usize): void {
  const aEnd = pa + (<usize>kc << 6);
  for (let r = 0; r < reps; r++) {
    let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
    let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    let ap = pa, bp = pb;
    do {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16);
      const a0 = v128.load(ap);
      const a1 = LA > 1 ? v128.load(ap, 16) : a0;
      const a2 = LA > 2 ? v128.load(ap, 32) : a0;
      const a3 = LA > 2 ? v128.load(ap, 48) : LA > 1 ? a1 : a0;
      c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
      c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
      c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
      c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
      ap += 64;
      bp += bStep;
    } while (ap < aEnd);
    v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c10, 32); v128.store(c, c11, 48);
    v128.store(c, c20, 64); v128.store(c, c21, 80); v128.store(c, c30, 96); v128.store(c, c31, 112);
  }
}

/** 3 loads a step (one A broadcast for all four rows). */
export function loads3_l1(reps: i32, kc: i32, pa: usize, pb: usize, bStep: usize, c: usize): void {
  fewerLoads(1, reps, kc, pa, pb, bStep, c);
}

/** 4 loads a step (two A broadcasts, each for two rows). */
export function loads4_l1(reps: i32, kc: i32, pa: usize, pb: usize, bStep: usize, c: usize): void {
  fewerLoads(2, reps, kc, pa, pb, bStep, c);
}

/** o = a | b over n floats (n a multiple of 32): add's memory traffic with no arithmetic. */
export function stream_or(a: usize, b: usize, o: usize, n: i32): void {
  const end = a + (<usize>n << 2);
  while (a < end) {
    v128.store(o, v128.or(v128.load(a), v128.load(b)));
    v128.store(o, v128.or(v128.load(a, 16), v128.load(b, 16)), 16);
    v128.store(o, v128.or(v128.load(a, 32), v128.load(b, 32)), 32);
    v128.store(o, v128.or(v128.load(a, 48), v128.load(b, 48)), 48);
    v128.store(o, v128.or(v128.load(a, 64), v128.load(b, 64)), 64);
    v128.store(o, v128.or(v128.load(a, 80), v128.load(b, 80)), 80);
    v128.store(o, v128.or(v128.load(a, 96), v128.load(b, 96)), 96);
    v128.store(o, v128.or(v128.load(a, 112), v128.load(b, 112)), 112);
    a += 128;
    b += 128;
    o += 128;
  }
}

/** Start of free linear memory, for the bench's bump allocator. */
export function heapBase(): usize {
  return __heap_base;
}
