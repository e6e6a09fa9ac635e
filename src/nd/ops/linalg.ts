// dot and batchDot on the packed SIMD GEMM (assembly/gemm.ts). Transposed operands are passed to
// the kernel as flags: its packing routine reads them in place, nothing is transposed in memory.
import { ShapeError, runParallel, scratch, threadCount, wasm } from '../../wasm';
import { NDArray, sizeOf, checkArray } from '../ndarray';
import { argsToOptions } from '../options';
import { record, state } from '../autograd';
import { fmtShape } from './broadcast';
import { reshape } from './shape';

export interface DotOptions { transposeA?: boolean; transposeB?: boolean }

// The GEMM's packing scratch: fixed size, allocated once (looked up on every call otherwise).
let packBlock = 0;

/** C (m x n) = op(A) op(B) on raw 2-D layouts; A stored (m,k) or (k,m) if ta, B (k,n) or (n,k) if tb. */
export function gemm(a: NDArray, ta: boolean, b: NDArray, tb: boolean, m: number, n: number, k: number, c: NDArray, accumulate = false, aOffset = 0, bOffset = 0, cOffset = 0): void {
  gemmPtr(m, n, k, a._ptr + aOffset * 4, ta ? m : k, ta, b._ptr + bOffset * 4, tb ? k : n, tb, c._ptr + cOffset * 4, n, accumulate);
}

/**
 * C = op(A)·op(B), or C += with accumulate, on raw pointers with leading dimensions in elements:
 * the one place JS calls the GEMM kernel (dot, batchDot, fullyConnected, conv2d), so every
 * product gets the cached packing scratch and, with ready({ threads }), the thread split.
 */
export function gemmPtr(m: number, n: number, k: number, pa: number, lda: number, ta: boolean, pb: number, ldb: number, tb: boolean, pc: number, ldc: number, accumulate = false): void {
  if (m === 0 || n === 0) return;
  const kernels = wasm();
  const pack = packBlock || (packBlock = scratch('gemm', kernels.gemm_f32_scratch_bytes()));
  const threads = threadCount();
  if (threads > 1 && m * n * k >= PARALLEL_MIN_MACS && Math.min(m, n) > kernels.gemm_f32_dot_max_rows()) {
    runSplit([m, n, k, pa, lda, ta ? 1 : 0, pb, ldb, tb ? 1 : 0, pc, ldc, accumulate ? 1 : 0, pack], threads);
  } else {
    kernels.gemm_f32(m, n, k, pa, lda, ta ? 1 : 0, pb, ldb, tb ? 1 : 0, pc, ldc, accumulate ? 1 : 0, pack);
  }
}

// Worker threads (ready({ threads })) take products of at least this many multiply-adds: below
// it the wake-up costs more than the split saves. Each part must stay above the kernel's
// dot-product threshold (gemm_f32_dot_max_rows) so it runs the same blocked path, in the same
// summation order, as the whole product: threaded results are bit-identical.
const PARALLEL_MIN_MACS = 1 << 22;

/** Splits C's longer side into `threads` parts (multiples of 8) and runs them in parallel. */
function runSplit(args: number[], threads: number): void {
  const [m, n, k, a, lda, ta, b, ldb, tb, c, ldc, acc] = args;
  const alongRows = m >= n;
  const extent = alongRows ? m : n;
  const parts = Math.min(threads, Math.floor(extent / (2 * wasm().gemm_f32_dot_max_rows())));
  if (parts < 2) return void wasm().gemm_f32(...args);
  const step = Math.ceil(extent / parts / 8) * 8;
  const jobs: number[][] = [];
  for (let start = 0, t = 0; start < extent; start += step, t++) {
    const size = Math.min(step, extent - start);
    const pack = t === 0 ? args[12] : (packBlocks[t] ||= scratch(`gemm${t}`, wasm().gemm_f32_scratch_bytes()));
    if (alongRows) {
      // rows [start, start+size) of C: rows of A (columns when A is stored transposed)
      const aPart = a + (ta ? start : start * lda) * 4;
      jobs.push([size, n, k, aPart, lda, ta, b, ldb, tb, c + start * ldc * 4, ldc, acc, pack]);
    } else {
      // columns [start, start+size) of C: columns of B (rows when B is stored transposed)
      const bPart = b + (tb ? start * ldb : start) * 4;
      jobs.push([m, size, k, a, lda, ta, bPart, ldb, tb, c + start * 4, ldc, acc, pack]);
    }
  }
  runParallel('gemm_f32', jobs, (here) => wasm().gemm_f32(...here));
}
const packBlocks: number[] = [];

/**
 * MXNet's dot: contracts the last axis of a with the first axis of b (with transposeA the first
 * axis of a, with transposeB the last axis of b). 1-D · 1-D gives shape (1,).
 */
/** MXNet's dot(lhs, rhs, transpose_a, transpose_b): positionally or as { transposeA, transposeB }. */
export type DotArgs = [transposeA?: boolean | DotOptions, transposeB?: boolean | DotOptions];
const dotOptions = (op: string, args: readonly unknown[]) => (args.length === 0 ? {} : argsToOptions<DotOptions>(op, args, ['transposeA', 'transposeB']));

export function dot(a: NDArray, b: NDArray, ...args: DotArgs): NDArray {
  const options = dotOptions('dot', args);
  checkArray('dot', a, 'a');
  checkArray('dot', b, 'b');
  const ta = !!options.transposeA, tb = !!options.transposeB;
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`dot: operands need at least one dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const ka = ta ? a.shape[0] : a.shape[a.ndim - 1];
  const kb = tb ? b.shape[b.ndim - 1] : b.shape[0];
  if (ka !== kb) {
    throw new ShapeError(`dot: shapes ${fmtShape(a.shape)}${ta ? '^T' : ''} and ${fmtShape(b.shape)}${tb ? '^T' : ''} are not aligned: ${ka} (axis ${ta ? 0 : a.ndim - 1} of a) != ${kb} (axis ${tb ? b.ndim - 1 : 0} of b)`);
  }
  const lead = ta ? a.shape.slice(1) : a.shape.slice(0, -1);
  const trail = tb ? b.shape.slice(0, -1) : b.shape.slice(1);
  const m = sizeOf(lead), n = sizeOf(trail), k = ka;
  let outShape = [...lead, ...trail];
  if (outShape.length === 0) outShape = [1];
  const out = NDArray._empty(outShape);
  if (k === 0) wasm().fill_f32(out._ptr, out.size, 0);
  else gemm(a, ta, b, tb, m, n, k, out);
  if (!state.recording) return out;
  return record(out, [a, b], (g) => {
    const g2 = reshape(g, [m, n]);
    const a2 = reshape(a, ta ? [k, m] : [m, k]);
    const b2 = reshape(b, tb ? [n, k] : [k, n]);
    const da = ta ? dot(b2, g2, { transposeA: tb, transposeB: true }) : dot(g2, b2, { transposeB: !tb });
    const db = tb ? dot(g2, a2, { transposeA: true, transposeB: ta }) : dot(a2, g2, { transposeA: !ta });
    return [reshape(da, a.shape), reshape(db, b.shape)];
  });
}

/** batchDot: (B, m, k) x (B, k, n) → (B, m, n), with per-batch transposes. */
export function batchDot(a: NDArray, b: NDArray, ...args: DotArgs): NDArray {
  const options = dotOptions('batchDot', args);
  checkArray('batchDot', a, 'a');
  checkArray('batchDot', b, 'b');
  const ta = !!options.transposeA, tb = !!options.transposeB;
  if (a.ndim !== 3 || b.ndim !== 3 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`batchDot: expected two 3-D arrays with the same batch size, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const batch = a.shape[0];
  const [m, k] = ta ? [a.shape[2], a.shape[1]] : [a.shape[1], a.shape[2]];
  const [kb, n] = tb ? [b.shape[2], b.shape[1]] : [b.shape[1], b.shape[2]];
  if (k !== kb) throw new ShapeError(`batchDot: shapes ${fmtShape(a.shape)}${ta ? '^T' : ''} and ${fmtShape(b.shape)}${tb ? '^T' : ''} are not aligned: ${k} != ${kb}`);
  const out = NDArray._empty([batch, m, n]);
  if (k === 0) wasm().fill_f32(out._ptr, out.size, 0);
  else for (let i = 0; i < batch; i++) gemm(a, ta, b, tb, m, n, k, out, false, i * m * k, i * k * n, i * m * n);
  if (!state.recording) return out;
  return record(out, [a, b], (g) => {
    const da = ta ? batchDot(b, g, { transposeA: tb, transposeB: true }) : batchDot(g, b, { transposeB: !tb });
    const db = tb ? batchDot(g, a, { transposeA: true, transposeB: ta }) : batchDot(a, g, { transposeA: !ta });
    return [da, db];
  });
}
