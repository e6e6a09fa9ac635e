// nn.Activation (mx:python/mxnet/gluon/nn/activations.py): an elementwise activation block. Its
// naming hint is the activation itself (relu0_, dense0_relu_), not the class name.
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import type { ActivationName } from '../../nd/ops/nn';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { HybridBlock, type F } from '../hybrid-block';

export type ActType = ActivationName;
const ACT_TYPES: readonly string[] = ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];

export function checkActType(op: string, act: unknown): ActType {
  if (typeof act !== 'string' || !ACT_TYPES.includes(act)) {
    throw new ValueError(`${op}: activation '${String(act)}' is not supported; expected one of ${ACT_TYPES.join(', ')}`);
  }
  return act as ActType;
}

export class Activation extends HybridBlock {
  static override readonly typeName: string = 'Activation';
  readonly actType: ActType;

  constructor(activation: ActType, options: BlockOptions = {}) {
    checkOptionKeys('nn.Activation', options, BLOCK_KEYS);
    const act = checkActType('nn.Activation', activation);
    super({ ...options, _hint: act });
    this.actType = act;
  }

  override forward(x: NDArray): NDArray {
    return super.forward(x);
  }

  override hybridForward(F: F, x: NDArray): NDArray {
    return F[this.actType](x);
  }

  /** `Activation(relu)` */
  override toString(): string {
    return `${className(this)}(${this.actType})`;
  }
}
