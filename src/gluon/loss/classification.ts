// SoftmaxCrossEntropyLoss and SigmoidBinaryCrossEntropyLoss, in MXNet's numerically stable forms.
import type { NDArray } from '../../nd/ndarray';
import { abs, add, log, mul, neg, relu, softrelu, sub } from '../../nd/ops/elementwise';
import { sum } from '../../nd/ops/reduce';
import { reshape } from '../../nd/ops/shape';
import { pick } from '../../nd/ops/indexing';
import { logSoftmax } from '../../nd/ops/softmax';
import { softmaxCrossEntropy } from '../../nd/ops/nn';
import { Loss, LOSS_KEYS, type LossOptions } from './loss';
import { checkOptionKeys } from '../checks';

export interface SoftmaxCrossEntropyOptions extends LossOptions {
  /** The class axis (default -1). */
  axis?: number;
  /** true (default): labels are class indices; false: a distribution shaped like pred. */
  sparseLabel?: boolean;
  /** true: pred already holds log-probabilities. */
  fromLogits?: boolean;
}

const SOFTMAX_CE_KEYS: readonly (keyof SoftmaxCrossEntropyOptions)[] = ['axis', 'sparseLabel', 'fromLogits', ...LOSS_KEYS];

/** -log softmax(pred)[label] (sparse) or -Σ label·log softmax(pred) (dense). */
export class SoftmaxCrossEntropyLoss extends Loss {
  static override readonly typeName: string = 'SoftmaxCrossEntropyLoss';
  readonly axis: number;
  readonly sparseLabel: boolean;
  readonly fromLogits: boolean;

  constructor(options: SoftmaxCrossEntropyOptions = {}) {
    checkOptionKeys('gluon.loss.SoftmaxCrossEntropyLoss', options, SOFTMAX_CE_KEYS);
    super(options, null);
    this.axis = options.axis ?? -1;
    this.sparseLabel = options.sparseLabel ?? true;
    this.fromLogits = options.fromLogits ?? false;
  }

  override forward(pred: NDArray, label: NDArray, sampleWeight?: NDArray | null): NDArray {
    return this.compute({ pred, label, sampleWeight }, () => {
      const classAxis = this.axis < 0 ? this.axis + pred.ndim : this.axis;
      let loss: NDArray;
      if (this.sparseLabel && !this.fromLogits && pred.ndim === 2 && classAxis === 1 && this._batchAxis === 0 && label.size === pred.shape[0]) {
        // fused log-softmax + pick with its one-pass gradient (softmax - onehot); kept (N, 1) like MXNet's keepdims
        loss = reshape(softmaxCrossEntropy(pred, label), [pred.shape[0], 1]);
      } else {
        const logp = this.fromLogits ? pred : logSoftmax(pred, { axis: this.axis });
        loss = this.sparseLabel ? neg(pick(logp, label, { axis: this.axis, keepdims: true })) : neg(sum(mul(logp, this.labelLike(label, logp)), { axis: this.axis, keepdims: true }));
      }
      return this.perSample(this.applyWeighting(loss, this._weight, sampleWeight));
    });
  }
}

export interface SigmoidBCEOptions extends LossOptions {
  /** true: pred holds probabilities; false (default): logits. */
  fromSigmoid?: boolean;
}

/** Binary cross-entropy; from logits as relu(x) - x·z + softrelu(-|x|) (no overflow). */
export class SigmoidBinaryCrossEntropyLoss extends Loss {
  static override readonly typeName: string = 'SigmoidBinaryCrossEntropyLoss';
  readonly fromSigmoid: boolean;

  constructor(options: SigmoidBCEOptions = {}) {
    checkOptionKeys('gluon.loss.SigmoidBinaryCrossEntropyLoss', options, ['fromSigmoid', ...LOSS_KEYS]);
    super(options, null);
    this.fromSigmoid = options.fromSigmoid ?? false;
  }

  override forward(pred: NDArray, label: NDArray, sampleWeight?: NDArray | null, posWeight?: NDArray | null): NDArray {
    return this.compute({ pred, label, sampleWeight, posWeight }, () => {
      const z = this.labelLike(label, pred);
      let loss: NDArray;
      if (!this.fromSigmoid) {
        if (!posWeight) {
          loss = add(sub(relu(pred), mul(pred, z)), softrelu(neg(abs(pred))));
        } else {
          // x - x·z + (1 + (pw - 1)·z)·(softrelu(-|x|) + relu(-x))
          const scale = add(mul(sub(posWeight, 1), z), 1);
          loss = add(sub(pred, mul(pred, z)), mul(scale, add(softrelu(neg(abs(pred))), relu(neg(pred)))));
        }
      } else {
        const eps = 1e-12;
        let pos = mul(log(add(pred, eps)), z);
        if (posWeight) pos = mul(pos, posWeight);
        loss = neg(add(pos, mul(log(add(sub(1, pred), eps)), sub(1, z))));
      }
      return this.perSample(this.applyWeighting(loss, this._weight, sampleWeight));
    });
  }
}

/** MXNet's aliases. */
export { SoftmaxCrossEntropyLoss as SoftmaxCELoss, SigmoidBinaryCrossEntropyLoss as SigmoidBCELoss };
