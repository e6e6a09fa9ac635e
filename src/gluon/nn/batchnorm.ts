// nn.BatchNorm (mx:python/mxnet/gluon/nn/basic_layers.py): per-channel normalization along
// `axis` with gamma/beta and the running statistics running_mean/running_var (gradReq 'null',
// not differentiable). The attribute names are MXNet's, so saveParameters writes `0.gamma`,
// `0.running_mean`, ... In training (autograd.record() / trainMode) it uses the batch statistics
// and the running ones are updated by backward (MXNet's quirk, see nd batchNorm); in predict mode
// or with useGlobalStats the running statistics are used. scale false fixes gamma at 1.
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { batchNorm } from '../../nd/ops/norm';
import type { InitLike } from '../init';
import type { Parameter } from '../parameter';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { featureAxisOptions, setFeatureShapes } from './feature-axis';
import { pyBool, pyFloat } from '../format';
import { UnaryHybridBlock, type F } from '../hybrid-block';

export interface BatchNormOptions extends BlockOptions {
  /** The channel axis (default 1, NCHW). */
  axis?: number;
  /** Weight of the old running value in the update (default 0.9). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  epsilon?: number;
  /** Add beta (default true); false leaves beta at its initial zeros, gradReq 'null'. */
  center?: boolean;
  /** Multiply by gamma (default true); false fixes gamma at 1. */
  scale?: boolean;
  /** Use the running statistics in training too. */
  useGlobalStats?: boolean;
  betaInitializer?: InitLike;
  gammaInitializer?: InitLike;
  runningMeanInitializer?: InitLike;
  runningVarianceInitializer?: InitLike;
  /** Channels; 0 (default) means inferred at the first forward. */
  inChannels?: number;
}

const BATCHNORM_KEYS: readonly (keyof BatchNormOptions)[] = [
  'axis', 'momentum', 'epsilon', 'center', 'scale', 'useGlobalStats', 'betaInitializer', 'gammaInitializer',
  'runningMeanInitializer', 'runningVarianceInitializer', 'inChannels', ...BLOCK_KEYS,
];

export class BatchNorm extends UnaryHybridBlock {
  static override readonly typeName: string = 'BatchNorm';
  readonly gamma: Parameter;
  readonly beta: Parameter;
  // snake_case: the attribute names are the keys saveParameters writes (MXNet's file names)
  readonly running_mean: Parameter;
  readonly running_var: Parameter;
  /** @internal */ readonly _axis: number;
  /** @internal */ readonly _momentum: number;
  /** @internal */ readonly _epsilon: number;
  /** @internal */ readonly _scale: boolean;
  /** @internal */ readonly _center: boolean;
  /** @internal */ readonly _useGlobalStats: boolean;

  constructor(options: BatchNormOptions = {}) {
    checkOptionKeys('nn.BatchNorm', options, BATCHNORM_KEYS);
    const { axis, epsilon, inChannels } = featureAxisOptions('nn.BatchNorm', options, 1);
    const momentum = options.momentum ?? 0.9;
    if (!(momentum >= 0 && momentum <= 1)) throw new ValueError(`nn.BatchNorm: momentum must be in [0, 1], got ${String(momentum)}`);
    super({ prefix: options.prefix, params: options.params });
    this._axis = axis;
    this._momentum = momentum;
    this._epsilon = epsilon;
    this._scale = options.scale ?? true;
    this._center = options.center ?? true;
    this._useGlobalStats = options.useGlobalStats ?? false;
    const shape = [inChannels];
    this.gamma = this.params.get('gamma', { gradReq: this._scale ? 'write' : 'null', shape, init: options.gammaInitializer ?? 'ones', allowDeferredInit: true, differentiable: this._scale });
    this.beta = this.params.get('beta', { gradReq: this._center ? 'write' : 'null', shape, init: options.betaInitializer ?? 'zeros', allowDeferredInit: true, differentiable: this._center });
    this.running_mean = this.params.get('running_mean', { gradReq: 'null', shape, init: options.runningMeanInitializer ?? 'zeros', allowDeferredInit: true, differentiable: false });
    this.running_var = this.params.get('running_var', { gradReq: 'null', shape, init: options.runningVarianceInitializer ?? 'ones', allowDeferredInit: true, differentiable: false });
  }

  get runningMean(): Parameter {
    return this.running_mean;
  }
  get runningVar(): Parameter {
    return this.running_var;
  }
  get axis(): number {
    return this._axis;
  }
  get momentum(): number {
    return this._momentum;
  }
  get epsilon(): number {
    return this._epsilon;
  }

  /** Channels from the first batch: x.shape[axis], for all four parameters. */
  override inferShape(x: NDArray): void {
    setFeatureShapes(this.name, this._axis, x, [this.gamma, this.beta, this.running_mean, this.running_var]);
  }

  override hybridForward(_F: F, x: NDArray, params: { gamma: NDArray; beta: NDArray; running_mean: NDArray; running_var: NDArray }): NDArray {
    return batchNorm(x, params.gamma, params.beta, params.running_mean, params.running_var, {
      axis: this._axis, eps: this._epsilon, momentum: this._momentum, fixGamma: !this._scale, useGlobalStats: this._useGlobalStats,
    });
  }

  /** `BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=None)` */
  override toString(): string {
    const c = this.gamma.shape![0];
    return `${className(this)}(axis=${this._axis}, eps=${pyFloat(this._epsilon)}, momentum=${pyFloat(this._momentum)}, fix_gamma=${pyBool(!this._scale)}, ` +
      `use_global_stats=${pyBool(this._useGlobalStats)}, in_channels=${c || 'None'})`;
  }
}
