// What Dense and Conv2D share (MXNet builds both the same way): an optional fused activation, an
// optional bias, their initializers, and the weight/bias/Activation-child parameters themselves.
import type { InitLike } from '../init';
import type { Parameter } from '../parameter';
import type { BlockOptions } from '../block';
import type { HybridBlock } from '../hybrid-block';
import { Activation, checkActType, type ActType } from './activation';

export interface AffineOptions<B extends boolean = boolean> extends BlockOptions {
  /** Applied after the bias (an Activation child named `<prefix><act>_`). */
  activation?: ActType | null;
  /** false: no bias parameter (`bias` is null). */
  useBias?: B;
  /** The weight's own initializer (default: whatever initialize() is given). */
  weightInitializer?: InitLike | null;
  /** The bias's own initializer (default 'zeros'). */
  biasInitializer?: InitLike;
}

/** The activation named in the options, checked before the block is built (null: none). */
export function affineActivation(op: string, options: AffineOptions): ActType | null {
  const activation = options.activation ?? null;
  return activation === null ? null : checkActType(op, activation);
}

/**
 * The layer's `weight`, `bias` (null with useBias false) and Activation child; `dtype` is passed
 * only where MXNet's layer passes one (Dense does, the conv layers do not: it shows in reprs).
 */
export function affineParts<B extends boolean>(block: HybridBlock, weightShape: number[], units: number, activation: ActType | null, options: AffineOptions<B>, dtype?: 'float32'): {
  weight: Parameter; bias: B extends false ? null : Parameter; act: Activation | null;
} {
  const extra = dtype ? { dtype } : {};
  const weight = block.params.get('weight', { shape: weightShape, init: options.weightInitializer ?? null, allowDeferredInit: true, ...extra });
  const bias = options.useBias === false ? null : block.params.get('bias', { shape: [units], init: options.biasInitializer ?? 'zeros', allowDeferredInit: true, ...extra });
  const act = activation === null ? null : block.nameScope(() => new Activation(activation, { prefix: `${activation}_` }));
  return { weight, bias: bias as B extends false ? null : Parameter, act };
}
