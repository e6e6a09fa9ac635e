// The size of the feature axis of a layer's first input, for deferred parameter shapes
// (BatchNorm's channels, LayerNorm's normalised axis).
import { ShapeError } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';
import { pyTuple } from '../format';

export function featureCount(layer: string, axis: number, x: NDArray): number {
  const at = axis < 0 ? axis + x.ndim : axis;
  if (at < 0 || at >= x.ndim) throw new ShapeError(`${layer}: axis ${axis} is out of range for input of shape ${pyTuple(x.shape)}`);
  return x.shape[at];
}
