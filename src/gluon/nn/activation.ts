// nn.Activation (mx:python/mxnet/gluon/nn/activations.py): an elementwise activation block. Its
// naming hint is the activation itself (relu0_, dense0_relu_), not the class name.
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import type { ActivationName } from '../../nd/ops/nn';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { UnaryHybridBlock, type F } from '../hybrid-block';
import { greater, mul, where } from '../../nd/ops/elementwise';
import { isRecording } from '../../nd/autograd';

export type ActType = ActivationName;
const ACT_TYPES: readonly string[] = ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];

export function checkActType(op: string, act: unknown): ActType {
  if (typeof act !== 'string' || !ACT_TYPES.includes(act)) {
    throw new ValueError(`${op}: activation '${String(act)}' is not supported; expected one of ${ACT_TYPES.join(', ')}`);
  }
  return act as ActType;
}

export class Activation extends UnaryHybridBlock {
  static override readonly typeName: string = 'Activation';
  readonly actType: ActType;

  constructor(activation: ActType, options: BlockOptions = {}) {
    checkOptionKeys('nn.Activation', options, BLOCK_KEYS);
    const act = checkActType('nn.Activation', activation);
    super({ ...options, _hint: act });
    this.actType = act;
  }

  override hybridForward(F: F, x: NDArray): NDArray {
    return F[this.actType](x);
  }

  /** `Activation(relu)` */
  override toString(): string {
    return `${className(this)}(${this.actType})`;
  }
}

/**
 * nn.LeakyReLU(alpha) (mx:gluon/nn/activations.py): x for x > 0, alpha * x otherwise (MXNet's
 * LeakyReLU op, act_type 'leaky'; its gradient is 1 or alpha, alpha at 0). alpha >= 0, as MXNet
 * asserts.
 */
export class LeakyReLU extends UnaryHybridBlock {
  static override readonly typeName: string = 'LeakyReLU';
  readonly alpha: number;

  constructor(alpha: number, options: BlockOptions = {}) {
    checkOptionKeys('nn.LeakyReLU', options, BLOCK_KEYS);
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) {
      throw new ValueError(`nn.LeakyReLU: the slope alpha must be a finite number no less than 0, got ${String(alpha)}`);
    }
    super(options);
    this.alpha = alpha;
  }

  override hybridForward(_F: F, x: NDArray): NDArray {
    const positive = greater(x, 0);
    const negativePart = mul(x, this.alpha);
    const out = where(positive, x, negativePart);
    // where keeps the condition for its backward; outside record both temporaries go now
    if (!isRecording()) {
      positive.dispose();
      negativePart.dispose();
    }
    return out;
  }

  /** `LeakyReLU(0.1)` */
  override toString(): string {
    return `${className(this)}(${this.alpha})`;
  }
}
