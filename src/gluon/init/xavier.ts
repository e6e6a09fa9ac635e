// Xavier (Glorot) and MSRAPrelu (He) initializers, with MXNet's defaults and formula
// (python/mxnet/initializer.py): hw = prod(shape[2:]), fan_in = shape[1]·hw,
// fan_out = shape[0]·hw, factor = avg|in|out of them, scale = sqrt(magnitude / factor) in float64,
// then U[-scale, scale) or N(0, scale²).
import { ValueError } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';
import { fillNormal, fillUniform } from '../../nd/random';
import { Initializer } from './initializer';
import { checkOptionKeys } from '../checks';

export type RndType = 'uniform' | 'gaussian';
export type FactorType = 'avg' | 'in' | 'out';

export interface XavierOptions {
  rndType?: RndType;
  factorType?: FactorType;
  magnitude?: number;
}

function checkTypes(op: string, rndType: string, factorType: string): void {
  // MXNet raises these when the weight is initialized; checking here fails before any draw.
  if (rndType !== 'uniform' && rndType !== 'gaussian') throw new ValueError(`${op}: Unknown random type '${rndType}' (rndType must be 'uniform' or 'gaussian')`);
  if (factorType !== 'avg' && factorType !== 'in' && factorType !== 'out') throw new ValueError(`${op}: Incorrect factor type '${factorType}' (factorType must be 'avg', 'in' or 'out')`);
}

export class Xavier extends Initializer {
  readonly rndType: RndType;
  readonly factorType: FactorType;
  readonly magnitude: number;
  constructor(options: XavierOptions = {}) {
    super();
    checkOptionKeys('init.Xavier', options, ['rndType', 'factorType', 'magnitude']);
    this.rndType = options.rndType ?? 'uniform';
    this.factorType = options.factorType ?? 'avg';
    this.magnitude = options.magnitude ?? 3;
    checkTypes('init.Xavier', this.rndType, this.factorType);
    if (typeof this.magnitude !== 'number' || !(this.magnitude > 0)) throw new ValueError(`init.Xavier: magnitude must be a positive number, got ${String(this.magnitude)}`);
  }

  /** The bound (uniform) or standard deviation (gaussian) used for an array of `shape`. */
  scaleFor(name: string, shape: readonly number[]): number {
    if (shape.length < 2) throw new ValueError(`Xavier initializer cannot be applied to vector ${name}. It requires at least 2D.`);
    let hw = 1;
    for (const d of shape.slice(2)) hw *= d;
    const fanIn = shape[1] * hw;
    const fanOut = shape[0] * hw;
    const factor = this.factorType === 'avg' ? (fanIn + fanOut) / 2 : this.factorType === 'in' ? fanIn : fanOut;
    return Math.sqrt(this.magnitude / factor);
  }

  override checkShape(name: string, shape: readonly number[]): void {
    this.scaleFor(name, shape);
  }

  initWeight(name: string, arr: NDArray): void {
    const scale = this.scaleFor(name, arr.shape);
    if (this.rndType === 'uniform') fillUniform(arr, -scale, scale);
    else fillNormal(arr, 0, scale);
  }
}

export interface MSRAPreluOptions {
  factorType?: FactorType;
  slope?: number;
}

/** Xavier with 'gaussian' draws and magnitude 2 / (1 + slope²) (He et al. for PReLU). */
export class MSRAPrelu extends Xavier {
  readonly slope: number;
  constructor(options: MSRAPreluOptions = {}) {
    checkOptionKeys('init.MSRAPrelu', options, ['factorType', 'slope']);
    const slope = options.slope ?? 0.25;
    super({ rndType: 'gaussian', factorType: options.factorType ?? 'avg', magnitude: 2 / (1 + slope ** 2) });
    this.slope = slope;
  }
}
