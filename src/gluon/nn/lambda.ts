// nn.Lambda / nn.HybridLambda: wrap a function (or the name of an nd op) as a Block.
import { ValueError } from '../../wasm';
import * as nd from '../../nd';
import type { NDArray } from '../../nd/ndarray';
import { Block, type BlockOptions } from '../block';
import { HybridBlock } from '../hybrid-block';

type Fn = (...inputs: NDArray[]) => NDArray | NDArray[];

function resolve(op: string, fn: string | Fn): { impl: Fn; name: string } {
  if (typeof fn === 'function') return { impl: fn, name: fn.name || '<lambda>' };
  const found = (nd as unknown as Record<string, unknown>)[fn];
  if (typeof fn !== 'string' || typeof found !== 'function') {
    throw new ValueError(`${op}: expected a function or the name of an nd function, got ${JSON.stringify(fn)}`);
  }
  return { impl: found as Fn, name: fn };
}

export class Lambda extends Block {
  static override readonly typeName: string = 'Lambda';
  /** @internal */ readonly _fn: Fn;
  /** @internal */ readonly _fnName: string;

  constructor(fn: string | Fn, options: BlockOptions = {}) {
    const { impl, name } = resolve('nn.Lambda', fn);
    super(options);
    this._fn = impl;
    this._fnName = name;
  }

  override forward(...inputs: NDArray[]): NDArray | NDArray[] {
    return this._fn(...inputs);
  }

  override toString(): string {
    return `Lambda(${this._fnName})`;
  }
}

export class HybridLambda extends HybridBlock {
  static override readonly typeName: string = 'HybridLambda';
  /** @internal */ readonly _fn: Fn;
  /** @internal */ readonly _fnName: string;

  constructor(fn: string | Fn, options: BlockOptions = {}) {
    const { impl, name } = resolve('nn.HybridLambda', fn);
    super(options);
    this._fn = impl;
    this._fnName = name;
  }

  override forward(...inputs: NDArray[]): NDArray | NDArray[] {
    return this._fn(...inputs);
  }

  override toString(): string {
    return `HybridLambda(${this._fnName})`;
  }
}
