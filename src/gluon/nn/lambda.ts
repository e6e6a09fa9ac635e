// nn.Lambda / nn.HybridLambda: wrap a function (or the name of an nd op) as a Block.
import { ValueError } from '../../wasm';
import * as nd from '../../nd';
import type { NDArray } from '../../nd/ndarray';
import { Block, BLOCK_KEYS, className, type BlockOptions } from '../block';
import { checkOptionKeys } from '../checks';
import { HybridBlock } from '../hybrid-block';

type Fn = (...inputs: NDArray[]) => NDArray | NDArray[];

/** The wrapped function and the name its repr shows. */
interface Wrapped {
  readonly call: Fn;
  readonly name: string;
}

function wrap(op: string, fn: string | Fn): Wrapped {
  if (typeof fn === 'function') return { call: fn, name: fn.name || '<lambda>' };
  const found = (nd as unknown as Record<string, unknown>)[fn];
  if (typeof fn !== 'string' || typeof found !== 'function') {
    throw new ValueError(`${op}: expected a function or the name of an nd function, got ${JSON.stringify(fn)}`);
  }
  return { call: found as Fn, name: fn };
}

export class Lambda extends Block {
  static override readonly typeName: string = 'Lambda';
  /** @internal */ readonly _fn: Wrapped;

  constructor(fn: string | Fn, options: BlockOptions = {}) {
    checkOptionKeys('nn.Lambda', options, BLOCK_KEYS);
    const wrapped = wrap('nn.Lambda', fn);
    super(options);
    this._fn = wrapped;
  }

  override forward(...inputs: NDArray[]): NDArray | NDArray[] {
    return this._fn.call(...inputs);
  }

  override toString(): string {
    return `${className(this)}(${this._fn.name})`;
  }
}

export class HybridLambda extends HybridBlock {
  static override readonly typeName: string = 'HybridLambda';
  /** @internal */ readonly _fn: Wrapped;

  constructor(fn: string | Fn, options: BlockOptions = {}) {
    checkOptionKeys('nn.HybridLambda', options, BLOCK_KEYS);
    const wrapped = wrap('nn.HybridLambda', fn);
    super(options);
    this._fn = wrapped;
  }

  override forward(...inputs: NDArray[]): NDArray | NDArray[] {
    return this._fn.call(...inputs);
  }

  override toString(): string {
    return `${className(this)}(${this._fn.name})`;
  }
}
