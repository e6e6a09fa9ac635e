// The simple built-in initializers of mx.init (python/mxnet/initializer.py): Uniform (the
// global default), Normal, Constant, Zero, One. Random ones draw from nd.random's generator in
// place, as MXNet's `random.uniform(-scale, scale, out=arr)` does, so weights match MXNet's.
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { fillNormal, fillUniform } from '../../nd/random';
import { Initializer } from './initializer';
import { checkOptionKeys, finiteNumber } from '../checks';

/** U[-scale, scale) (scale = 0.07 by default: Block.initialize()'s default initializer). */
export class Uniform extends Initializer {
  readonly scale: number;
  constructor(scale: number | { scale?: number } = 0.07) {
    super();
    if (typeof scale === 'object') checkOptionKeys('init.Uniform', scale, ['scale']);
    this.scale = finiteNumber('init.Uniform', 'scale', typeof scale === 'object' ? scale.scale ?? 0.07 : scale);
  }
  initWeight(_name: string, arr: NDArray): void {
    fillUniform(arr, -this.scale, this.scale);
  }
}

/** N(0, sigma²) (sigma = 0.01 by default). */
export class Normal extends Initializer {
  readonly sigma: number;
  constructor(sigma: number | { sigma?: number } = 0.01) {
    super();
    if (typeof sigma === 'object') checkOptionKeys('init.Normal', sigma, ['sigma']);
    this.sigma = finiteNumber('init.Normal', 'sigma', typeof sigma === 'object' ? sigma.sigma ?? 0.01 : sigma);
  }
  initWeight(_name: string, arr: NDArray): void {
    fillNormal(arr, 0, this.sigma);
  }
}

/** Every element set to `value` (a number, or an array broadcastable to the parameter's shape). */
export class Constant extends Initializer {
  readonly value: number | NDArray;
  constructor(value: number | NDArray | { value: number | NDArray }) {
    super();
    if (typeof value === 'object' && !(value instanceof NDArray)) checkOptionKeys('init.Constant', value, ['value']);
    const v = typeof value === 'object' && !(value instanceof NDArray) ? value.value : value;
    if (typeof v !== 'number' && !(v instanceof NDArray)) throw new ValueError(`init.Constant: value must be a number or an NDArray, got ${String(v)}`);
    this.value = v;
  }
  initWeight(_name: string, arr: NDArray): void {
    arr.setData(this.value);
  }
}

/** All zeros (registered as 'zero' and 'zeros'). */
export class Zero extends Initializer {
  initWeight(_name: string, arr: NDArray): void {
    arr.setData(0);
  }
}

/** All ones (registered as 'one' and 'ones'). */
export class One extends Initializer {
  initWeight(_name: string, arr: NDArray): void {
    arr.setData(1);
  }
}
