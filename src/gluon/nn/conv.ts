// nn.Conv2D (mx:python/mxnet/gluon/nn/conv_layers.py, _Conv): a 2-D NCHW convolution with weight
// (channels, inChannels/groups, kh, kw) and bias (channels,). inChannels 0 (the default) defers
// the weight's shape to the first forward, read off the input. The activation runs fused with the
// bias add (nd conv2d). Naming hint `conv`; its parameters keep numpy's dtype class in reprs.
import { ShapeError, ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { conv2d, toPair, type Pair } from '../../nd/ops/conv';
import type { Parameter } from '../parameter';
import { pyTuple } from '../format';
import { UnaryHybridBlock, type F } from '../hybrid-block';
import type { Activation } from './activation';
import { affineActivation, affineParts, type AffineOptions } from './affine';
import { checkOptionKeys } from '../checks';
import { BLOCK_KEYS, className } from '../block';

export interface Conv2DOptions<B extends boolean = boolean> extends AffineOptions<B> {
  /** Step of the window (default 1; an int means the same for both axes). */
  strides?: Pair;
  /** Zeros added on each side (default 0). */
  padding?: Pair;
  /** Spacing of kernel taps (default 1). */
  dilation?: Pair;
  /** Channels are split into this many groups, each convolved separately (default 1). */
  groups?: number;
  /** Only 'NCHW' (MXNet's CPU convolution supports no other layout either). */
  layout?: 'NCHW';
  /** Input channels; 0 (default) means inferred at the first forward. */
  inChannels?: number;
}

// MXNet's keyword order
const CONV2D_KEYS: readonly (keyof Conv2DOptions)[] = [
  'strides', 'padding', 'dilation', 'groups', 'layout', 'activation', 'useBias', 'weightInitializer', 'biasInitializer', 'inChannels', ...BLOCK_KEYS,
];

export class Conv2D<B extends boolean = true> extends UnaryHybridBlock {
  static override readonly typeName: string = 'Conv2D';
  readonly weight: Parameter;
  readonly bias: B extends false ? null : Parameter;
  readonly act: Activation | null;
  /** @internal */ readonly _channels: number;
  /** @internal */ readonly _kernel: [number, number];
  /** @internal */ readonly _strides: [number, number];
  /** @internal */ readonly _padding: [number, number];
  /** @internal */ readonly _dilation: [number, number];
  /** @internal */ readonly _groups: number;

  constructor(channels: number, kernelSize: Pair, options: Conv2DOptions<B> = {}) {
    const op = 'nn.Conv2D';
    checkOptionKeys(op, options, CONV2D_KEYS);
    if (!Number.isInteger(channels) || channels <= 0) throw new ValueError(`${op}: channels must be a positive integer, got ${String(channels)}`);
    const kernel = toPair(op, 'kernelSize', kernelSize, 1, 1);
    const strides = toPair(op, 'strides', options.strides, 1, 1);
    const padding = toPair(op, 'padding', options.padding, 0, 0);
    const dilation = toPair(op, 'dilation', options.dilation, 1, 1);
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${String(groups)}`);
    if (channels % groups !== 0) throw new ValueError(`${op}: channels (${channels}) must be divisible by groups (${groups})`);
    const layout = options.layout ?? 'NCHW';
    if (layout !== 'NCHW') throw new ValueError(`${op}: layout '${String(layout)}' is not supported; only 'NCHW' is`);
    const inChannels = options.inChannels ?? 0;
    if (!Number.isInteger(inChannels) || inChannels < 0 || inChannels % groups !== 0) {
      throw new ValueError(`${op}: inChannels must be a non-negative integer divisible by groups (${groups}), got ${String(inChannels)}`);
    }
    const activation = affineActivation(op, options);
    super({ prefix: options.prefix, params: options.params });
    this._channels = channels;
    this._kernel = kernel;
    this._strides = strides;
    this._padding = padding;
    this._dilation = dilation;
    this._groups = groups;
    // no dtype given: the Parameter repr prints numpy's class, as MXNet's conv layers do
    ({ weight: this.weight, bias: this.bias, act: this.act } = affineParts(this, [channels, inChannels / groups, ...kernel], channels, activation, options));
  }

  /** MXNet names every convolution layer `conv<n>`. */
  protected override _alias(): string {
    return 'conv';
  }

  get channels(): number {
    return this._channels;
  }

  /** Input channels: weight.shape[1] * groups, 0 until known. */
  get inChannels(): number {
    return this.weight.shape![1] * this._groups;
  }

  /** The weight's input channels from the first batch: x.shape[1] / groups. */
  override inferShape(x: NDArray): void {
    if (x.ndim !== 4) throw new ShapeError(`${this.name}: Conv2D expects 4-D NCHW input, got shape ${pyTuple(x.shape)}`);
    const c = x.shape[1];
    if (c % this._groups !== 0) throw new ShapeError(`${this.name}: input channels ${c} (shape ${pyTuple(x.shape)}) are not divisible by groups=${this._groups}`);
    this.weight.shape = [this._channels, c / this._groups, ...this._kernel];
  }

  override hybridForward(_F: F, x: NDArray, params: { weight: NDArray; bias?: NDArray }): NDArray {
    return conv2d(x, params.weight, params.bias ?? null, {
      stride: this._strides, padding: this._padding, dilation: this._dilation, groups: this._groups, activation: this.act?.actType ?? null,
    });
  }

  /** `Conv2D(None -> 6, kernel_size=(5, 5), stride=(1, 1))` plus the non-default options. */
  override toString(): string {
    const [out, inPerGroup] = this.weight.shape!;
    let s = `${className(this)}(${inPerGroup || 'None'} -> ${out}, kernel_size=${pyTuple(this._kernel)}, stride=${pyTuple(this._strides)}`;
    if (this._padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this._padding)}`;
    if (this._dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this._dilation)}`;
    if (this._groups !== 1) s += `, groups=${this._groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.act) s += `, ${this.act.toString()}`;
    return `${s})`;
  }
}
