// What BatchNorm and LayerNorm share about their feature axis: the options that define it and
// its size at the first input, for the deferred (features,) parameter shapes.
import { ShapeError, ValueError } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';
import type { Parameter } from '../parameter';
import { pyTuple } from '../format';

export interface FeatureAxisOptions {
  axis?: number;
  epsilon?: number;
  inChannels?: number;
}

/** The checked options: an integer axis, a positive epsilon, inChannels >= 0 (0: inferred). */
export function featureAxisOptions(op: string, options: FeatureAxisOptions, defaultAxis: number): { axis: number; epsilon: number; inChannels: number } {
  const axis = options.axis ?? defaultAxis;
  if (!Number.isInteger(axis)) throw new ValueError(`${op}: axis must be an integer, got ${String(axis)}`);
  const epsilon = options.epsilon ?? 1e-5;
  if (!(epsilon > 0)) throw new ValueError(`${op}: epsilon must be positive, got ${String(epsilon)}`);
  const inChannels = options.inChannels ?? 0;
  if (!Number.isInteger(inChannels) || inChannels < 0) throw new ValueError(`${op}: inChannels must be a non-negative integer (0 = inferred), got ${String(inChannels)}`);
  return { axis, epsilon, inChannels };
}

/** Gives every parameter the shape (features,) from the first input's feature axis. */
export function setFeatureShapes(layer: string, axis: number, x: NDArray, params: Parameter[]): void {
  const c = featureCount(layer, axis, x);
  for (const p of params) p.shape = [c];
}

function featureCount(layer: string, axis: number, x: NDArray): number {
  const at = axis < 0 ? axis + x.ndim : axis;
  if (at < 0 || at >= x.ndim) throw new ShapeError(`${layer}: axis ${axis} is out of range for input of shape ${pyTuple(x.shape)}`);
  return x.shape[at];
}
