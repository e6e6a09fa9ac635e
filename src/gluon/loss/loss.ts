// gluon.loss.Loss (mx:python/mxnet/gluon/loss.py): a HybridBlock whose forward(pred, label, ...)
// returns one value per sample: the elementwise loss, weighted by sampleWeight then by `weight`,
// averaged over every axis except the batch axis (gluon-1x.md §8).
import { ShapeError } from '../../wasm';
import { checkArray, type NDArray } from '../../nd/ndarray';
import { mean } from '../../nd/ops/reduce';
import { mul } from '../../nd/ops/elementwise';
import { reshape } from '../../nd/ops/shape';
import { HybridBlock } from '../hybrid-block';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { pyFloat, pyTuple } from '../format';
import { tidyUnlessRecording } from '../../nd/memory';

export interface LossOptions extends BlockOptions {
  /** Global scalar weight applied to the loss (null: none). */
  weight?: number | null;
  /** The axis that indexes samples (default 0). */
  batchAxis?: number;
}

/** The keys of LossOptions; each built-in loss checks them (plus its own) before super(). */
export const LOSS_KEYS: readonly (keyof LossOptions)[] = ['weight', 'batchAxis', ...BLOCK_KEYS];

export abstract class Loss extends HybridBlock {
  static override readonly typeName: string = 'Loss';
  /** @internal */ readonly _weight: number | null;
  /** @internal */ readonly _batchAxis: number;

  constructor(options: LossOptions, defaultWeight: number | null) {
    super({ prefix: options.prefix, params: options.params });
    this._weight = options.weight === undefined ? defaultWeight : options.weight;
    this._batchAxis = options.batchAxis ?? 0;
  }

  get weight(): number | null {
    return this._weight;
  }

  get batchAxis(): number {
    return this._batchAxis;
  }

  /**
   * Runs a loss computation: its temporaries are freed at once outside autograd.record (an
   * evaluation loop that disposes only the loss stays flat; they used to wait for the GC
   * backstop, 2-7 arrays a call).
   */
  protected compute(args: Record<string, unknown>, fn: () => NDArray): NDArray {
    // the arrays first, named: a missing label is this loss's ValueError, not a TypeError inside
    const where = `${className(this)}.forward`;
    for (const [name, v] of Object.entries(args)) {
      const optional = name === 'sampleWeight' || name === 'posWeight';
      if (!(optional && (v === null || v === undefined))) checkArray(where, v, name);
    }
    return tidyUnlessRecording(fn, 'the loss forward that made it');
  }

  /** MXNet's _apply_weighting: loss * sampleWeight (broadcast), then * weight. */
  protected applyWeighting(loss: NDArray, weight: number | null, sampleWeight?: NDArray | null): NDArray {
    let out = loss;
    if (sampleWeight) out = mul(out, sampleWeight);
    if (weight !== null) out = mul(out, weight);
    return out;
  }

  /** The mean over every axis except the batch axis: shape (batch,). */
  protected perSample(loss: NDArray): NDArray {
    return mean(loss, { axis: this._batchAxis, exclude: true });
  }

  /** label viewed with pred's shape (MXNet reshapes it; the sizes must match). */
  protected labelLike(label: NDArray, pred: NDArray): NDArray {
    if (label.size !== pred.size) {
      throw new ShapeError(`${className(this)}: label of shape ${pyTuple(label.shape)} has ${label.size} elements but pred of shape ${pyTuple(pred.shape)} has ${pred.size}`);
    }
    return label.ndim === pred.ndim && label.shape.every((d, i) => d === pred.shape[i]) ? label : reshape(label, pred.shape);
  }

  override toString(): string {
    return `${className(this)}(batch_axis=${this._batchAxis}, w=${pyFloat(this._weight)})`;
  }
}
