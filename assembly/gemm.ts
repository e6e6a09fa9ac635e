// GEMM: C = op(A)·op(B) (or C += when accumulate != 0), all f32, row-major C.
// GotoBLAS/BLIS structure: cache blocks of KC x NC of B and MC x KC of A are packed into
// NR-column / MR-row micro-panels (zero-padded at the edges, so the micro-kernel only runs full
// tiles); transposed operands are handled by the packing routines alone, never materialised.
// Micro-kernel: 4x8 tile in 8 f32x4 accumulators (XNNPACK f32-gemm 4x8 wasmsimd "loadsplat"
// shape). Measured in V8 11.3: 5x8 and 6x8 spill accumulators to the stack and run slower.
// No relaxed SIMD (no FMA): the default build gives the same bits everywhere.

const MR = 4;
const NR = 8;
const KC = 256; // A micro-panel 4xKC (4 KiB) and B micro-panel KCx8 (8 KiB) stay in L1
const MC = 128; // packed A block MCxKC = 128 KiB sits in L2
const NC = 1024; // packed B block KCxNC = 1 MiB

const PA_BYTES: usize = MC * KC * 16; // A is stored pre-broadcast (4 lanes a value)
const PB_BYTES: usize = KC * NC * 4;
const TILE_BYTES: usize = MR * NR * 4;

/** Bytes of the scratch block `pack` that gemm_f32 needs (the caller provides it, 16-byte aligned). */
export function gemm_f32_scratch_bytes(): i32 {
  return <i32>(PA_BYTES + PB_BYTES + TILE_BYTES);
}

// ---------------------------------------------------------------- packing

/**
 * Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into ceil(mc/4) micro-panels of kc steps x 4 rows, each
 * value broadcast to 4 lanes (64 bytes a step; see micro4x8). Rows past mc are zero.
 */
function packA(mc: i32, kc: i32, a: usize, lda: i32, transA: i32, i0: i32, p0: i32, dst: usize): void {
  const ldaB = <usize>lda << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const i = <usize>(i0 + ir);
    if (rows < MR) {
      // edge panel: zero rows past mc
      const aRow: usize = transA != 0 ? 4 : ldaB, aCol: usize = transA != 0 ? ldaB : 4;
      const s0 = a + i * aRow + <usize>p0 * aCol;
      for (let p = 0; p < kc; p++) {
        const s = s0 + <usize>p * aCol;
        for (let r = 0; r < MR; r++) {
          const v = r < rows ? v128.load32_splat(s + <usize>r * aRow) : f32x4.splat(0);
          v128.store(dst + (<usize>r << 4), v);
        }
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
        src += ldaB; dst += 64;
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
          let r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
          let t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
          let t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
          v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
          v128.store(dst, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 32);
          v128.store(dst, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 64);
          v128.store(dst, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 96);
          r0 = v128.load(s4 + o); r1 = v128.load(s5 + o); r2 = v128.load(s6 + o); r3 = v128.load(s7 + o);
          t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
          t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
          v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5), 16);
          v128.store(dst, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 48);
          v128.store(dst, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 80);
          v128.store(dst, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 112);
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

// ---------------------------------------------------------------- micro-kernel

/**
 * c[0..4, 0..8] (row stride ldcB bytes) = (beta ? c : 0) + pa·pb over kc steps, where pa is a
 * packed 4-row micro-panel, pre-broadcast (64 bytes a step: each A value as 4 lanes) and pb a packed
 * 8-column micro-panel (32 bytes a step). Pre-broadcasting A in the packing, rather than
 * v128.load32_splat here, matters in V8 11.3: a load_splat with an immediate offset costs an extra
 * lea, while v128.load folds the offset; the loop is front-end bound, so every instruction counts.
 * Unrolled 4x (the loop control and the stack check are paid once per 4 steps).
 */
function micro4x8(kc: i32, pa: usize, pb: usize, c: usize, ldcB: usize, beta: i32): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let p = kc;
  for (; p > 0; p--) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load(pa, 16);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load(pa, 32);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load(pa, 48);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 64;
    pb += 32;
  }
  const c1 = c + ldcB, c2 = c1 + ldcB, c3 = c2 + ldcB;
  if (beta != 0) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1)); c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2)); c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3)); c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

// ---------------------------------------------------------------- driver

/** Splits `total` into equal blocks of at most `max`, each a multiple of `unit`: no tiny last block. */
@inline function blockSize(total: i32, max: i32, unit: i32): i32 {
  const count = (total + max - 1) / max;
  const size = (total + count - 1) / count;
  return (size + unit - 1) / unit * unit;
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
  const pa = pack, pb = pack + PA_BYTES, tile = pb + PB_BYTES;
  const kcb = blockSize(k, KC, 1), mcb = blockSize(m, MC, MR), ncb = blockSize(n, NC, NR);
  for (let jc = 0; jc < n; jc += ncb) {
    const nc = min(ncb, n - jc);
    for (let pc = 0; pc < k; pc += kcb) {
      const kc = min(kcb, k - pc);
      const beta = pc == 0 ? accumulate : 1;
      packB(kc, nc, b, ldb, transB, pc, jc, pb);
      const panelA = <usize>kc << 6, panelB = <usize>kc << 5;
      for (let ir = 0; ir < m; ir += MR) {
        const mr = min(MR, m - ir);
        packA(mr, kc, a, lda, transA, ir, pc, pa);
        let cp = c + <usize>ir * ldcB + (<usize>jc << 2);
        let bp = pb;
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          if (mr == MR && nr == NR) {
            micro4x8(kc, pa, bp, cp, ldcB, beta);
          } else {
            micro4x8(kc, pa, bp, tile, NR * 4, 0);
            for (let r = 0; r < mr; r++) {
              const row = cp + <usize>r * ldcB, t = tile + <usize>(r * NR * 4);
              if (beta != 0) for (let q = 0; q < nr; q++) store<f32>(row + (<usize>q << 2), load<f32>(row + (<usize>q << 2)) + load<f32>(t + (<usize>q << 2)));
              else for (let q = 0; q < nr; q++) store<f32>(row + (<usize>q << 2), load<f32>(t + (<usize>q << 2)));
            }
          }
          bp += panelB;
          cp += NR * 4;
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

// Two pairs of 16-byte operands the peak loop alternates between, so no product is loop-invariant.
const PEAK_DATA = memory.data<f32>([
  1.0, 0.5, 0.25, 0.125, -1.0, -0.5, -0.25, -0.125,
  0.75, -0.75, 0.375, -0.375, 2.0, -2.0, 1.5, -1.5,
]);

/**
 * The f32x4 multiply-add ceiling on this engine: 8 independent accumulators, each a mul+add per
 * step, fed by two loads a step like the GEMM micro-kernel (bench/gemm-probe.mjs quotes it as
 * 64 flops per step). Returns a lane sum so the work is observable.
 */
export function fma_peak_f32(iters: i32): f32 {
  // loaded, not constants: V8 rematerialises a v128 constant inside the loop (3 extra instructions)
  const x0 = v128.load32_splat(PEAK_DATA), x1 = v128.load32_splat(PEAK_DATA, 4);
  const x2 = v128.load32_splat(PEAK_DATA, 8), x3 = v128.load32_splat(PEAK_DATA, 12);
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let off: usize = 0;
  for (let i = iters; i > 0; i--) {
    const b0 = v128.load(PEAK_DATA + off);
    const b1 = v128.load(PEAK_DATA + off, 16);
    off ^= 32;
    c00 = f32x4.add(c00, f32x4.mul(x0, b0));
    c01 = f32x4.add(c01, f32x4.mul(x0, b1));
    c10 = f32x4.add(c10, f32x4.mul(x1, b0));
    c11 = f32x4.add(c11, f32x4.mul(x1, b1));
    c20 = f32x4.add(c20, f32x4.mul(x2, b0));
    c21 = f32x4.add(c21, f32x4.mul(x2, b1));
    c30 = f32x4.add(c30, f32x4.mul(x3, b0));
    c31 = f32x4.add(c31, f32x4.mul(x3, b1));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
