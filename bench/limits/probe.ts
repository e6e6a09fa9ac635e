// Bench-only AssemblyScript module (never shipped; bench/cases/limits.mjs compiles it with asc into
// a temporary file): loops that show what bounds the two kernels whose targets are not met.
//  - GEMM: the shipped 4x8 micro-kernel (microBody, assembly/gemm-micro.ts) on one packed strip and
//    panel that stay in L1, so memory cannot be the limit, and the same body with fewer loads a
//    step (A operands reused across rows): 2 loads a step is fma_peak_f32 itself.
//  - Streaming: a read-two-write-one loop with no arithmetic (v128.or), 8 vectors an iteration,
//    the fastest way this engine can move add's bytes, and the shipped add_f32 for comparison on
//    the same buffers.
import { microBody } from '../../assembly/gemm-micro';

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
 * The same micro-kernel body with fewer distinct A loads a step (microBody's LA: row r reuses row
 * r % LA's operand), so 2 + LA loads a step instead of 6; the tile is 4 rows of 8 floats at c.
 */
export function loads3_l1(reps: i32, kc: i32, pa: usize, pb: usize, bStep: usize, c: usize): void {
  for (let r = 0; r < reps; r++) microBody(4, 1, kc, pa, pb, bStep, 0, c, 32, 0, 1);
}

/** 4 loads a step (two A operands, each for two rows). */
export function loads4_l1(reps: i32, kc: i32, pa: usize, pb: usize, bStep: usize, c: usize): void {
  for (let r = 0; r < reps; r++) microBody(4, 1, kc, pa, pb, bStep, 0, c, 32, 0, 2);
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
