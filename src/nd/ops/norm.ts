// Normalization ops on the kernels of assembly/norm.ts.
// batchNorm is MXNet's BatchNorm (mx:src/operator/nn/batch_norm.cc, gluon-1x.md §5): in training
// (autograd.isTraining() and not useGlobalStats) it normalizes with the batch mean and biased
// variance per channel and, like MXNet, updates the running statistics in the BACKWARD pass
// (running = running*momentum + batch*(1-momentum)); a forward without backward leaves them
// unchanged. Otherwise it uses the running statistics. layerNorm normalizes over one axis per
// position (MXNet's LayerNorm).
import { ShapeError, ValueError, scratch, wasm } from '../../wasm';
import { NDArray, sizeOf, checkArray } from '../ndarray';
import { isTraining, record, requiresGrad, state } from '../autograd';
import { fmtShape } from './broadcast';
import { normalizeAxis } from './reduce';
import { transpose } from './shape';

export interface BatchNormOptions {
  /** The channel axis (default 1). */
  axis?: number;
  /** Added to the variance (MXNet's op default 1e-3; nn.BatchNorm passes 1e-5). */
  eps?: number;
  /** Weight of the old running value in the update (default 0.9). */
  momentum?: number;
  /** Treat gamma as 1 (MXNet's op default true; nn.BatchNorm passes !scale). */
  fixGamma?: boolean;
  /** Always use the running statistics, also in training. */
  useGlobalStats?: boolean;
}

function checkVector(op: string, name: string, v: NDArray, c: number, x: NDArray, axis: number): void {
  checkArray(op, v, name);
  if (v.ndim !== 1 || v.shape[0] !== c) {
    throw new ShapeError(`${op}: ${name} must have shape (${c},) for data ${fmtShape(x.shape)} normalized along axis ${axis}, got ${fmtShape(v.shape)}`);
  }
}

function checkEps(op: string, eps: number): void {
  if (!(eps > 0) || !Number.isFinite(eps)) throw new ValueError(`${op}: eps must be a positive number, got ${String(eps)}`);
}

/**
 * out = (x - mean) / sqrt(var + eps) * gamma + beta per channel along `axis`. The running
 * arrays are read (predict mode, useGlobalStats) or updated in place by backward (training).
 */
export function batchNorm(x: NDArray, gamma: NDArray, beta: NDArray, runningMean: NDArray, runningVar: NDArray, options: BatchNormOptions = {}): NDArray {
  const op = 'batchNorm';
  checkArray(op, x, 'x');
  if (x.ndim < 1) throw new ShapeError(`${op}: data needs at least one dimension, got ${fmtShape(x.shape)}`);
  const axis = normalizeAxis(op, options.axis ?? 1, x.ndim);
  const c = x.shape[axis];
  checkVector(op, 'gamma', gamma, c, x, axis);
  checkVector(op, 'beta', beta, c, x, axis);
  checkVector(op, 'running_mean', runningMean, c, x, axis);
  checkVector(op, 'running_var', runningVar, c, x, axis);
  const eps = options.eps ?? 1e-3;
  checkEps(op, eps);
  const momentum = options.momentum ?? 0.9;
  if (!(momentum >= 0 && momentum <= 1)) throw new ValueError(`${op}: momentum must be in [0, 1], got ${String(momentum)}`);
  const fixGamma = (options.fixGamma ?? true) ? 1 : 0;
  const batchStats = !options.useGlobalStats && isTraining();
  const outer = sizeOf(x.shape.slice(0, axis)), inner = sizeOf(x.shape.slice(axis + 1));
  if (batchStats && outer * inner === 0) throw new ShapeError(`${op}: batch statistics need at least one element per channel, got data ${fmtShape(x.shape)}`);
  const k = wasm();
  const mean = NDArray._empty([c]);
  const invstd = NDArray._empty([c]);
  if (batchStats) {
    k.bn_stats_f32(x._ptr, outer, c, inner, mean._ptr, invstd._ptr, eps);
  } else {
    k.copy_f32(runningMean._ptr, mean._ptr, c);
    k.bn_invstd_f32(runningVar._ptr, invstd._ptr, c, eps);
  }
  const out = NDArray._empty(x.shape);
  if (out.size > 0) k.bn_apply_f32(x._ptr, out._ptr, outer, c, inner, mean._ptr, invstd._ptr, gamma._ptr, beta._ptr, fixGamma, scratch('batchNorm', Math.max(3 * c, 1) * 4));
  if (!state.recording) return out;
  return record(out, [x, gamma, beta], (g) => {
    const dx = requiresGrad(x) ? NDArray._empty(x.shape) : null;
    const dgamma = NDArray._empty([c]);
    const dbeta = NDArray._empty([c]);
    k.bn_grad_f32(x._ptr, g._ptr, dx ? dx._ptr : 0, outer, c, inner, mean._ptr, invstd._ptr, gamma._ptr, fixGamma, batchStats ? 1 : 0,
      dgamma._ptr, dbeta._ptr, scratch('batchNorm', Math.max(3 * c, 1) * 4));
    if (fixGamma) k.fill_f32(dgamma._ptr, c, 0); // MXNet writes 0 for a fixed gamma
    if (batchStats) k.bn_update_running_f32(runningMean._ptr, runningVar._ptr, mean._ptr, invstd._ptr, c, momentum, eps);
    return [dx, dgamma, dbeta];
  }, [runningMean, runningVar], [mean, invstd]);
}

export interface LayerNormOptions {
  /** The normalized axis (default -1). */
  axis?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/** out = (x - mean) / sqrt(var + eps) * gamma + beta, statistics over `axis` at each position. */
export function layerNorm(x: NDArray, gamma: NDArray, beta: NDArray, options: LayerNormOptions = {}): NDArray {
  const op = 'layerNorm';
  checkArray(op, x, 'x');
  if (x.ndim < 1) throw new ShapeError(`${op}: data needs at least one dimension, got ${fmtShape(x.shape)}`);
  const axis = normalizeAxis(op, options.axis ?? -1, x.ndim);
  const d = x.shape[axis];
  checkVector(op, 'gamma', gamma, d, x, axis);
  checkVector(op, 'beta', beta, d, x, axis);
  const eps = options.eps ?? 1e-5;
  checkEps(op, eps);
  if (axis === x.ndim - 1) return layerNormLast(x, gamma, beta, eps);
  // move the axis last, normalize, move it back (both transposes are recorded)
  const perm = [...Array(x.ndim).keys()].filter((a) => a !== axis).concat(axis);
  const inverse = new Array<number>(x.ndim);
  perm.forEach((p, i) => (inverse[p] = i));
  const xt = transpose(x, perm);
  const yt = layerNormLast(xt, gamma, beta, eps);
  xt.dispose();
  const y = transpose(yt, inverse);
  yt.dispose();
  return y;
}

function layerNormLast(x: NDArray, gamma: NDArray, beta: NDArray, eps: number): NDArray {
  const k = wasm();
  const d = x.shape[x.ndim - 1];
  const rows = d === 0 ? 0 : x.size / d;
  const out = NDArray._empty(x.shape);
  const mean = NDArray._empty([rows]);
  const invstd = NDArray._empty([rows]);
  if (out.size > 0) k.ln_forward_f32(x._ptr, out._ptr, rows, d, gamma._ptr, beta._ptr, eps, mean._ptr, invstd._ptr);
  if (!state.recording) return out;
  return record(out, [x, gamma, beta], (g) => {
    const dx = requiresGrad(x) ? NDArray._empty(x.shape) : null;
    const dgamma = NDArray._empty([d]);
    const dbeta = NDArray._empty([d]);
    if (d > 0) k.ln_grad_f32(x._ptr, g._ptr, dx ? dx._ptr : 0, rows, d, gamma._ptr, mean._ptr, invstd._ptr, dgamma._ptr, dbeta._ptr);
    return [dx, dgamma, dbeta];
  }, [], [mean, invstd]);
}
