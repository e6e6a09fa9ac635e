// nn.HybridBlock with Block semantics (API.md: "alias of Block semantics"): children must be
// HybridBlocks, and forward(...inputs) runs MXNet's HybridBlock.forward for NDArray inputs:
// read the attribute parameters' data; if one is still waiting for its shape
// (DeferredInitializationError), infer the shapes from the inputs, finish the deferred init of
// this block's own parameters in insertion order (weight before bias: the order of the random
// draws), then call hybridForward(F, ...inputs, params) with F = the nd namespace.
import { DeferredInitializationError, GluonError, ShapeError, ValueError } from '../wasm';
import * as nd from '../nd';
import { NDArray } from '../nd/ndarray';
import { Block, className } from './block';

/** The `F` handed to hybridForward: the nd namespace (MXNet passes mx.nd for NDArray inputs). */
export type F = typeof nd;

export class HybridBlock extends Block {
  static override readonly typeName: string = 'HybridBlock';
  /** @internal set by hybridize(); computation is imperative either way */ _active = false;

  /** @internal children of a HybridBlock must be HybridBlocks. */
  override _register(block: Block, name: string): void {
    if (!(block instanceof HybridBlock)) {
      throw new ValueError(
        `Children of HybridBlock must also be HybridBlock, but ${String(block)} has type ${className(block)}. If you are using Sequential, please try HybridSequential instead.`,
      );
    }
    super._register(block, name);
  }

  override hybridize(active = true, options: Record<string, unknown> = {}): void {
    this._active = active;
    super.hybridize(active, options);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override forward(...inputs: NDArray[]): any {
    for (const x of inputs) {
      if (!(x instanceof NDArray)) throw new ValueError(`${this.name}: ${className(this)} expects NDArray inputs, got ${String(x)}`);
    }
    const params = this._paramData(inputs);
    // one input (every built-in layer): no spread on the per-call path
    return inputs.length === 1 ? this.hybridForward(nd, inputs[0], params) : this.hybridForward(nd, ...inputs, params);
  }

  /**
   * The computation, MXNet's hybrid_forward(F, x, *args, **params): the inputs, then one object
   * with the data of each attribute Parameter by attribute name ({ weight, bias }).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  hybridForward(_F: F, ..._args: any[]): any {
    throw new GluonError(`${className(this)} ${this.name}: hybridForward is not implemented; subclasses of nn.HybridBlock must define hybridForward(F, x, ..., params) or forward(x, ...)`);
  }

  /**
   * Sets the unknown (0) dimensions of this block's parameters from the first inputs (MXNet
   * infers them symbolically). Layers with deferred parameters override it.
   */
  inferShape(..._inputs: NDArray[]): void {
    throw new GluonError(`${className(this)} does not implement inferShape(...inputs); give its parameters complete shapes (in_units, in_channels, ...) up front`);
  }

  /** @internal the attribute parameters' data, finishing their deferred init on first use. */
  _paramData(inputs: NDArray[]): Record<string, NDArray> {
    this._syncForward();
    try {
      return this._readParams();
    } catch (err) {
      if (!(err instanceof DeferredInitializationError)) throw err;
    }
    try {
      this.inferShape(...inputs);
    } catch (err) {
      throw new ShapeError(`Deferred initialization failed because shape cannot be inferred. ${(err as Error).message}`);
    }
    for (const p of this.params.values()) p._finishDeferredInit();
    return this._readParams();
  }

  private _readParams(): Record<string, NDArray> {
    const out: Record<string, NDArray> = {};
    for (const [key, p] of this._regParams) out[key] = p.data();
    return out;
  }
}

/**
 * A HybridBlock of one input and one output, forward typed NDArray -> NDArray: the built-in layers
 * (Dense, Conv2D, BatchNorm, LayerNorm, Activation, LeakyReLU) extend it. HybridBlock's own
 * forward takes any inputs and returns any, since a hybridForward may return several outputs.
 */
export abstract class UnaryHybridBlock extends HybridBlock {
  override forward(x: NDArray): NDArray {
    return super.forward(x);
  }
}
