// nn.Flatten: (N, d1, d2, ...) → (N, d1·d2·...), a view.
import type { NDArray } from '../../nd/ndarray';
import { flatten } from '../../nd/ops/shape';
import { HybridBlock } from '../hybrid-block';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';

export class Flatten extends HybridBlock {
  static override readonly typeName: string = 'Flatten';

  constructor(options: BlockOptions = {}) {
    checkOptionKeys('nn.Flatten', options, BLOCK_KEYS);
    super(options);
  }

  override forward(x: NDArray): NDArray {
    return flatten(x);
  }

  override toString(): string {
    return className(this);
  }
}
