// Creating arrays: from JS data, filled, ranges, identity. float32 everywhere (MXNet's default
// for nd.array, even from integer data).
import { ShapeError, ValueError, wasm } from '../wasm';
import { NDArray, describeValue, sizeOf, type NestedArray } from './ndarray';
import { fmtShape } from './ops/broadcast';
import { copy, full as fullKernel } from './ops/elementwise';

export type ShapeLike = number | readonly number[];
export interface DTypeOption { dtype?: 'float32' }

export function toShape(op: string, shape: ShapeLike | undefined, fallback: number[] = [1]): number[] {
  if (shape === undefined) return fallback;
  if (typeof shape !== 'number' && !Array.isArray(shape)) throw new ValueError(`${op}: shape must be a number or a list of numbers, got ${describeValue(shape)}`);
  const s = typeof shape === 'number' ? [shape] : [...shape];
  for (const d of s) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape ${fmtShape(s)} must hold non-negative integers`);
  }
  return s;
}

function checkDtype(op: string, options?: DTypeOption): void {
  if (options?.dtype !== undefined && options.dtype !== 'float32') {
    throw new ValueError(`${op}: dtype '${options.dtype}' is not supported; gluon-wasm arrays are float32`);
  }
}

function inferShape(data: unknown, op: string): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    const n = (level as ArrayLike<unknown>).length;
    shape.push(n);
    if (n === 0) break;
    level = (level as ArrayLike<unknown>)[0];
  }
  if (shape.length === 0 && typeof data !== 'number') throw new ValueError(`${op}: expected nested arrays of numbers, a typed array, a number or an NDArray`);
  return shape;
}

/** nd.array(data, { dtype }): nested arrays, typed arrays, a number (shape (1,)) or an NDArray (a copy). */
export function array(data: NestedArray | ArrayLike<number> | number | NDArray, options?: DTypeOption & { shape?: ShapeLike }): NDArray {
  checkDtype('array', options);
  if (data instanceof NDArray) return copy(data._check('array'));
  if (typeof data === 'number') data = [data];
  const shape = options?.shape !== undefined ? toShape('array', options.shape) : inferShape(data, 'array');
  const flat = new Float32Array(sizeOf(shape));
  if (ArrayBuffer.isView(data) || (options?.shape !== undefined && !Array.isArray((data as ArrayLike<unknown>)[0]))) {
    const src = data as ArrayLike<number>;
    if (src.length !== flat.length) throw new ShapeError(`array: ${src.length} values do not fill shape ${fmtShape(shape)}`);
    flat.set(src);
  } else {
    let at = 0;
    const fill = (level: unknown, dim: number): void => {
      if (dim === shape.length) {
        if (typeof level !== 'number') throw new ValueError(`array: expected a number at depth ${dim}, got ${typeof level}`);
        flat[at++] = level;
        return;
      }
      if (!(Array.isArray(level) || ArrayBuffer.isView(level)) || (level as ArrayLike<unknown>).length !== shape[dim]) {
        throw new ShapeError(`array: ragged nested data: expected length ${shape[dim]} at depth ${dim} (shape ${fmtShape(shape)})`);
      }
      for (let i = 0; i < shape[dim]; i++) fill((level as ArrayLike<unknown>)[i], dim + 1);
    };
    fill(data, 0);
  }
  const out = NDArray._empty(shape);
  out._data().set(flat);
  return out;
}

export function full(shape: ShapeLike, value: number, options?: DTypeOption): NDArray {
  checkDtype('full', options);
  return fullKernel(toShape('full', shape), value);
}
export const zeros = (shape: ShapeLike, options?: DTypeOption) => (checkDtype('zeros', options), fullKernel(toShape('zeros', shape), 0));
export const ones = (shape: ShapeLike, options?: DTypeOption) => (checkDtype('ones', options), fullKernel(toShape('ones', shape), 1));
/** Uninitialised memory (contents are whatever the block held), like MXNet's empty. */
export const empty = (shape: ShapeLike, options?: DTypeOption) => (checkDtype('empty', options), NDArray._empty(toShape('empty', shape)));
export const zerosLike = (x: NDArray) => fullKernel(x._check('zerosLike').shape, 0);
export const onesLike = (x: NDArray) => fullKernel(x._check('onesLike').shape, 1);

/** arange(start, stop?, step = 1, { repeat }): values start, start+step, ... below stop (numpy's count rule). */
export function arange(start: number, stop?: number | null, step = 1, options: DTypeOption & { repeat?: number } = {}): NDArray {
  checkDtype('arange', options);
  if (stop === undefined || stop === null) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const repeat = options.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new ValueError(`arange: repeat must be a positive integer, got ${repeat}`);
  const out = NDArray._empty([n * repeat]);
  if (repeat === 1) wasm().arange_f32(out._ptr, n, start, step);
  else {
    const d = out._data();
    for (let i = 0; i < n; i++) d.fill(Math.fround(start + i * step), i * repeat, (i + 1) * repeat);
  }
  return out;
}

/** eye(N, M = N, k = 0): ones on the k-th diagonal. */
export function eye(N: number, M?: number, k = 0, options?: DTypeOption): NDArray {
  checkDtype('eye', options);
  const cols = M ?? N;
  const out = fullKernel(toShape('eye', [N, cols]), 0);
  const d = out._data();
  for (let i = 0; i < N; i++) if (i + k >= 0 && i + k < cols) d[i * cols + i + k] = 1;
  return out;
}

/** linspace(start, stop, num, endpoint = true): evenly spaced values computed in float64. */
export function linspace(start: number, stop: number, num: number, endpoint = true, options?: DTypeOption): NDArray {
  checkDtype('linspace', options);
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: num must be a non-negative integer, got ${num}`);
  const out = NDArray._empty([num]);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  wasm().arange_f32(out._ptr, num, start, step);
  if (endpoint && num > 1) out._data()[num - 1] = stop;
  return out;
}
