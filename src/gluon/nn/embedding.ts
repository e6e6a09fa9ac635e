// nn.Embedding (mx:python/mxnet/gluon/nn/basic_layers.py): out = weight[indices], shape
// indices.shape + (outputDim,). Indices are truncated to integers and clipped to
// [0, inputDim - 1] as MXNet's Embedding does (nd take, mode 'clip'); the weight's gradient is
// a scatter-add of the output gradient rows (rows used twice get the sum).
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { take } from '../../nd/ops/indexing';
import type { InitLike } from '../init';
import type { Parameter } from '../parameter';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { HybridBlock, type F } from '../hybrid-block';

export interface EmbeddingOptions extends BlockOptions {
  dtype?: 'float32';
  /** The weight's own initializer (default: whatever initialize() is given). */
  weightInitializer?: InitLike | null;
  /** Accepted for MXNet compatibility; gradients are always dense here. */
  sparseGrad?: boolean;
}

const EMBEDDING_KEYS: readonly (keyof EmbeddingOptions)[] = ['dtype', 'weightInitializer', 'sparseGrad', ...BLOCK_KEYS];

export class Embedding extends HybridBlock {
  static override readonly typeName: string = 'Embedding';
  readonly weight: Parameter;
  /** @internal */ readonly _inputDim: number;
  /** @internal */ readonly _outputDim: number;

  constructor(inputDim: number, outputDim: number, options: EmbeddingOptions = {}) {
    const op = 'nn.Embedding';
    checkOptionKeys(op, options, EMBEDDING_KEYS);
    if (!Number.isInteger(inputDim) || inputDim <= 0) throw new ValueError(`${op}: inputDim must be a positive integer, got ${String(inputDim)}`);
    if (!Number.isInteger(outputDim) || outputDim <= 0) throw new ValueError(`${op}: outputDim must be a positive integer, got ${String(outputDim)}`);
    super({ prefix: options.prefix, params: options.params });
    this._inputDim = inputDim;
    this._outputDim = outputDim;
    this.weight = this.params.get('weight', { shape: [inputDim, outputDim], init: options.weightInitializer ?? null, dtype: options.dtype ?? 'float32', allowDeferredInit: true });
  }

  get inputDim(): number {
    return this._inputDim;
  }
  get outputDim(): number {
    return this._outputDim;
  }

  override forward(x: NDArray): NDArray {
    if (!(x instanceof NDArray)) throw new ValueError(`${this.name}: Embedding expects an NDArray of indices, got ${String(x)}`);
    return super.forward(x);
  }

  override hybridForward(_F: F, x: NDArray, params: { weight: NDArray }): NDArray {
    return take(params.weight, x, { axis: 0, mode: 'clip' });
  }

  /** `Embedding(10 -> 5, float32)` */
  override toString(): string {
    return `${className(this)}(${this._inputDim} -> ${this._outputDim}, float32)`;
  }
}
