// nn.LayerNorm (mx:python/mxnet/gluon/nn/basic_layers.py): normalizes over `axis` (default the
// last) at each position, then gamma/beta of shape (inChannels,). scale/center false keep the
// parameters (ones/zeros) with gradReq 'null', as MXNet does. inChannels 0 defers the shape.
import { NDArray } from '../../nd/ndarray';
import { layerNorm } from '../../nd/ops/norm';
import type { InitLike } from '../init';
import type { Parameter } from '../parameter';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { featureAxisOptions, setFeatureShapes } from './feature-axis';
import { pyBool, pyFloat } from '../format';
import { UnaryHybridBlock, type F } from '../hybrid-block';

export interface LayerNormOptions extends BlockOptions {
  /** The normalized axis (default -1). */
  axis?: number;
  /** Added to the variance (default 1e-5). */
  epsilon?: number;
  /** Add beta (default true). */
  center?: boolean;
  /** Multiply by gamma (default true). */
  scale?: boolean;
  betaInitializer?: InitLike;
  gammaInitializer?: InitLike;
  /** Size of the normalized axis; 0 (default) means inferred at the first forward. */
  inChannels?: number;
}

const LAYERNORM_KEYS: readonly (keyof LayerNormOptions)[] = ['axis', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'inChannels', ...BLOCK_KEYS];

export class LayerNorm extends UnaryHybridBlock {
  static override readonly typeName: string = 'LayerNorm';
  readonly gamma: Parameter;
  readonly beta: Parameter;
  /** @internal */ readonly _axis: number;
  /** @internal */ readonly _epsilon: number;
  /** @internal */ readonly _center: boolean;
  /** @internal */ readonly _scale: boolean;

  constructor(options: LayerNormOptions = {}) {
    checkOptionKeys('nn.LayerNorm', options, LAYERNORM_KEYS);
    const { axis, epsilon, inChannels } = featureAxisOptions('nn.LayerNorm', options, -1);
    super({ prefix: options.prefix, params: options.params });
    this._axis = axis;
    this._epsilon = epsilon;
    this._center = options.center ?? true;
    this._scale = options.scale ?? true;
    this.gamma = this.params.get('gamma', { gradReq: this._scale ? 'write' : 'null', shape: [inChannels], init: options.gammaInitializer ?? 'ones', allowDeferredInit: true });
    this.beta = this.params.get('beta', { gradReq: this._center ? 'write' : 'null', shape: [inChannels], init: options.betaInitializer ?? 'zeros', allowDeferredInit: true });
  }

  get axis(): number {
    return this._axis;
  }
  get epsilon(): number {
    return this._epsilon;
  }

  override inferShape(x: NDArray): void {
    setFeatureShapes(this.name, this._axis, x, [this.gamma, this.beta]);
  }

  override hybridForward(_F: F, x: NDArray, params: { gamma: NDArray; beta: NDArray }): NDArray {
    return layerNorm(x, params.gamma, params.beta, { axis: this._axis, eps: this._epsilon });
  }

  /** `LayerNorm(eps=1e-05, axis=-1, center=True, scale=True, in_channels=0)`: the raw 0 when unknown. */
  override toString(): string {
    return `${className(this)}(eps=${pyFloat(this._epsilon)}, axis=${this._axis}, center=${pyBool(this._center)}, scale=${pyBool(this._scale)}, in_channels=${this.gamma.shape![0]})`;
  }
}
