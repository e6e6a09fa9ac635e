// nn.Dense (mx:python/mxnet/gluon/nn/basic_layers.py): y = act(x·Wᵀ + b) with W of shape
// (units, inUnits). inUnits 0 (the default) defers W's initialization to the first forward,
// where it is read off the input; the activation runs fused with the bias add (fullyConnected).
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { fullyConnected } from '../../nd/ops/nn';
import type { Parameter } from '../parameter';
import { UnaryHybridBlock, type F } from '../hybrid-block';
import type { Activation } from './activation';
import { affineActivation, affineParts, type AffineOptions } from './affine';
import { checkOptionKeys } from '../checks';
import { BLOCK_KEYS, className } from '../block';

export interface DenseOptions<B extends boolean = boolean> extends AffineOptions<B> {
  /** true: inputs (N, d1, d2, ...) are treated as (N, d1·d2·...); false: the last axis is used. */
  flatten?: boolean;
  dtype?: 'float32';
  /** Input features; 0 (default) means inferred at the first forward. */
  inUnits?: number;
}

// MXNet's keyword order
const DENSE_KEYS: readonly (keyof DenseOptions)[] = ['activation', 'useBias', 'flatten', 'dtype', 'weightInitializer', 'biasInitializer', 'inUnits', ...BLOCK_KEYS];

/** `B` is whether the layer has a bias, so that `dense.bias` is a Parameter, not Parameter | null. */
export class Dense<B extends boolean = true> extends UnaryHybridBlock {
  static override readonly typeName: string = 'Dense';
  readonly weight: Parameter;
  readonly bias: B extends false ? null : Parameter;
  readonly act: Activation | null;
  /** @internal */ readonly _units: number;
  /** @internal */ readonly _flatten: boolean;

  constructor(units: number, options: DenseOptions<B> = {}) {
    checkOptionKeys('nn.Dense', options, DENSE_KEYS);
    if (!Number.isInteger(units) || units <= 0) throw new ValueError(`nn.Dense: units must be a positive integer, got ${String(units)}`);
    const inUnits = options.inUnits ?? 0;
    if (!Number.isInteger(inUnits) || inUnits < 0) throw new ValueError(`nn.Dense: inUnits must be a non-negative integer (0 = inferred), got ${String(inUnits)}`);
    const activation = affineActivation('nn.Dense', options);
    super({ prefix: options.prefix, params: options.params });
    this._units = units;
    this._flatten = options.flatten ?? true;
    ({ weight: this.weight, bias: this.bias, act: this.act } = affineParts(this, [units, inUnits], units, activation, options, options.dtype ?? 'float32'));
  }

  get units(): number {
    return this._units;
  }

  /** Input features: the weight's second dimension, 0 until known. */
  get inUnits(): number {
    return this.weight.shape![1];
  }

  get flatten(): boolean {
    return this._flatten;
  }

  /** The weight's input dimension from the first batch: prod(shape[1:]), or the last axis. */
  override inferShape(x: NDArray): void {
    let inUnits = x.shape[x.ndim - 1] ?? 1;
    if (this._flatten) {
      inUnits = 1;
      for (const d of x.shape.slice(1)) inUnits *= d;
    }
    this.weight.shape = [this._units, inUnits];
  }

  override hybridForward(_F: F, x: NDArray, params: { weight: NDArray; bias?: NDArray }): NDArray {
    return fullyConnected(x, params.weight, params.bias ?? null, { flatten: this._flatten, activation: this.act?.actType ?? null });
  }

  /** `Dense(20 -> 256, Activation(relu))`; an unknown input size prints as None. */
  override toString(): string {
    const [units, inUnits] = this.weight.shape!;
    return `${className(this)}(${inUnits || 'None'} -> ${units}, ${this.act ? this.act.toString() : 'linear'})`;
  }
}
