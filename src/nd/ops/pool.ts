// 2-D pooling of NCHW data (MXNet's Pooling, mx:src/operator/nn/pooling-inl.h): max or avg over
// kernel windows, output size 1 + floor((in + 2p - k) / s) ('valid') or with ceil ('full', MXNet's
// ceil_mode); global pooling uses the whole plane. The gradient is recomputed from x and the
// output (assembly/pool.ts), so nothing but the inputs is kept for backward.
import { ShapeError, ValueError, wasm } from '../../wasm';
import { NDArray, checkArray } from '../ndarray';
import { record, state } from '../autograd';
import { fmtShape } from './broadcast';
import { toPair, type Pair } from './conv';

export type PoolType = 'max' | 'avg';

export interface Pool2DOptions {
  /** Window size (default 2). */
  poolSize?: Pair;
  /** Step of the window (default: the window size). */
  strides?: Pair | null;
  /** Implicit padding on each side (default 0): ignored by max, counted by avg per countIncludePad. */
  padding?: Pair;
  /** Round the output size up ('full' convention) instead of down. */
  ceilMode?: boolean;
  /** avg only: divide by the window including padding (default true) or only the in-bounds part. */
  countIncludePad?: boolean;
}

// a Map: 'toString' and other Object.prototype names must not pass as pool types
const TYPE_CODE = new Map<string, number>([['max', 0], ['avg', 1]]);

/** The general pooling op; `global` pools each whole plane to 1x1. */
export function pool2d(x: NDArray, type: PoolType, options: Pool2DOptions & { global?: boolean } = {}): NDArray {
  const op = `${type}Pool2d`;
  checkArray(op, x, 'x');
  const code = TYPE_CODE.get(type);
  if (code === undefined) throw new ValueError(`pool2d: pool type must be 'max' or 'avg', got '${String(type)}'`);
  if (x.ndim !== 4) throw new ShapeError(`${op}: data must be 4-D (batch, channels, height, width), got ${fmtShape(x.shape)}`);
  const [n, c, h, w] = x.shape;
  let kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, ho: number, wo: number;
  if (options.global) {
    [kh, kw, sh, sw, ph, pw, ho, wo] = [h, w, 1, 1, 0, 0, 1, 1];
    if (h === 0 || w === 0) throw new ShapeError(`${op}: global pooling needs a non-empty plane, got data ${fmtShape(x.shape)}`);
  } else {
    [kh, kw] = toPair(op, 'poolSize', options.poolSize, 2, 1);
    [sh, sw] = options.strides === undefined || options.strides === null ? [kh, kw] : toPair(op, 'strides', options.strides, 1, 1);
    [ph, pw] = toPair(op, 'padding', options.padding, 0, 0);
    if (h + 2 * ph < kh || w + 2 * pw < kw) {
      throw new ShapeError(`${op}: pool window ${kh}x${kw} is larger than the padded input ${h + 2 * ph}x${w + 2 * pw} (data ${fmtShape(x.shape)}, padding (${ph}, ${pw}))`);
    }
    const round = options.ceilMode ? Math.ceil : Math.floor;
    ho = 1 + round((h + 2 * ph - kh) / sh);
    wo = 1 + round((w + 2 * pw - kw) / sw);
  }
  const cip = (options.countIncludePad ?? true) ? 1 : 0;
  const k = wasm();
  const out = NDArray._empty([n, c, ho, wo]);
  const planes = n * c;
  if (out.size > 0) k.pool2d_f32(x._ptr, out._ptr, planes, h, w, ho, wo, kh, kw, sh, sw, ph, pw, code, cip);
  if (!state.recording) return out;
  return record(out, [x], (g) => {
    const dx = NDArray._empty(x.shape);
    if (dx.size > 0) k.pool2d_grad_f32(x._ptr, out._ptr, g._ptr, dx._ptr, planes, h, w, ho, wo, kh, kw, sh, sw, ph, pw, code, cip);
    return [dx];
  });
}

/** Max over each window (padding never wins). */
export function maxPool2d(x: NDArray, options: Pool2DOptions = {}): NDArray {
  return pool2d(x, 'max', options);
}

/** Mean over each window. */
export function avgPool2d(x: NDArray, options: Pool2DOptions = {}): NDArray {
  return pool2d(x, 'avg', options);
}

/** (N, C, H, W) → (N, C, 1, 1): the max of each plane. */
export function globalMaxPool2d(x: NDArray): NDArray {
  return pool2d(x, 'max', { global: true });
}

/** (N, C, H, W) → (N, C, 1, 1): the mean of each plane. */
export function globalAvgPool2d(x: NDArray): NDArray {
  return pool2d(x, 'avg', { global: true });
}
