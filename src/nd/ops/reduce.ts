// Reductions over any set of axes, as MXNet 1.x: no axis reduces everything to shape (1,);
// `keepdims` keeps reduced axes as 1; `exclude` reduces over every axis NOT listed.
// Kernels see (outer, r, inner): adjacent reduced axes collapse directly, others are first
// moved to the end by a transposing copy.
import { ShapeError, ValueError, wasm } from '../../wasm';
import { NDArray, sizeOf, type AxisOption, type Shape, checkArray } from '../ndarray';
import { argsToOptions } from '../options';
import { record, state } from '../autograd';
import { fmtShape } from './broadcast';
import { broadcastTo, permute, reshape } from './shape';
import { div, equal, inPlace, mul, sign } from './elementwise';

export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= Math.max(ndim, 1)) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for an array of ${ndim} dimension${ndim === 1 ? '' : 's'} (expected -${ndim} <= axis < ${ndim})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

function reducedAxes(op: string, x: NDArray, options: AxisOption = {}): number[] {
  const ndim = x.ndim;
  // MXNet: no axis, or an empty one (axis=()), reduces every axis, exclude or not
  const all = options.axis === undefined || options.axis === null || (Array.isArray(options.axis) && options.axis.length === 0);
  if (all) return [...Array(ndim).keys()];
  const list: readonly number[] = Array.isArray(options.axis) ? options.axis : [options.axis as number];
  let axes = list.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${op}: axis ${JSON.stringify(options.axis)} repeats an axis`);
  if (options.exclude) axes = [...Array(ndim).keys()].filter((a) => !axes.includes(a));
  return axes.sort((a, b) => a - b);
}

/**
 * What follows the data, in MXNet's order: sum(x, axis, keepdims, exclude), or one options object
 * sum(x, { axis, keepdims, exclude }). A bare axis is not ignored (it was: a full reduction).
 */
// One tuple each, an options object allowed at any position (it ends the list): Python's
// x.sum(1, keepdims=True) is x.sum(1, { keepdims: true }).
type Axes = number | readonly number[] | null;
export type ReduceArgs = [axis?: Axes | AxisOption, keepdims?: boolean | AxisOption, exclude?: boolean | AxisOption];
export type ArgReduceArgs = [axis?: number | null | ArgOptions, keepdims?: boolean | ArgOptions];
export type NormArgs = [ord?: 1 | 2 | NormOptions, axis?: Axes | NormOptions, keepdims?: boolean | NormOptions];
export interface ArgOptions { axis?: number; keepdims?: boolean }
export interface NormOptions { ord?: 1 | 2; axis?: number | readonly number[]; keepdims?: boolean }

const REDUCE_KEYS = ['axis', 'keepdims', 'exclude'] as const;
const ARG_KEYS = ['axis', 'keepdims'] as const;
const NORM_KEYS = ['ord', 'axis', 'keepdims'] as const;
const reduceOptions = (op: string, args: readonly unknown[]) => argsToOptions<AxisOption>(op, args, REDUCE_KEYS);

interface Plan {
  axes: number[];
  outShape: number[];
  keptShape: number[]; // with 1 at every reduced axis: for broadcasting gradients back
  outer: number;
  r: number;
  inner: number;
  permuted: NDArray | null; // a transposed copy when the reduced axes are not adjacent
}

function plan(op: string, x: NDArray, options: AxisOption = {}): Plan {
  const axes = reducedAxes(op, x, options);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  let outShape = options.keepdims ? keptShape.slice() : x.shape.filter((_, i) => !axes.includes(i));
  if (outShape.length === 0) outShape = [1];
  const r = sizeOf(axes.map((a) => x.shape[a]));
  const adjacent = axes.length === 0 || axes[axes.length - 1] - axes[0] === axes.length - 1;
  if (adjacent) {
    const first = axes.length ? axes[0] : x.ndim;
    const last = axes.length ? axes[axes.length - 1] : x.ndim - 1;
    return { axes, outShape, keptShape, outer: sizeOf(x.shape.slice(0, first)), r, inner: sizeOf(x.shape.slice(last + 1)), permuted: null };
  }
  const kept = [...Array(x.ndim).keys()].filter((a) => !axes.includes(a));
  const permuted = permute(x, [...kept, ...axes], false);
  return { axes, outShape, keptShape, outer: x.size / r, r, inner: 1, permuted };
}

function run(kernel: string, op: string, x: NDArray, options?: AxisOption): { out: NDArray; p: Plan } {
  checkArray(op, x, 'x');
  const p = plan(op, x, options);
  const src = p.permuted ?? x;
  const out = NDArray._empty(p.outShape);
  if (p.r === 0) {
    // numpy: sum of nothing is 0, prod 1; max/min of nothing is an error
    if (kernel === 'sum_f32' || kernel === 'sumsq_f32') wasm().fill_f32(out._ptr, out.size, 0);
    else if (kernel === 'prod_f32') wasm().fill_f32(out._ptr, out.size, 1);
    else {
      out.dispose();
      p.permuted?.dispose();
      throw new ShapeError(`${op}: cannot reduce over a zero-size axis of shape ${fmtShape(x.shape)}`);
    }
  } else if (out.size > 0) {
    wasm()[kernel](src._ptr, out._ptr, p.outer, p.r, p.inner);
  }
  p.permuted?.dispose();
  return { out, p };
}

/** g (shaped like the reduction's output) broadcast back over the input's shape. */
function spread(g: NDArray, p: Plan, shape: Shape): NDArray {
  return broadcastTo(reshape(g, p.keptShape), shape);
}

export function sum(x: NDArray, ...args: ReduceArgs): NDArray {
  const { out, p } = run('sum_f32', 'sum', x, reduceOptions('sum', args));
  if (!state.recording) return out;
  return record(out, [x], (g) => [spread(g, p, x.shape)]);
}

export function mean(x: NDArray, ...args: ReduceArgs): NDArray {
  const { out, p } = run('sum_f32', 'mean', x, reduceOptions('mean', args));
  if (p.r > 0) inPlace(out, p.r, 'div');
  else wasm().fill_f32(out._ptr, out.size, NaN); // numpy: mean of nothing is nan
  if (!state.recording) return out;
  return record(out, [x], (g) => [div(spread(g, p, x.shape), p.r)]);
}

function extreme(kernel: string, op: string, x: NDArray, options?: AxisOption): NDArray {
  const { out, p } = run(kernel, op, x, options);
  // MXNet: the gradient flows to every element equal to the extreme
  if (!state.recording) return out;
  return record(out, [x], (g) => [mul(spread(g, p, x.shape), equal(x, reshape(out, p.keptShape)))]);
}
export const max = (x: NDArray, ...args: ReduceArgs) => extreme('max_f32', 'max', x, reduceOptions('max', args));
export const min = (x: NDArray, ...args: ReduceArgs) => extreme('min_f32', 'min', x, reduceOptions('min', args));

export function prod(x: NDArray, ...args: ReduceArgs): NDArray {
  const { out, p } = run('prod_f32', 'prod', x, reduceOptions('prod', args));
  if (!state.recording) return out;
  return record(out, [x], (g) => [div(mul(spread(g, p, x.shape), reshape(out, p.keptShape)), x)]);
}

/** L2 norm (ord 2, default) or L1 norm (ord 1) over the axes: MXNet's norm(data, ord, axis, keepdims). */
export function norm(x: NDArray, ...args: NormArgs): NDArray {
  const options = argsToOptions<NormOptions>('norm', args, NORM_KEYS);
  const ord = options.ord ?? 2;
  if (ord === 1) {
    const { out, p } = run('sum_f32', 'norm', absOf(x), options);
    if (!state.recording) return out;
    return record(out, [x], (g) => [mul(spread(g, p, x.shape), sign(x))]);
  }
  if (ord !== 2) throw new ValueError(`norm: ord must be 1 or 2, got ${ord}`);
  const { out, p } = run('sumsq_f32', 'norm', x, options);
  wasm().sqrt_f32(out._ptr, out._ptr, out.size);
  if (!state.recording) return out;
  return record(out, [x], (g) => [mul(spread(g, p, x.shape), div(x, reshape(out, p.keptShape)))]);
}

function absOf(x: NDArray): NDArray {
  const out = NDArray._empty(x.shape);
  wasm().abs_f32(x._check('norm')._ptr, out._ptr, x.size);
  return out;
}

function argExtreme(op: string, sign: number, x: NDArray, args: readonly unknown[]): NDArray {
  checkArray(op, x, 'x');
  const options = argsToOptions<ArgOptions>(op, args, ARG_KEYS);
  if (Array.isArray(options.axis)) throw new ShapeError(`${op}: axis must be a single axis, got ${JSON.stringify(options.axis)}`);
  if (x.size === 0) throw new ShapeError(`${op}: attempt to get ${op} of an empty array of shape ${fmtShape(x.shape)}`);
  // MXNet 1.x: no axis means the flattened array
  const src = options.axis === undefined ? reshape(x, [x.size]) : x;
  const axis = options.axis === undefined ? 0 : normalizeAxis(op, options.axis, x.ndim);
  let outShape = src.shape.map((d, i) => (i === axis ? 1 : d));
  if (!options.keepdims) outShape = outShape.filter((_, i) => i !== axis);
  if (outShape.length === 0) outShape = [1];
  const out = NDArray._empty(outShape);
  wasm().argext_f32(src._ptr, out._ptr, sizeOf(src.shape.slice(0, axis)), src.shape[axis], sizeOf(src.shape.slice(axis + 1)), sign);
  if (src !== x) src.dispose();
  return out;
}
export const argmax = (x: NDArray, ...args: ArgReduceArgs) => argExtreme('argmax', 1, x, args);
export const argmin = (x: NDArray, ...args: ArgReduceArgs) => argExtreme('argmin', -1, x, args);

/** Sums a broadcast gradient back to `shape` (the inverse of numpy broadcasting). */
export function sumTo(g: NDArray, shape: Shape): NDArray {
  if (g.ndim === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  const s = axes.length ? sum(g, { axis: axes, keepdims: true }) : g;
  return reshape(s, shape);
}

