// GEMM: C = op(A)·op(B), or C += op(A)·op(B) when accumulate != 0; f32, row-major C.
// GotoBLAS/BLIS structure: for each KC x NC block of op(B) (packed into 8-column micro-panels,
// zero-padded at the edge), each 4-row strip of op(A) is packed (pre-broadcast, see gemm-micro.ts) and
// swept across the whole block by a 4x8 register-tiled f32x4 micro-kernel (the strip stays in L1,
// the block in L2). Transposed operands are handled by the packing routines only, never
// materialised, so A^T·B and A·B^T cost what A·B costs.
// Shape handling, so small and skinny products do not waste the tile or drown in packing:
//  - rows: strips of 1..3 rows (m < 4, m % 4 edges) run 1x16/1x8, 2x16/2x8, 3x8 kernels: no zero
//    rows are computed, and 1- and 2-row strips keep enough add chains to hide the add latency;
//  - orientation: when the 8-column padding of n wastes more than the row edge of m, the product
//    runs as C^T = op(B)^T·op(A)^T (same packing routines, operands swapped, tiles stored transposed);
//  - few rows (m <= DIRECT_B_MAX_M) and B not transposed: B is read in place, not packed;
//  - at most DOT_MAX_M rows or columns, with the other operand running along k in memory (A·B^T,
//    the Dense forward x·W^T, and small-n A·B): dot products of rows read in place (dotPath).
// Micro-kernel shape: 4x8 = 8 f32x4 accumulators (XNNPACK f32-gemm 4x8 wasmsimd). V8 11.3 hoists
// every load of a loop step to its top, so accumulators + loads + 1 temp must fit 15 xmm registers
// (xmm15 is V8's scratch): 4x8 needs 8 + 4 + 2 + 1 = 15; 5x8 spills (measured: 24 vs 41 GFLOPS), and
// unrolling the k loop by hand spills too (V8 unrolls it 2x itself, without the extra loads).
// No relaxed SIMD (no FMA): the default build gives the same bits everywhere.

import { madd } from './simd';
import { microBody } from './gemm-micro';

const MR = 4;
const NR = 8;
const KC = 256; // a packed A strip (4 x KC, pre-broadcast: 16 KiB) stays in L1
const NC = 512; // a packed B block (KC x NC: 512 KiB) stays in L2 (1 MiB per core here)
// At most this many rows read B in place instead of packing it: B is reused by only m/4 strips, and
// measured here the in-place read is as fast as packing up to 32-64 rows (at 128 rows, e.g.
// 128x784·784x256, packing wins by ~7%).
const DIRECT_B_MAX_M = 32;
// Products with at most this many rows (or columns) run as dot products (dotPath); measured for
// 256x256 A·B^T the dot path holds ~66% of peak at any row count, the packed path passes it above 12.
const DOT_MAX_M = 12;

const PA_BYTES: usize = KC * MR * 16; // one A strip, every value broadcast to 4 lanes
const PB_BYTES: usize = KC * NC * 4;
const TILE_BYTES: usize = MR * NR * 4;

/** DIRECT_B_MAX_M, for the JS side's convolution tiling (one copy of the threshold). */
export function gemm_f32_direct_b_max_rows(): i32 {
  return DIRECT_B_MAX_M;
}

/** DOT_MAX_M, for the JS side's thread split (each part must stay on the blocked path). */
export function gemm_f32_dot_max_rows(): i32 {
  return DOT_MAX_M;
}

/** Bytes of the scratch block `pack` that gemm_f32 needs (the caller provides it, 16-byte aligned). */
export function gemm_f32_scratch_bytes(): i32 {
  return <i32>(PA_BYTES + PB_BYTES + TILE_BYTES);
}

// ---------------------------------------------------------------- packing

/**
 * Stores the transpose of the 4x4 block whose rows are r0..r3: its row i (the block's column i) at
 * dst + i*stride for i < count; beta != 0 adds what is already there (C^T tiles accumulating).
 * count and beta are constants at the packing call sites, so their tests fold away there.
 */
@inline function storeTransposed4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize, count: i32, beta: i32): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  const d1 = dst + stride, d2 = d1 + stride, d3 = d2 + stride;
  if (count > 0) v128.store(dst, beta != 0 ? f32x4.add(v128.load(dst), i32x4.shuffle(t0, t2, 0, 1, 4, 5)) : i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  if (count > 1) v128.store(d1, beta != 0 ? f32x4.add(v128.load(d1), i32x4.shuffle(t0, t2, 2, 3, 6, 7)) : i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  if (count > 2) v128.store(d2, beta != 0 ? f32x4.add(v128.load(d2), i32x4.shuffle(t1, t3, 0, 1, 4, 5)) : i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  if (count > 3) v128.store(d3, beta != 0 ? f32x4.add(v128.load(d3), i32x4.shuffle(t1, t3, 2, 3, 6, 7)) : i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}


/**
 * Packs op(A)[i0 .. i0+rows, p0 .. p0+kc] (rows <= 4) as kc steps of 4 values, each broadcast to
 * 4 lanes (64 bytes a step; see micro). Rows past `rows` are left as they are: no kernel reads them.
 */
function packA(rows: i32, kc: i32, a: usize, lda: i32, transA: i32, i0: i32, p0: i32, dst: usize): void {
  const ldaB = <usize>lda << 2;
  const i = <usize>i0;
  if (rows < MR) {
    const aRow: usize = transA != 0 ? 4 : ldaB, aCol: usize = transA != 0 ? ldaB : 4;
    let s = a + i * aRow + <usize>p0 * aCol;
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < rows; r++) v128.store(dst + (<usize>r << 4), v128.load32_splat(s + <usize>r * aRow));
      s += aCol;
      dst += 64;
    }
  } else if (transA != 0) {
    // element (i,p) at a[p*lda + i]: the 4 rows of one step are contiguous
    let src = a + <usize>p0 * ldaB + (i << 2);
    for (let p = 0; p < kc; p++) {
      const v = v128.load(src);
      v128.store(dst, i32x4.shuffle(v, v, 0, 0, 0, 0));
      v128.store(dst, i32x4.shuffle(v, v, 1, 1, 1, 1), 16);
      v128.store(dst, i32x4.shuffle(v, v, 2, 2, 2, 2), 32);
      v128.store(dst, i32x4.shuffle(v, v, 3, 3, 3, 3), 48);
      src += ldaB;
      dst += 64;
    }
  } else {
    // element (i,p) at a[i*lda + p]: 4 rows read 4 steps at a time
    const s0 = a + i * ldaB + (<usize>p0 << 2);
    const s1 = s0 + ldaB, s2 = s1 + ldaB, s3 = s2 + ldaB;
    let o: usize = 0;
    const end4 = <usize>(kc & ~3) << 2;
    for (; o < end4; o += 16) {
      const r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
      v128.store(dst, i32x4.shuffle(r0, r0, 0, 0, 0, 0));
      v128.store(dst, i32x4.shuffle(r1, r1, 0, 0, 0, 0), 16);
      v128.store(dst, i32x4.shuffle(r2, r2, 0, 0, 0, 0), 32);
      v128.store(dst, i32x4.shuffle(r3, r3, 0, 0, 0, 0), 48);
      v128.store(dst, i32x4.shuffle(r0, r0, 1, 1, 1, 1), 64);
      v128.store(dst, i32x4.shuffle(r1, r1, 1, 1, 1, 1), 80);
      v128.store(dst, i32x4.shuffle(r2, r2, 1, 1, 1, 1), 96);
      v128.store(dst, i32x4.shuffle(r3, r3, 1, 1, 1, 1), 112);
      v128.store(dst, i32x4.shuffle(r0, r0, 2, 2, 2, 2), 128);
      v128.store(dst, i32x4.shuffle(r1, r1, 2, 2, 2, 2), 144);
      v128.store(dst, i32x4.shuffle(r2, r2, 2, 2, 2, 2), 160);
      v128.store(dst, i32x4.shuffle(r3, r3, 2, 2, 2, 2), 176);
      v128.store(dst, i32x4.shuffle(r0, r0, 3, 3, 3, 3), 192);
      v128.store(dst, i32x4.shuffle(r1, r1, 3, 3, 3, 3), 208);
      v128.store(dst, i32x4.shuffle(r2, r2, 3, 3, 3, 3), 224);
      v128.store(dst, i32x4.shuffle(r3, r3, 3, 3, 3, 3), 240);
      dst += 256;
    }
    const endB = <usize>kc << 2;
    for (; o < endB; o += 4) {
      v128.store(dst, v128.load32_splat(s0 + o));
      v128.store(dst, v128.load32_splat(s1 + o), 16);
      v128.store(dst, v128.load32_splat(s2 + o), 32);
      v128.store(dst, v128.load32_splat(s3 + o), 48);
      dst += 64;
    }
  }
}

/**
 * Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into ceil(nc/8) micro-panels of kc x 8 floats
 * (panel q, step p holds columns 8q..8q+7 of row p), columns past nc are zero.
 */
function packB(kc: i32, nc: i32, b: usize, ldb: i32, transB: i32, p0: i32, j0: i32, dst: usize): void {
  const ldbB = <usize>ldb << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const j = <usize>(j0 + jr);
    if (transB == 0) {
      // element (p,j) at b[p*ldb + j]: 8 contiguous floats per step
      let src = b + <usize>p0 * ldbB + (j << 2);
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += ldbB; dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.splat<i32>(0));
          v128.store(dst, v128.splat<i32>(0), 16);
          for (let q = 0; q < cols; q++) store<f32>(dst + (<usize>q << 2), load<f32>(src + (<usize>q << 2)));
          src += ldbB; dst += 32;
        }
      }
    } else {
      // element (p,j) at b[j*ldb + p]: 8 rows of B, transposed 4 columns at a time
      const s0 = b + j * ldbB + (<usize>p0 << 2);
      if (cols == NR) {
        const s1 = s0 + ldbB, s2 = s1 + ldbB, s3 = s2 + ldbB;
        const s4 = s3 + ldbB, s5 = s4 + ldbB, s6 = s5 + ldbB, s7 = s6 + ldbB;
        let o: usize = 0;
        const end4 = <usize>(kc & ~3) << 2;
        for (; o < end4; o += 16) {
          // 4 steps of the panel: columns 0-3 from rows s0..s3, columns 4-7 from s4..s7
          storeTransposed4(v128.load(s0 + o), v128.load(s1 + o), v128.load(s2 + o), v128.load(s3 + o), dst, 32, 4, 0);
          storeTransposed4(v128.load(s4 + o), v128.load(s5 + o), v128.load(s6 + o), v128.load(s7 + o), dst + 16, 32, 4, 0);
          dst += 128;
        }
        const endB = <usize>kc << 2;
        for (; o < endB; o += 4) {
          store<f32>(dst, load<f32>(s0 + o));
          store<f32>(dst, load<f32>(s1 + o), 4);
          store<f32>(dst, load<f32>(s2 + o), 8);
          store<f32>(dst, load<f32>(s3 + o), 12);
          store<f32>(dst, load<f32>(s4 + o), 16);
          store<f32>(dst, load<f32>(s5 + o), 20);
          store<f32>(dst, load<f32>(s6 + o), 24);
          store<f32>(dst, load<f32>(s7 + o), 28);
          dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.splat<i32>(0));
          v128.store(dst, v128.splat<i32>(0), 16);
          const o = <usize>p << 2;
          for (let q = 0; q < cols; q++) store<f32>(dst + (<usize>q << 2), load<f32>(s0 + <usize>q * ldbB + o));
          dst += 32;
        }
      }
    }
  }
}

// ---------------------------------------------------------------- micro-kernels

function micro4x8(panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  microBody(4, panels, kc, pa, pb, bStep, bNext, c, ldcB, beta);
}
function micro3x8(panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  microBody(3, panels, kc, pa, pb, bStep, bNext, c, ldcB, beta);
}
function micro2x8(panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  microBody(2, panels, kc, pa, pb, bStep, bNext, c, ldcB, beta);
}
function micro1x8(panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  microBody(1, panels, kc, pa, pb, bStep, bNext, c, ldcB, beta);
}

/**
 * Two rows by 16 columns (two panels a tile, `pairs` tiles): the same 8 accumulators and 6 loads a
 * step as 4x8, where 2x8 would need 4 loads for 4 accumulators (and its 4 add chains are
 * latency-bound: 3 cycles of add latency a step). Two-row strips are common (m = 2,
 * m % 4 == 2 edges). Panel 2q at pb + 2q*bNext, panel 2q+1 bNext further.
 * One row by 16 columns: 4 accumulator chains instead of 1x8's 2. With one add a step per chain and
 * 3 cycles of add latency, 1x8 is latency-bound at a third of peak; 1x16 doubles that (1x32 would
 * need 8 + 8 + 1 + 1 = 18 registers and spill). Used for m = 1 (GEMV) and m % 4 == 1 edges.
 * R (1 or 2) is a compile-time constant at both call sites, so the row-1 work folds away for R = 1.
 */
@inline function wideBody(R: i32, pairs: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  const aEnd = pa + (<usize>kc << 6);
  for (let pair = 0; pair < pairs; pair++) {
    let c00 = f32x4.splat(0), c01 = c00, c02 = c00, c03 = c00;
    let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    let ap = pa, bp = pb, bq = pb + bNext;
    do {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bq), b3 = v128.load(bq, 16);
      let a = v128.load(ap);
      c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
      c02 = madd(a, b2, c02); c03 = madd(a, b3, c03);
      if (R > 1) {
        a = v128.load(ap, 16);
        c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
        c12 = madd(a, b2, c12); c13 = madd(a, b3, c13);
      }
      ap += 64;
      bp += bStep;
      bq += bStep;
    } while (ap < aEnd);
    if (beta != 0) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c02 = f32x4.add(c02, v128.load(c, 32)); c03 = f32x4.add(c03, v128.load(c, 48));
    }
    v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c02, 32); v128.store(c, c03, 48);
    if (R > 1) {
      const c1 = c + ldcB;
      if (beta != 0) {
        c10 = f32x4.add(c10, v128.load(c1)); c11 = f32x4.add(c11, v128.load(c1, 16));
        c12 = f32x4.add(c12, v128.load(c1, 32)); c13 = f32x4.add(c13, v128.load(c1, 48));
      }
      v128.store(c1, c10); v128.store(c1, c11, 16); v128.store(c1, c12, 32); v128.store(c1, c13, 48);
    }
    pb += bNext << 1;
    c += 64;
  }
}

function micro2x16(pairs: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  wideBody(2, pairs, kc, pa, pb, bStep, bNext, c, ldcB, beta);
}
function micro1x16(pairs: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, beta: i32): void {
  wideBody(1, pairs, kc, pa, pb, bStep, bNext, c, 0, beta);
}

/**
 * `panels` consecutive 8-column panels of a rows x kc strip: B panel q at pb + q*bNext, its steps
 * bStep apart; C tile q at c + 32q (row stride ldcB).
 */
@inline function micro(rows: i32, panels: i32, kc: i32, pa: usize, pb: usize, bStep: usize, bNext: usize, c: usize, ldcB: usize, beta: i32): void {
  if (rows == 4) micro4x8(panels, kc, pa, pb, bStep, bNext, c, ldcB, beta);
  else if (rows == 3) micro3x8(panels, kc, pa, pb, bStep, bNext, c, ldcB, beta);
  else if (rows == 2) {
    const pairs = panels >> 1;
    if (pairs > 0) micro2x16(pairs, kc, pa, pb, bStep, bNext, c, ldcB, beta);
    if (panels & 1) micro2x8(1, kc, pa, pb + <usize>(pairs << 1) * bNext, bStep, bNext, c + (<usize>pairs << 6), ldcB, beta);
  } else {
    const pairs = panels >> 1;
    if (pairs > 0) micro1x16(pairs, kc, pa, pb, bStep, bNext, c, beta);
    if (panels & 1) micro1x8(1, kc, pa, pb + <usize>(pairs << 1) * bNext, bStep, bNext, c + (<usize>pairs << 6), ldcB, beta);
  }
}

/**
 * Moves a computed tile (rows x cols of the 4x8 `tile`, row stride 32 bytes) into C: at row-major
 * (i,j) -> c[i*ldc + j], or transposed (i,j) -> c[j*ldc + i] when the product runs as C^T.
 */
function storeTile(tile: usize, rows: i32, cols: i32, c: usize, ldcB: usize, transC: i32, beta: i32): void {
  if (transC != 0 && rows == MR) {
    // 8 rows of C, 4 contiguous floats each: two 4x4 transposes
    for (let h: usize = 0; h < 32; h += 16) {
      const q = <i32>(h >> 2); // first column of this half
      storeTransposed4(v128.load(tile + h), v128.load(tile + h, 32), v128.load(tile + h, 64), v128.load(tile + h, 96), c + <usize>q * ldcB, ldcB, cols - q, beta);
    }
    return;
  }
  const sr: usize = transC != 0 ? 4 : ldcB, sq: usize = transC != 0 ? ldcB : 4;
  for (let r = 0; r < rows; r++) {
    const t = tile + (<usize>r << 5);
    const d = c + <usize>r * sr;
    if (beta != 0) for (let q = 0; q < cols; q++) store<f32>(d + <usize>q * sq, load<f32>(d + <usize>q * sq) + load<f32>(t + (<usize>q << 2)));
    else for (let q = 0; q < cols; q++) store<f32>(d + <usize>q * sq, load<f32>(t + (<usize>q << 2)));
  }
}

// ---------------------------------------------------------------- dot-product path (A·B^T, few rows)

/** Lane sums of v0..v3 as one vector [sum v0, sum v1, sum v2, sum v3]. */
@inline function hsum4(v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  const t0 = f32x4.add(i32x4.shuffle(v0, v1, 0, 4, 1, 5), i32x4.shuffle(v0, v1, 2, 6, 3, 7));
  const t1 = f32x4.add(i32x4.shuffle(v2, v3, 0, 4, 1, 5), i32x4.shuffle(v2, v3, 2, 6, 3, 7));
  return f32x4.add(i32x4.shuffle(t0, t1, 0, 1, 4, 5), i32x4.shuffle(t0, t1, 2, 3, 6, 7));
}

/**
 * C[i..i+R, j..j+Q] for A·B^T with both operands read in place: R rows of A (a0, a0 + ldaB) and Q
 * rows of B (b0, b0 + ldbB, ...) are dot products along k, 4 steps per f32x4, lane sums at the end,
 * the last k % 4 steps in scalar. Output element (r, q) goes to c + r*cRow + q*cCol.
 * Used when m is small: packing B would cost as much as the product (GEMV-like 1x784·W^T).
 * 2x4 = 8 accumulators + 6 loads + 1 temp = 15 registers, the same budget as micro4x8.
 */
@inline function dotBody(R: i32, Q: i32, k: i32, a0: usize, ldaB: usize, b0: usize, ldbB: usize, c: usize, cRow: usize, cCol: usize, beta: i32): void {
  let s00 = f32x4.splat(0), s01 = s00, s02 = s00, s03 = s00;
  let s10 = s00, s11 = s00, s12 = s00, s13 = s00;
  const a1 = a0 + ldaB, b1 = b0 + ldbB, b2 = b1 + ldbB, b3 = b2 + ldbB;
  const end = <usize>(k & ~3) << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const x0 = v128.load(a0 + o), y0 = v128.load(b0 + o);
    const x1 = R > 1 ? v128.load(a1 + o) : x0;
    s00 = madd(x0, y0, s00);
    if (R > 1) s10 = madd(x1, y0, s10);
    if (Q > 1) {
      const y1 = v128.load(b1 + o), y2 = v128.load(b2 + o), y3 = v128.load(b3 + o);
      s01 = madd(x0, y1, s01);
      s02 = madd(x0, y2, s02);
      s03 = madd(x0, y3, s03);
      if (R > 1) {
        s11 = madd(x1, y1, s11);
        s12 = madd(x1, y2, s12);
        s13 = madd(x1, y3, s13);
      }
    }
  }
  let r0 = hsum4(s00, s01, s02, s03);
  let r1 = hsum4(s10, s11, s12, s13);
  const kB = <usize>k << 2;
  for (let o = end; o < kB; o += 4) {
    // tail steps: lane q gets B row q's value (rows past Q contribute to lanes nobody stores)
    let y = f32x4.splat(load<f32>(b0 + o));
    if (Q > 1) {
      y = f32x4.replace_lane(y, 1, load<f32>(b1 + o));
      y = f32x4.replace_lane(y, 2, load<f32>(b2 + o));
      y = f32x4.replace_lane(y, 3, load<f32>(b3 + o));
    }
    r0 = madd(v128.load32_splat(a0 + o), y, r0);
    if (R > 1) r1 = madd(v128.load32_splat(a1 + o), y, r1);
  }
  if (Q == 4 && cCol == 4) {
    if (beta != 0) r0 = f32x4.add(r0, v128.load(c));
    v128.store(c, r0);
    if (R > 1) {
      if (beta != 0) r1 = f32x4.add(r1, v128.load(c + cRow));
      v128.store(c + cRow, r1);
    }
    return;
  }
  storeLanes(r0, Q, c, cCol, beta);
  if (R > 1) storeLanes(r1, Q, c + cRow, cCol, beta);
}

/** Stores the first q lanes of v at c, c + step, ... (adding to what is there when beta != 0). */
@inline function storeLanes(v: v128, q: i32, c: usize, step: usize, beta: i32): void {
  let x = f32x4.extract_lane(v, 0);
  store<f32>(c, beta != 0 ? load<f32>(c) + x : x);
  if (q > 1) { x = f32x4.extract_lane(v, 1); store<f32>(c + step, beta != 0 ? load<f32>(c + step) + x : x); }
  if (q > 2) { x = f32x4.extract_lane(v, 2); store<f32>(c + step * 2, beta != 0 ? load<f32>(c + step * 2) + x : x); }
  if (q > 3) { x = f32x4.extract_lane(v, 3); store<f32>(c + step * 3, beta != 0 ? load<f32>(c + step * 3) + x : x); }
}

function dot2x4(k: i32, a0: usize, ldaB: usize, b0: usize, ldbB: usize, c: usize, cRow: usize, cCol: usize, beta: i32): void {
  dotBody(2, 4, k, a0, ldaB, b0, ldbB, c, cRow, cCol, beta);
}
function dot1x4(k: i32, a0: usize, ldaB: usize, b0: usize, ldbB: usize, c: usize, cRow: usize, cCol: usize, beta: i32): void {
  dotBody(1, 4, k, a0, ldaB, b0, ldbB, c, cRow, cCol, beta);
}
function dot2x1(k: i32, a0: usize, ldaB: usize, b0: usize, ldbB: usize, c: usize, cRow: usize, cCol: usize, beta: i32): void {
  dotBody(2, 1, k, a0, ldaB, b0, ldbB, c, cRow, cCol, beta);
}
function dot1x1(k: i32, a0: usize, ldaB: usize, b0: usize, ldbB: usize, c: usize, cRow: usize, cCol: usize, beta: i32): void {
  dotBody(1, 1, k, a0, ldaB, b0, ldbB, c, cRow, cCol, beta);
}

/** C (m x n, element (i,j) at c + i*cRow + j*cCol) = A·B^T with A m x k (rows ldaB apart), B n x k. */
function dotNT(m: i32, n: i32, k: i32, a: usize, ldaB: usize, b: usize, ldbB: usize, c: usize, cRow: usize, cCol: usize, beta: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < m; i += 2) {
    const ai = a + <usize>i * ldaB, ci = c + <usize>i * cRow;
    if (i + 1 < m) {
      for (let j = 0; j < n4; j += 4) dot2x4(k, ai, ldaB, b + <usize>j * ldbB, ldbB, ci + <usize>j * cCol, cRow, cCol, beta);
      for (let j = n4; j < n; j++) dot2x1(k, ai, ldaB, b + <usize>j * ldbB, ldbB, ci + <usize>j * cCol, cRow, cCol, beta);
    } else {
      for (let j = 0; j < n4; j += 4) dot1x4(k, ai, ldaB, b + <usize>j * ldbB, ldbB, ci + <usize>j * cCol, cRow, cCol, beta);
      for (let j = n4; j < n; j++) dot1x1(k, ai, ldaB, b + <usize>j * ldbB, ldbB, ci + <usize>j * cCol, cRow, cCol, beta);
    }
  }
}

/** dst (cols x rows, row stride rows*4) = transpose of src (rows x cols, row stride ldB bytes). */
function transposeInto(src: usize, ldB: usize, rows: i32, cols: i32, dst: usize): void {
  const dRow = <usize>rows << 2;
  const rows4 = rows & ~3, cols4 = cols & ~3;
  for (let p = 0; p < rows4; p += 4) {
    const s0 = src + <usize>p * ldB, s1 = s0 + ldB, s2 = s1 + ldB, s3 = s2 + ldB;
    const d = dst + (<usize>p << 2);
    for (let r = 0; r < cols4; r += 4) {
      const o = <usize>r << 2;
      storeTransposed4(v128.load(s0 + o), v128.load(s1 + o), v128.load(s2 + o), v128.load(s3 + o), d + <usize>r * dRow, dRow, 4, 0);
    }
    for (let r = cols4; r < cols; r++) {
      const o = <usize>r << 2, dr = d + <usize>r * dRow;
      store<f32>(dr, load<f32>(s0 + o)); store<f32>(dr, load<f32>(s1 + o), 4);
      store<f32>(dr, load<f32>(s2 + o), 8); store<f32>(dr, load<f32>(s3 + o), 12);
    }
  }
  for (let p = rows4; p < rows; p++) {
    const s = src + <usize>p * ldB, d = dst + (<usize>p << 2);
    for (let r = 0; r < cols; r++) store<f32>(d + <usize>r * dRow, load<f32>(s + (<usize>r << 2)));
  }
}

/**
 * The dot-product path for a product with few rows (or few columns, run as C^T): the many-side operand
 * must be read along k in place (op(B) columns when m is small: B transposed; op(A) rows when n is
 * small: A not transposed). The few-side operand is used in place when it too runs along k, else
 * copied into `pack` as rows of k floats (at most DOT_MAX_M x k). Returns false when it does not apply.
 */
function dotPath(
  m: i32, n: i32, k: i32, a: usize, lda: i32, transA: i32, b: usize, ldb: i32, transB: i32,
  c: usize, ldcB: usize, accumulate: i32, pack: usize,
): bool {
  const ldaB = <usize>lda << 2, ldbB = <usize>ldb << 2;
  const rowsFromA = m <= n;
  if (rowsFromA ? transB == 0 : transA != 0) return false; // many-side not contiguous along k
  const few = rowsFromA ? m : n;
  let x = rowsFromA ? a : b, xRow = rowsFromA ? ldaB : ldbB;
  if (rowsFromA ? transA != 0 : transB == 0) {
    // few-side stored k x few (element (r,p) at src[p*ld + r]): copy it out as `few` rows of k
    if (<usize>few * <usize>k * 4 > PB_BYTES + PA_BYTES) return false;
    transposeInto(x, xRow, k, few, pack);
    x = pack;
    xRow = <usize>k << 2;
  }
  if (rowsFromA) dotNT(m, n, k, x, xRow, b, ldbB, c, ldcB, 4, accumulate);
  else dotNT(n, m, k, x, xRow, a, ldaB, c, 4, ldcB, accumulate);
  return true;
}

// ---------------------------------------------------------------- driver

/** Splits `total` into equal blocks of at most `max`, each a multiple of `unit`: no tiny last block. */
@inline function blockSize(total: i32, max: i32, unit: i32): i32 {
  const count = (total + max - 1) / max;
  const size = (total + count - 1) / count;
  return (size + unit - 1) / unit * unit;
}

/**
 * Relative cost of a product with m rows and n columns per step of k: full 4-row strips at 29
 * instructions per 8 columns, edge strips at the instruction counts of the 1x8..3x8 kernels,
 * times the 8-column panels (the last one zero-padded).
 */
@inline function tileCost(m: i32, n: i32): i32 {
  const edge = m & 3;
  const strip = (m >> 2) * 29 + (edge == 0 ? 0 : edge == 1 ? 13 : edge == 2 ? 19 : 24);
  return strip * ((n + 7) >> 3);
}

export function gemm_f32(
  m: i32, n: i32, k: i32, a: usize, lda: i32, transA: i32, b: usize, ldb: i32, transB: i32,
  c: usize, ldc: i32, accumulate: i32, pack: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const ldcB = <usize>ldc << 2;
  if (k <= 0) {
    if (accumulate == 0) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcB, 0, <usize>n << 2);
    return;
  }
  if (min(m, n) <= DOT_MAX_M && dotPath(m, n, k, a, lda, transA, b, ldb, transB, c, ldcB, accumulate, pack)) return;
  if (tileCost(n, m) < tileCost(m, n)) {
    // C^T = op(B)^T · op(A)^T: op(B)^T as the left operand is B with the transpose flag flipped
    blocked(n, m, k, b, ldb, transB ^ 1, a, lda, transA ^ 1, c, ldcB, 1, accumulate, pack);
  } else {
    blocked(m, n, k, a, lda, transA, b, ldb, transB, c, ldcB, 0, accumulate, pack);
  }
}

function blocked(
  m: i32, n: i32, k: i32, a: usize, lda: i32, transA: i32, b: usize, ldb: i32, transB: i32,
  c: usize, ldcB: usize, transC: i32, accumulate: i32, pack: usize,
): void {
  const pa = pack, pb = pack + PA_BYTES, tile = pb + PB_BYTES;
  const kcb = blockSize(k, KC, 1), ncb = blockSize(n, NC, NR);
  const directB = transB == 0 && m <= DIRECT_B_MAX_M;
  const ldbB = <usize>ldb << 2;
  // moving one row of the product: one row of C, or one column of C when stored transposed
  const cRow: usize = transC != 0 ? 4 : ldcB, cCol: usize = transC != 0 ? ldcB : 4;
  for (let jc = 0; jc < n; jc += ncb) {
    const nc = min(ncb, n - jc);
    const full = nc & ~(NR - 1); // columns in complete 8-wide panels
    for (let pc = 0; pc < k; pc += kcb) {
      const kc = min(kcb, k - pc);
      const beta = pc == 0 ? accumulate : 1;
      const panelB = <usize>kc << 5;
      let tailB = pb; // where the packed panel holding column `full` starts
      if (!directB) packB(kc, nc, b, ldb, transB, pc, jc, pb);
      else if (full < nc) packB(kc, nc - full, b, ldb, transB, pc, jc + full, pb);
      if (!directB) tailB = pb + <usize>(full >> 3) * panelB;
      for (let ir = 0; ir < m; ir += MR) {
        const rows = min(MR, m - ir);
        packA(rows, kc, a, lda, transA, ir, pc, pa);
        const cStrip = c + <usize>ir * cRow + <usize>jc * cCol;
        // complete panels: in place (directB) or packed; row-major C takes them straight
        let bp = directB ? b + <usize>pc * ldbB + (<usize>jc << 2) : pb;
        const bStep: usize = directB ? ldbB : 32, bNext: usize = directB ? 32 : panelB;
        if (transC == 0) {
          if (full > 0) micro(rows, full >> 3, kc, pa, bp, bStep, bNext, cStrip, ldcB, beta);
        } else {
          for (let jr = 0; jr < full; jr += NR) {
            micro(rows, 1, kc, pa, bp, bStep, 0, tile, NR * 4, 0);
            storeTile(tile, rows, NR, cStrip + <usize>jr * cCol, ldcB, transC, beta);
            bp += bNext;
          }
        }
        if (full < nc) {
          micro(rows, 1, kc, pa, tailB, 32, 0, tile, NR * 4, 0);
          storeTile(tile, rows, nc - full, cStrip + <usize>full * cCol, ldcB, transC, beta);
        }
      }
    }
  }
}

/** The oracle: a plain triple loop with the same contract as gemm_f32 (no `pack` use). */
export function gemm_f32_scalar(
  m: i32, n: i32, k: i32, a: usize, lda: i32, transA: i32, b: usize, ldb: i32, transB: i32,
  c: usize, ldc: i32, accumulate: i32, pack: usize,
): void {
  const ai: usize = transA != 0 ? 4 : <usize>lda << 2, ap: usize = transA != 0 ? <usize>lda << 2 : 4;
  const bp: usize = transB != 0 ? 4 : <usize>ldb << 2, bj: usize = transB != 0 ? <usize>ldb << 2 : 4;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) s += load<f32>(a + <usize>i * ai + <usize>p * ap) * load<f32>(b + <usize>p * bp + <usize>j * bj);
      const at = c + ((<usize>i * <usize>ldc + <usize>j) << 2);
      store<f32>(at, accumulate != 0 ? load<f32>(at) + s : s);
    }
  }
}

// ---------------------------------------------------------------- peak probe

// Two (b0, b1) operand pairs the peak loop alternates between, so no product is loop-invariant;
// 64-byte aligned so that `p ^= 32` alternates between them.
const PEAK_DATA = memory.data<f32>([
  1.0, 0.5, 0.25, 0.125, -1.0, -0.5, -0.25, -0.125,
  0.75, -0.5, 0.375, -0.25, 2.0, -1.0, 1.5, -0.5,
], 64);

/**
 * The f32x4 multiply-add ceiling on this engine: 8 independent accumulators, each a mul+add per
 * step, fed by two loads a step like the GEMM micro-kernel (bench/gemm-probe.mjs quotes it as
 * 64 flops per step). Returns a lane sum so the work is observable.
 * Written for the fewest instructions around the 16 FP ops (the loop is issue-bound on V8 11.3
 * too): the pointer itself alternates (`p ^= 32`), so no address add is left in the loop. An
 * earlier form with `PEAK_DATA + off` cost one instruction more a step and measured 6% lower,
 * which flattered every "% of peak" figure.
 */
export function fma_peak_f32(iters: i32): f32 {
  // loaded, not constants: V8 rematerialises a v128 constant inside the loop (3 extra instructions)
  const x0 = v128.load32_splat(PEAK_DATA), x1 = v128.load32_splat(PEAK_DATA, 4);
  const x2 = v128.load32_splat(PEAK_DATA, 8), x3 = v128.load32_splat(PEAK_DATA, 12);
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let p = PEAK_DATA;
  for (let i = iters; i > 0; i--) {
    const b0 = v128.load(p);
    const b1 = v128.load(p, 16);
    p ^= 32;
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    c20 = madd(x2, b0, c20);
    c21 = madd(x2, b1, c21);
    c30 = madd(x3, b0, c30);
    c31 = madd(x3, b1, c31);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
