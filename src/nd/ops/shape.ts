// Shape ops. Reshape-like ops (reshape, flatten, expandDims, squeeze) and leading contiguous
// slices are views sharing storage; everything else is one strided copy (copy_strided_f32).
// Each records its gradient, which is the inverse movement (a sum where values were repeated).
import { ShapeError, ValueError, wasm } from '../../wasm';
import { NDArray, sizeOf, type Shape, checkArray, describeValue } from '../ndarray';
import { argsToOptions } from '../options';
import { record, state } from '../autograd';
import { broadcastShapes, broadcastStrides, collapse, contiguousStrides, fmtShape, writeMeta } from './broadcast';
import { normalizeAxis, sum, sumTo } from './reduce';
import { checkBroadcastsTo, full } from './elementwise';

/** Accepts reshape(2, 3), reshape([2, 3]) and reshape([2], 3) alike. */
export function flattenShapeArgs(args: readonly (number | readonly number[] | { shape: number | readonly number[] })[]): number[] {
  // x.reshape(2, 3), x.reshape([2, 3]) or MXNet's keyword form x.reshape({ shape: [2, 3] })
  const only = args.length === 1 ? args[0] : undefined;
  if (only !== undefined && typeof only === 'object' && !Array.isArray(only)) {
    return flattenShapeArgs([argsToOptions<{ shape: number | readonly number[] }>('reshape', [only], ['shape']).shape]);
  }
  return args.flatMap((a) => {
    if (typeof a === 'number') return [a];
    if (Array.isArray(a)) return [...a];
    throw new ValueError(`reshape: the shape must be numbers or a list of numbers, got ${describeValue(a)}`);
  });
}

function checkShape(op: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} must hold non-negative integers`);
  }
}

/** MXNet's reshape codes: 0 copies a dim, -1 infers one, -2 copies the rest, -3 merges two, -4 splits one. */
export function inferReshape(op: string, from: Shape, spec: readonly number[]): number[] {
  const out: number[] = [];
  let src = 0;
  let infer = -1;
  const fail = (why: string): never => {
    throw new ShapeError(`${op}: cannot reshape array of shape ${fmtShape(from)} into ${fmtShape(spec)}: ${why}`);
  };
  for (let i = 0; i < spec.length; i++) {
    const s = spec[i];
    if (!Number.isInteger(s)) fail(`${s} is not an integer`);
    if (s > 0) { out.push(s); src++; }
    else if (s === 0) { if (src >= from.length) fail('0 refers past the last input dimension'); out.push(from[src++]); }
    else if (s === -1) { if (infer >= 0) fail('more than one -1'); infer = out.length; out.push(1); src++; }
    else if (s === -2) { while (src < from.length) out.push(from[src++]); }
    else if (s === -3) { if (src + 1 >= from.length) fail('-3 needs two input dimensions'); out.push(from[src] * from[src + 1]); src += 2; }
    else if (s === -4) {
      if (src >= from.length || i + 2 >= spec.length) fail('-4 needs an input dimension and two following codes');
      const d = from[src++];
      let a = spec[++i], b = spec[++i];
      if (a === -1) a = d / b;
      if (b === -1) b = d / a;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a * b !== d) fail(`-4 cannot split ${d} into ${spec[i - 1]} x ${spec[i]}`);
      out.push(a, b);
    } else fail(`unknown code ${s}`);
  }
  const total = sizeOf(from);
  if (infer >= 0) {
    const rest = sizeOf(out) ; // includes the placeholder 1
    if (rest === 0 || total % rest !== 0) fail('the size is not divisible');
    out[infer] = total / rest;
  }
  if (sizeOf(out) !== total) fail(`sizes differ (${total} vs ${sizeOf(out)})`);
  return out;
}

function view(op: string, x: NDArray, shape: number[]): NDArray {
  checkArray(op, x, 'x');
  const out = x._view(shape);
  if (!state.recording) return out;
  return record(out, [x], (g) => [reshape(g, x.shape)]);
}

export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  return view('reshape', x, inferReshape('reshape', x.shape, shape));
}

/** (N, d1, d2, ...) → (N, d1*d2*...); 1-D stays (N, 1) as MXNet's Flatten. */
export function flatten(x: NDArray): NDArray {
  if (x.ndim === 0) throw new ShapeError('flatten: needs an array with at least one dimension');
  return view('flatten', x, [x.shape[0], x.ndim === 1 ? 1 : sizeOf(x.shape.slice(1))]);
}

export function expandDims(x: NDArray, ...args: [axis: number | { axis: number }]): NDArray {
  const axis = argsToOptions<{ axis?: number }>('expandDims', args, ['axis']).axis;
  if (axis === undefined) throw new ValueError('expandDims: an axis is required');
  const at = normalizeAxis('expandDims', axis, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(at, 0, 1);
  return view('expandDims', x, shape);
}

export function squeeze(x: NDArray, ...args: [axis?: number | readonly number[] | null | { axis?: number | readonly number[] }]): NDArray {
  const axis = argsToOptions<{ axis?: number | readonly number[] }>('squeeze', args, ['axis']).axis;
  let axes: number[];
  if (axis === undefined) axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    axes = (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeAxis('squeeze', a, x.ndim));
    for (const a of axes) if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${fmtShape(x.shape)} has size ${x.shape[a]}, expected 1`);
  }
  let shape = x.shape.filter((_, i) => !axes.includes(i));
  if (shape.length === 0) shape = [1]; // MXNet legacy arrays keep at least one dimension
  return view('squeeze', x, shape);
}

/** One strided copy: out[i...] = src[offset + sum(i_k * strides_k)]. */
function stridedCopy(src: NDArray, elementOffset: number, srcStrides: number[], outShape: number[]): NDArray {
  const out = NDArray._empty(outShape);
  if (out.size === 0) return out;
  const { shape, strides } = collapse(outShape, [srcStrides, contiguousStrides(outShape)]);
  const meta = writeMeta(shape, strides);
  wasm().copy_strided_f32(src._ptr + elementOffset * 4, out._ptr, shape.length, meta, 0);
  return out;
}

/** dst[offset + strided region] (+)= src, for slice/concat gradients and concat's forward. */
function stridedWrite(src: NDArray, dst: NDArray, elementOffset: number, dstStrides: number[], accumulate: boolean): void {
  if (src.size === 0) return;
  const { shape, strides } = collapse(src.shape, [contiguousStrides(src.shape), dstStrides]);
  const meta = writeMeta(shape, strides);
  wasm().copy_strided_f32(src._ptr, dst._ptr + elementOffset * 4, shape.length, meta, accumulate ? 1 : 0);
}

/** Permutes axes (default: reversed). `recordGrad` false is for internal temporaries. */
/**
 * MXNet's transpose(data, axes): the axes as one list, as separate numbers (x.transpose(1, 0), as
 * numpy allows), or { axes }; none reverses them.
 */
export type TransposeArgs = [options?: { axes?: readonly number[] }] | [axes?: readonly number[]] | number[];

export function transpose(x: NDArray, ...args: TransposeArgs): NDArray {
  let axes: readonly number[] | undefined;
  if (args.length > 1 || typeof args[0] === 'number') axes = args as number[];
  else axes = Array.isArray(args[0]) ? args[0] : argsToOptions<{ axes?: readonly number[] }>('transpose', args, ['axes']).axes;
  if (axes !== undefined && !Array.isArray(axes)) throw new ValueError(`transpose: axes must be a list of integers, got ${describeValue(axes)}`);
  return permute(x, axes);
}

/** transpose with a given permutation; recordGrad false for the reductions' internal copies. */
export function permute(x: NDArray, axes?: readonly number[], recordGrad = true): NDArray {
  checkArray('transpose', x, 'x');
  const perm = axes ? axes.map((a) => normalizeAxis('transpose', a, x.ndim)) : [...Array(x.ndim).keys()].reverse();
  if (perm.length !== x.ndim || new Set(perm).size !== x.ndim) {
    throw new ShapeError(`transpose: axes ${JSON.stringify(axes)} are not a permutation of the ${x.ndim} axes of shape ${fmtShape(x.shape)}`);
  }
  const strides = contiguousStrides(x.shape);
  const out = stridedCopy(x, 0, perm.map((p) => strides[p]), perm.map((p) => x.shape[p]));
  if (!recordGrad) return out;
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  if (!state.recording) return out;
  return record(out, [x], (g) => [permute(g, inverse)]);
}

export function broadcastTo(x: NDArray, to: number | readonly number[]): NDArray {
  checkArray('broadcastTo', x, 'x');
  const shape = typeof to === 'number' ? [to] : to; // a bare number is a 1-D shape (API.md)
  if (!Array.isArray(shape)) throw new ValueError(`broadcastTo: shape must be a number or a list of numbers, got ${describeValue(to)}`);
  checkShape('broadcastTo', shape);
  // MXNet: 0 in the target keeps the input's dim
  const target = shape.map((d, i) => (d === 0 ? x.shape[i - shape.length + x.ndim] ?? 0 : d));
  const out = broadcastShapes('broadcastTo', x.shape, target);
  if (out.length !== target.length || out.some((d, i) => d !== target[i])) {
    throw new ShapeError(`broadcastTo: cannot broadcast shape ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  }
  if (out.length === x.ndim && out.every((d, i) => d === x.shape[i])) return view('broadcastTo', x, out);
  const res = stridedCopy(x, 0, broadcastStrides(x.shape, out), out);
  if (!state.recording) return res;
  return record(res, [x], (g) => [sumTo(g, x.shape)]);
}

export function tile(x: NDArray, reps: number | readonly number[]): NDArray {
  checkArray('tile', x, 'x');
  const r = typeof reps === 'number' ? [reps] : [...reps];
  checkShape('tile', r);
  const n = Math.max(r.length, x.ndim);
  const xs = [...Array(n - x.ndim).fill(1), ...x.shape];
  const rs = [...Array(n - r.length).fill(1), ...r];
  // view x as (1, d0, 1, d1, ...), broadcast to (r0, d0, r1, d1, ...)
  const inter = xs.flatMap((d, i) => [rs[i], d]);
  const strides = contiguousStrides(xs).flatMap((s) => [0, s]);
  const outShape = xs.map((d, i) => d * rs[i]);
  const res = stridedCopy(x, 0, strides, inter);
  const out = res._view(outShape);
  res.dispose();
  if (!state.recording) return out;
  return record(out, [x], (g) => {
    const gi = reshape(g, inter);
    return [reshape(sum(gi, { axis: rs.map((_, i) => 2 * i) }), x.shape)];
  });
}

export function repeat(x: NDArray, repeats: number, ...args: [axis?: number | null | { axis?: number }]): NDArray {
  checkArray('repeat', x, 'x');
  const options = argsToOptions<{ axis?: number }>('repeat', args, ['axis']);
  if (!Number.isInteger(repeats) || repeats < 0) throw new ValueError(`repeat: repeats must be a non-negative integer, got ${repeats}`);
  const axis = options.axis === undefined ? 0 : normalizeAxis('repeat', options.axis, x.ndim);
  const src = options.axis === undefined ? reshape(x, [x.size]) : x;
  const inter = [...src.shape.slice(0, axis + 1), repeats, ...src.shape.slice(axis + 1)];
  const strides = contiguousStrides(src.shape);
  strides.splice(axis + 1, 0, 0);
  const outShape = src.shape.map((d, i) => (i === axis ? d * repeats : d));
  const res = stridedCopy(src, 0, strides, inter);
  const out = res._view(outShape);
  res.dispose();
  if (src !== x) src.dispose();
  if (!state.recording) return out;
  return record(out, [x], (g) => [reshape(sum(reshape(g, inter), { axis: axis + 1 }), x.shape)]);
}

interface SliceSpec { begin: number[]; step: number[]; shape: number[] }

function sliceSpec(op: string, x: NDArray, begin: readonly (number | null)[], end: readonly (number | null)[], step: readonly (number | null)[] = []): SliceSpec {
  if (begin.length !== end.length || begin.length > x.ndim || step.length > begin.length) {
    throw new ShapeError(`${op}: begin ${JSON.stringify(begin)}, end ${JSON.stringify(end)} and step ${JSON.stringify(step)} must have equal lengths of at most ${x.ndim} for shape ${fmtShape(x.shape)}`);
  }
  const spec: SliceSpec = { begin: [], step: [], shape: [] };
  for (let i = 0; i < x.ndim; i++) {
    const n = x.shape[i];
    const s = step[i] ?? 1;
    if (s === 0 || !Number.isInteger(s)) throw new ShapeError(`${op}: step on axis ${i} must be a non-zero integer, got ${s}`);
    const clampIdx = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    let b: number, e: number;
    if (s > 0) {
      b = i < begin.length && begin[i] !== null ? clampIdx(begin[i]!, 0, n) : 0;
      e = i < end.length && end[i] !== null ? clampIdx(end[i]!, 0, n) : n;
    } else {
      b = i < begin.length && begin[i] !== null ? clampIdx(begin[i]!, -1, n - 1) : n - 1;
      e = i < end.length && end[i] !== null ? clampIdx(end[i]!, -1, n - 1) : -1;
    }
    for (const v of [begin[i], end[i]]) if (v !== null && v !== undefined && !Number.isInteger(v)) throw new ShapeError(`${op}: indices must be integers, got ${v}`);
    const len = s > 0 ? Math.max(0, Math.ceil((e - b) / s)) : Math.max(0, Math.ceil((b - e) / -s));
    spec.begin.push(b);
    spec.step.push(s);
    spec.shape.push(len);
  }
  return spec;
}

function sliceBySpec(op: string, x: NDArray, spec: SliceSpec): NDArray {
  const strides = contiguousStrides(x.shape);
  const offset = spec.begin.reduce((acc, b, i) => acc + (spec.shape[i] > 0 ? b * strides[i] : 0), 0);
  // A view when the selected elements are one contiguous run: every axis of length > 1 steps by
  // exactly the size of the axes after it.
  const srcStrides = strides.map((st, i) => st * spec.step[i]);
  const contiguous = spec.shape.every((d, i) => d <= 1 || srcStrides[i] === sizeOf(spec.shape.slice(i + 1)));
  const out = contiguous ? x._view(spec.shape, offset) : stridedCopy(x, offset, srcStrides, spec.shape);
  if (!state.recording) return out;
  return record(out, [x], (g) => {
    const dx = full(x.shape, 0);
    stridedWrite(g, dx, offset, srcStrides, true);
    return [dx];
  });
}

/** MXNet's slice(begin, end, step): null means the axis' default; negative indices count from the end. */
/** slice's begin, end and step: one entry per leading axis, null for the axis' default. */
export type IndexTuple = number | readonly (number | null)[];

/** A bare integer is a 1-tuple, as mxnet::Tuple parses it: slice(x, 1, 3) is slice(x, [1], [3]). */
function indexTuple(op: string, name: string, v: unknown): readonly (number | null)[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v;
  throw new ValueError(`${op}: ${name} must be an integer or a list of integers (null: the whole axis), got ${describeValue(v)}`);
}

export function slice(x: NDArray, begin: IndexTuple, end: IndexTuple, step?: IndexTuple): NDArray {
  checkArray('slice', x, 'x');
  const spec = sliceSpec('slice', x, indexTuple('slice', 'begin', begin), indexTuple('slice', 'end', end), step === undefined ? [] : indexTuple('slice', 'step', step));
  return sliceBySpec('slice', x, spec);
}

/**
 * x[begin:end:step] = value, in place (MXNet's __setitem__ on a slice, D2L's X[:, 1:3] = 0): a
 * number, or an NDArray broadcast to the region. slice() of a non-contiguous region returns a
 * copy, so an in-place op on that copy cannot reach x: this writes the region itself. No
 * gradient is recorded, as for setData. Returns x.
 */
export function setSlice(x: NDArray, begin: IndexTuple, end: IndexTuple, value: NDArray | number, step?: IndexTuple): NDArray {
  checkArray('setSlice', x, 'x');
  const spec = sliceSpec('setSlice', x, indexTuple('setSlice', 'begin', begin), indexTuple('setSlice', 'end', end), step === undefined ? [] : indexTuple('setSlice', 'step', step));
  if (typeof value !== 'number') checkArray('setSlice', value, 'value');
  const region = spec.shape;
  if (sizeOf(region) === 0) return x;
  const strides = contiguousStrides(x.shape);
  const offset = spec.begin.reduce((acc, b, i) => acc + b * strides[i], 0);
  let src: NDArray;
  if (typeof value === 'number') src = full(region, value);
  else {
    checkBroadcastsTo('setSlice', value.shape, region);
    src = value.ndim === region.length && value.shape.every((d, i) => d === region[i]) ? value : broadcastTo(value, region);
  }
  stridedWrite(src, x, offset, strides.map((s, i) => s * spec.step[i]), false);
  if (src !== value) src.dispose();
  return x;
}

export function sliceAxis(x: NDArray, axis: number, begin: number, end: number | null): NDArray {
  checkArray('sliceAxis', x, 'x');
  for (const [name, v] of [['begin', begin], ['end', end]] as const) {
    if (!(Number.isInteger(v) || (name === 'end' && v === null))) throw new ValueError(`sliceAxis: ${name} must be an integer${name === 'end' ? ' or null (to the end of the axis)' : ''}, got ${describeValue(v)}`);
  }
  const a = normalizeAxis('sliceAxis', axis, x.ndim);
  const b = new Array<number | null>(x.ndim).fill(null);
  const e = new Array<number | null>(x.ndim).fill(null);
  b[a] = begin;
  e[a] = end;
  return sliceBySpec('sliceAxis', x, sliceSpec('sliceAxis', x, b, e));
}

/** A non-empty list of live NDArrays (concat, stack), or the op's error. */
function checkArrayList(op: string, arrays: unknown): asserts arrays is readonly NDArray[] {
  if (!Array.isArray(arrays) || arrays.length === 0) throw new ValueError(`${op}: expected a non-empty list of NDArrays, got ${describeValue(arrays)}`);
  arrays.forEach((a, i) => checkArray(op, a, `element ${i}`));
}

/** MXNet's concat: joins along `dim` (default 1, as nd.concat). */
export function concat(arrays: readonly NDArray[], ...args: [dim?: number | { dim?: number }]): NDArray {
  checkArrayList('concat', arrays);
  const options = argsToOptions<{ dim?: number }>('concat', args, ['dim']);
  const first = arrays[0];
  const dim = normalizeAxis('concat', options.dim ?? 1, first.ndim);
  for (const a of arrays) {
    if (a.ndim !== first.ndim || a.shape.some((d, i) => i !== dim && d !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${arrays.map((x) => fmtShape(x.shape)).join(', ')} must agree on every axis except dim ${dim}`);
    }
  }
  const outShape = first.shape.slice();
  outShape[dim] = arrays.reduce((acc, a) => acc + a.shape[dim], 0);
  const out = NDArray._empty(outShape);
  const strides = contiguousStrides(outShape);
  const offsets: number[] = [];
  let at = 0;
  for (const a of arrays) {
    offsets.push(at);
    stridedWrite(a, out, at * strides[dim], strides, false);
    at += a.shape[dim];
  }
  if (!state.recording) return out;
  return record(out, [...arrays], (g) => arrays.map((a, k) => sliceAxis(g, dim, offsets[k], offsets[k] + a.shape[dim])));
}

export function stack(arrays: readonly NDArray[], ...args: [axis?: number | { axis?: number }]): NDArray {
  checkArrayList('stack', arrays);
  const options = argsToOptions<{ axis?: number }>('stack', args, ['axis']);
  const first = arrays[0];
  for (const a of arrays) {
    if (a.ndim !== first.ndim || a.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(`stack: all arrays must have the same shape, got ${arrays.map((x) => fmtShape(x.shape)).join(', ')}`);
    }
  }
  const axis = normalizeAxis('stack', options.axis ?? 0, first.ndim + 1);
  const expanded = arrays.map((a) => expandDims(a, axis));
  const out = concat(expanded, { dim: axis });
  expanded.forEach((e) => e.dispose()); // the tape holds them for backward if needed
  return out;
}

/** MXNet's split: `numOutputs` equal parts along `axis` (default 1). */
export interface SplitOptions { axis?: number; squeezeAxis?: boolean }
export type SplitArgs = [axis?: number | SplitOptions, squeezeAxis?: boolean | SplitOptions];

export function split(x: NDArray, numOutputs: number, ...args: SplitArgs): NDArray[] {
  checkArray('split', x, 'x');
  if (typeof numOutputs !== 'number') throw new ValueError(`split: numOutputs must be a positive integer, got ${describeValue(numOutputs)}`);
  const options = argsToOptions<{ axis?: number; squeezeAxis?: boolean }>('split', args, ['axis', 'squeezeAxis']);
  const axis = normalizeAxis('split', options.axis ?? 1, x.ndim);
  const n = x.shape[axis];
  if (!Number.isInteger(numOutputs) || numOutputs <= 0 || n % numOutputs !== 0) {
    throw new ShapeError(`split: axis ${axis} of shape ${fmtShape(x.shape)} (size ${n}) cannot be split into ${numOutputs} equal parts`);
  }
  const part = n / numOutputs;
  return [...Array(numOutputs).keys()].map((k) => {
    const s = sliceAxis(x, axis, k * part, (k + 1) * part);
    if (!options.squeezeAxis) return s;
    const sq = squeeze(s, axis);
    s.dispose(); // the tape holds it for backward if needed
    return sq;
  });
}
