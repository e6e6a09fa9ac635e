// numpy broadcasting: the output shape of two operands, their element strides over it (0 on a
// broadcast axis), and collapsing of adjacent axes that are contiguous for every operand, so the
// kernels see as few (and as long) axes as possible.
import { ShapeError, i32, scratchView } from '../../wasm';
import type { Shape } from '../ndarray';

export function fmtShape(shape: Shape): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i - n}: ${da} vs ${db}); each dimension must match or be 1`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides of a C-contiguous `shape` viewed as `out` (right-aligned), 0 where broadcast. */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = out.length - shape.length + i;
    strides[j] = shape[i] === 1 && out[j] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Merges axis i into axis i+1 wherever every operand steps contiguously across the pair, and
 * drops size-1 axes. Returns at least one axis.
 */
export function collapse(shape: Shape, strideSets: number[][]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strideSets.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strideSets.every((s, k) => outStrides[k][last] === s[i] * shape[i])) {
      outShape[last] *= shape[i];
      strideSets.forEach((s, k) => (outStrides[k][last] = s[i]));
    } else {
      outShape.push(shape[i]);
      strideSets.forEach((s, k) => outStrides[k].push(s[i]));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    strideSets.forEach((_, k) => outStrides[k].push(1));
  }
  return { shape: outShape, strides: outStrides };
}

// The meta block (shape, strides, kernel counters) is written before every broadcasting kernel
// call; its view is cached and remade only when memory grew (growth detaches the old buffer).
const MAX_AXES = 32;
const META_WORDS = MAX_AXES * 8; // shape + counters + up to 6 operands' strides per axis
const metaWords = scratchView('meta', META_WORDS, i32);

/**
 * Writes [shape, strides...] plus room for the kernels' per-axis counters into the meta block
 * and returns its address. Valid until the next writeMeta call.
 */
export function writeMeta(shape: number[], strides: number[][]): number {
  const nd = shape.length;
  // unreachable for real arrays (33 axes of size >= 2 are 2^33 elements), kept so a kernel can
  // never read metadata past its block
  if (nd > MAX_AXES || nd * (strides.length + 2) > META_WORDS) throw new ShapeError(`an array of ${nd} dimensions exceeds the ${MAX_AXES} the kernels handle`);
  const view = metaWords();
  view.set(shape, 0);
  strides.forEach((s, k) => view.set(s, nd * (k + 1)));
  return view.byteOffset;
}

/** One flat axis of n elements with the operands' strides (1, or 0 for a scalar): no arrays made. */
export function writeFlatMeta(n: number, strideA: number, strideB: number): number {
  const view = metaWords();
  view[0] = n;
  view[1] = strideA;
  view[2] = strideB;
  return view.byteOffset;
}
