// Gathers by index: take (rows along an axis), pick (one element per position along an axis),
// oneHot. Indices are float arrays (MXNet's legacy dtype), truncated to integers; 'clip' clamps
// out-of-range indices into range, 'wrap' takes them modulo the axis length.
import { ShapeError, ValueError, wasm } from '../../wasm';
import { NDArray, sizeOf, checkArray } from '../ndarray';
import { argsToOptions } from '../options';
import { record, state } from '../autograd';
import { fmtShape } from './broadcast';
import { full } from './elementwise';
import { normalizeAxis } from './reduce';
import { array } from '../creation';

export interface TakeOptions { axis?: number; mode?: 'clip' | 'wrap' }
export interface PickOptions { axis?: number; keepdims?: boolean; mode?: 'clip' | 'wrap' }
export interface OneHotOptions { onValue?: number; offValue?: number }

function modeFlag(op: string, mode: string | undefined): number {
  if (mode === undefined || mode === 'clip') return 0;
  if (mode === 'wrap') return 1;
  throw new ValueError(`${op}: mode must be 'clip' or 'wrap', got '${mode}'`);
}

/** take(a, indices, axis=0): out.shape = a.shape[:axis] + indices.shape + a.shape[axis+1:]. */
export function take(a: NDArray, indices: NDArray | readonly number[], options: TakeOptions = {}): NDArray {
  checkArray('take', a, 'a');
  const axis = normalizeAxis('take', options.axis ?? 0, a.ndim);
  const wrap = modeFlag('take', options.mode);
  const n = a.shape[axis];
  if (n === 0) throw new ShapeError(`take: cannot take from the empty axis ${axis} of shape ${fmtShape(a.shape)}`);
  const idx = indices instanceof NDArray ? indices._check('take') : array(indices as number[]);
  const outer = sizeOf(a.shape.slice(0, axis)), inner = sizeOf(a.shape.slice(axis + 1));
  const out = NDArray._empty([...a.shape.slice(0, axis), ...idx.shape, ...a.shape.slice(axis + 1)]);
  wasm().take_f32(a._ptr, idx._ptr, out._ptr, outer, n, inner, idx.size, wrap);
  const backward = (g: NDArray) => {
    const dx = full(a.shape, 0);
    wasm().take_grad_f32(g._ptr, idx._ptr, dx._ptr, outer, n, inner, idx.size, wrap);
    return [dx];
  };
  // indices given as numbers became an array of this op's own: a temporary
  return idx === indices ? record(out, [a], backward, [idx]) : record(out, [a], backward, [], [idx]);
}

/** pick(data, index, axis=-1): data[..., index[...], ...] along axis; index has data's shape without axis. */
export type PickArgs = [axis?: number | null | PickOptions, keepdims?: boolean | PickOptions, mode?: 'clip' | 'wrap' | PickOptions];

/** MXNet's pick(data, index, axis=-1, keepdims, mode): positionally or as { axis, keepdims, mode }. */
export function pick(data: NDArray, index: NDArray, ...args: PickArgs): NDArray {
  checkArray('pick', data, 'data');
  checkArray('pick', index, 'index');
  const options = argsToOptions<PickOptions>('pick', args, ['axis', 'keepdims', 'mode']);
  const axis = normalizeAxis('pick', options.axis ?? -1, data.ndim);
  const expected = data.shape.filter((_, i) => i !== axis);
  const keptShape = data.shape.map((d, i) => (i === axis ? 1 : d));
  const ok = index.size === sizeOf(expected) && (sameDims(index.shape, expected) || sameDims(index.shape, keptShape));
  if (!ok) throw new ShapeError(`pick: index shape ${fmtShape(index.shape)} must be ${fmtShape(expected)} (data ${fmtShape(data.shape)} without axis ${axis})`);
  const wrap = modeFlag('pick', options.mode);
  const outer = sizeOf(data.shape.slice(0, axis)), n = data.shape[axis], inner = sizeOf(data.shape.slice(axis + 1));
  if (n === 0) throw new ShapeError(`pick: cannot pick from the empty axis ${axis} of shape ${fmtShape(data.shape)}`);
  const outShape = options.keepdims ? keptShape : expected.length ? expected : [1];
  const out = NDArray._empty(outShape);
  wasm().pick_f32(data._ptr, index._ptr, out._ptr, outer, n, inner, wrap);
  if (!state.recording) return out;
  return record(out, [data], (g) => {
    const dx = full(data.shape, 0);
    wasm().pick_grad_f32(g._ptr, index._ptr, dx._ptr, outer, n, inner, wrap);
    return [dx];
  }, [index]);
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** one_hot(indices, depth): shape indices.shape + (depth,), onValue at the index (out of range: all off). */
export type OneHotArgs = [onValue?: number | OneHotOptions, offValue?: number | OneHotOptions];

export function oneHot(indices: NDArray, depth: number, ...args: OneHotArgs): NDArray {
  checkArray('oneHot', indices, 'indices');
  const options = argsToOptions<OneHotOptions>('oneHot', args, ['onValue', 'offValue']);
  if (!Number.isInteger(depth) || depth <= 0) throw new ValueError(`oneHot: depth must be a positive integer, got ${depth}`);
  const out = NDArray._empty([...indices.shape, depth]);
  wasm().one_hot_f32(indices._ptr, out._ptr, indices.size, depth, options.onValue ?? 1, options.offValue ?? 0);
  return out;
}
