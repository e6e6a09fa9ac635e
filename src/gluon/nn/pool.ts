// 2-D pooling layers (mx:python/mxnet/gluon/nn/conv_layers.py, _Pooling): MaxPool2D, AvgPool2D
// and the global variants, no parameters. Naming hint `pool`. MXNet stores strides = poolSize
// when none are given and builds the global layers with pool size (1, 1) and ceil mode on, which
// is what their reprs print.
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { pool2d, type PoolType } from '../../nd/ops/pool';
import { toPair, type Pair } from '../../nd/ops/conv';
import { BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { pyBool, pyTuple } from '../format';
import { HybridBlock } from '../hybrid-block';

export interface Pool2DOptions extends BlockOptions {
  /** Window size (default 2; an int means the same for both axes). */
  poolSize?: Pair;
  /** Step of the window (default: poolSize). */
  strides?: Pair | null;
  /** Implicit padding on each side (default 0). */
  padding?: Pair;
  /** Round the output size up ('full' convention) instead of down (default false). */
  ceilMode?: boolean;
  /** Only 'NCHW'. */
  layout?: 'NCHW';
}

export interface AvgPool2DOptions extends Pool2DOptions {
  /** Divide by the window including padding (default true) or by its in-bounds part. */
  countIncludePad?: boolean;
}

const POOL_KEYS: readonly (keyof Pool2DOptions)[] = ['poolSize', 'strides', 'padding', 'layout', 'ceilMode', ...BLOCK_KEYS];
const AVG_POOL_KEYS: readonly (keyof AvgPool2DOptions)[] = [...POOL_KEYS, 'countIncludePad'];
export type GlobalPool2DOptions = BlockOptions & { layout?: 'NCHW' };
const GLOBAL_POOL_KEYS: readonly (keyof GlobalPool2DOptions)[] = ['layout', ...BLOCK_KEYS];

/** Accepts MXNet's positional pool_size first, or the options object alone; checks the keys. */
function splitArgs<O extends AvgPool2DOptions>(op: string, keys: readonly (keyof AvgPool2DOptions)[], first: Pair | O | undefined, rest: O | undefined): O {
  if (first === undefined || typeof first === 'number' || Array.isArray(first)) {
    checkOptionKeys<AvgPool2DOptions>(op, rest, keys);
    return { ...(rest ?? ({} as O)), poolSize: first ?? rest?.poolSize };
  }
  checkOptionKeys<AvgPool2DOptions>(op, first as O, keys);
  if (rest !== undefined) throw new ValueError(`${op}: options given twice; pass (poolSize, options) or (options)`);
  return first as O;
}

abstract class Pooling extends HybridBlock {
  /** @internal */ readonly _kernel: [number, number];
  /** @internal */ readonly _strides: [number, number];
  /** @internal */ readonly _padding: [number, number];
  /** @internal */ readonly _ceilMode: boolean;
  /** @internal */ readonly _global: boolean;
  /** @internal */ readonly _poolType: PoolType;
  /** @internal */ readonly _countIncludePad: boolean;

  constructor(op: string, type: PoolType, global: boolean, options: AvgPool2DOptions) {
    const kernel = toPair(op, 'poolSize', options.poolSize, global ? 1 : 2, 1);
    const strides = options.strides === undefined || options.strides === null ? kernel : toPair(op, 'strides', options.strides, 1, 1);
    const padding = toPair(op, 'padding', options.padding, 0, 0);
    const layout = options.layout ?? 'NCHW';
    if (layout !== 'NCHW') throw new ValueError(`${op}: layout '${String(layout)}' is not supported; only 'NCHW' is`);
    super({ prefix: options.prefix, params: options.params });
    this._kernel = kernel;
    this._strides = strides;
    this._padding = padding;
    this._ceilMode = global ? true : !!options.ceilMode;
    this._global = global;
    this._poolType = type;
    this._countIncludePad = options.countIncludePad ?? true;
  }

  /** MXNet names every pooling layer `pool<n>`. */
  protected override _alias(): string {
    return 'pool';
  }

  get poolSize(): readonly [number, number] {
    return this._kernel;
  }
  get strides(): readonly [number, number] {
    return this._strides;
  }
  get padding(): readonly [number, number] {
    return this._padding;
  }
  get ceilMode(): boolean {
    return this._ceilMode;
  }

  override forward(x: NDArray): NDArray {
    if (!(x instanceof NDArray)) throw new ValueError(`${this.name}: pooling expects an NDArray input, got ${String(x)}`);
    return pool2d(x, this._poolType, {
      poolSize: this._kernel, strides: this._strides, padding: this._padding, ceilMode: this._ceilMode,
      countIncludePad: this._countIncludePad, global: this._global,
    });
  }

  /** `MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)` */
  override toString(): string {
    return `${className(this)}(size=${pyTuple(this._kernel)}, stride=${pyTuple(this._strides)}, padding=${pyTuple(this._padding)}, ` +
      `ceil_mode=${pyBool(this._ceilMode)}, global_pool=${pyBool(this._global)}, pool_type=${this._poolType}, layout=NCHW)`;
  }
}

/** Max over poolSize windows (default 2x2, stride = poolSize). */
export class MaxPool2D extends Pooling {
  static override readonly typeName: string = 'MaxPool2D';
  constructor(poolSize?: Pair | Pool2DOptions, options?: Pool2DOptions) {
    super('nn.MaxPool2D', 'max', false, splitArgs('nn.MaxPool2D', POOL_KEYS, poolSize, options));
  }
}

/** Mean over poolSize windows; countIncludePad (default true) counts padding in the divisor. */
export class AvgPool2D extends Pooling {
  static override readonly typeName: string = 'AvgPool2D';
  constructor(poolSize?: Pair | AvgPool2DOptions, options?: AvgPool2DOptions) {
    super('nn.AvgPool2D', 'avg', false, splitArgs('nn.AvgPool2D', AVG_POOL_KEYS, poolSize, options));
  }
}

/** (N, C, H, W) → (N, C, 1, 1), the max of each plane. */
export class GlobalMaxPool2D extends Pooling {
  static override readonly typeName: string = 'GlobalMaxPool2D';
  constructor(options: GlobalPool2DOptions = {}) {
    checkOptionKeys('nn.GlobalMaxPool2D', options, GLOBAL_POOL_KEYS);
    super('nn.GlobalMaxPool2D', 'max', true, options);
  }
}

/** (N, C, H, W) → (N, C, 1, 1), the mean of each plane. */
export class GlobalAvgPool2D extends Pooling {
  static override readonly typeName: string = 'GlobalAvgPool2D';
  constructor(options: GlobalPool2DOptions = {}) {
    checkOptionKeys('nn.GlobalAvgPool2D', options, GLOBAL_POOL_KEYS);
    super('nn.GlobalAvgPool2D', 'avg', true, options);
  }
}
