// nn.Dropout: active only in training mode (autograd.record() or trainMode()), with MXNet's
// mask drawn from its generator and 1/(1-p) scaling; identity (a copy) otherwise.
import { ValueError } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';
import { isTraining } from '../../nd/autograd';
import { copy } from '../../nd/ops/elementwise';
import { dropout } from '../../nd/ops/nn';
import { HybridBlock } from '../hybrid-block';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';

export interface DropoutOptions extends BlockOptions {
  /** Axes along which one mask value is shared (variational dropout). */
  axes?: number[];
}

const DROPOUT_KEYS: readonly (keyof DropoutOptions)[] = ['axes', ...BLOCK_KEYS];

export class Dropout extends HybridBlock {
  static override readonly typeName: string = 'Dropout';
  readonly rate: number;
  readonly axes: readonly number[];

  constructor(rate: number, options: DropoutOptions = {}) {
    checkOptionKeys('nn.Dropout', options, DROPOUT_KEYS);
    if (!(rate >= 0 && rate < 1)) throw new ValueError(`nn.Dropout: rate must be in [0, 1), got ${String(rate)}`);
    super({ prefix: options.prefix, params: options.params });
    this.rate = rate;
    this.axes = Object.freeze([...(options.axes ?? [])]);
  }

  override forward(x: NDArray): NDArray {
    if (this.rate > 0 && isTraining()) return dropout(x, this.rate, { axes: [...this.axes] });
    return copy(x);
  }

  /** `Dropout(p = 0.5, axes=())`: MXNet's spacing. */
  override toString(): string {
    const axes = this.axes.length === 1 ? `(${this.axes[0]},)` : `(${this.axes.join(', ')})`;
    return `${className(this)}(p = ${this.rate}, axes=${axes})`;
  }
}
