// L2Loss (with MXNet's ½) and L1Loss.
import type { NDArray } from '../../nd/ndarray';
import { abs, square, sub } from '../../nd/ops/elementwise';
import { Loss, LOSS_KEYS, type LossOptions } from './loss';
import { checkOptionKeys } from '../checks';

/** ½·weight·(label - pred)², averaged over non-batch axes. */
export class L2Loss extends Loss {
  static override readonly typeName: string = 'L2Loss';
  constructor(options: LossOptions = {}) {
    checkOptionKeys('gluon.loss.L2Loss', options, LOSS_KEYS);
    super(options, 1);
  }
  override forward(pred: NDArray, label: NDArray, sampleWeight?: NDArray | null): NDArray {
    return this.compute({ pred, label, sampleWeight }, () => {
      const loss = square(sub(this.labelLike(label, pred), pred));
      return this.perSample(this.applyWeighting(loss, this._weight === null ? null : this._weight / 2, sampleWeight));
    });
  }
}

/** |label - pred|, averaged over non-batch axes. */
export class L1Loss extends Loss {
  static override readonly typeName: string = 'L1Loss';
  constructor(options: LossOptions = {}) {
    checkOptionKeys('gluon.loss.L1Loss', options, LOSS_KEYS);
    super(options, null);
  }
  override forward(pred: NDArray, label: NDArray, sampleWeight?: NDArray | null): NDArray {
    return this.compute({ pred, label, sampleWeight }, () => {
      const loss = abs(sub(this.labelLike(label, pred), pred));
      return this.perSample(this.applyWeighting(loss, this._weight, sampleWeight));
    });
  }
}
