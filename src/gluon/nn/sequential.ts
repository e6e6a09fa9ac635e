// nn.Sequential and nn.HybridSequential (mx:python/mxnet/gluon/nn/basic_layers.py): a stack of
// blocks run in order. Children are registered as '0', '1', ... and readable as net[i].
//
// Typing: `net[i]` has the element type T, checked when blocks are added. T defaults to Dense,
// so the seed's `net[0].weight.data()` type-checks without casts; a stack of mixed layers is
// declared as `new nn.Sequential<nn.Block>()` (or a union) and narrowed with instanceof.
import { ValueError } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { state } from '../../nd/autograd';
import { tidyUnlessRecording } from '../../nd/memory';
import { innermostScope } from '../../nd/scope';
import { Block, className, type BlockOptions } from '../block';
import { HybridBlock } from '../hybrid-block';
import { indent } from '../format';
import { warn } from '../warn';
import type { Dense } from './dense';

interface Stack<T extends Block> extends Block {
  readonly length: number;
  [index: number]: T;
}

/** Registers each block under the next index and exposes it as a (non-enumerable) net[i]. */
function addChildren<T extends Block>(stack: Block, blocks: T[]): void {
  for (const block of blocks) {
    if (!(block instanceof Block)) throw new ValueError(`${stack.name}.add: expected Blocks, got ${String(block)}`);
    const key = String(stack._children.size);
    stack.registerChild(block, key);
    Object.defineProperty(stack, key, { value: block, enumerable: false, configurable: true, writable: false });
  }
}

/**
 * MXNet's Sequential.forward: each child's output feeds the next; tuple outputs spread.
 * Outside autograd.record the stack runs as nd.tidy (what it makes and does not return is freed),
 * and an intermediate output it made is freed as soon as the next child has consumed it, so the
 * peak is two activations, not all of them: a synchronous inference loop that disposes only what
 * forward returns keeps nd.memory() flat, instead of leaving every hidden activation to the GC
 * backstop, which cannot run until the loop yields (measured: 7,000 arrays alive after 7,000
 * seed-MLP forwards; 300x slower once 200,000 had piled up). Arrays that existed before the call
 * (the input, a Lambda returning a parameter's data) belong to no scope of this call and are
 * never touched. Under record the graph owns everything, and record() frees it with the graph.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function chain(stack: Block, x: any, args: any[]): any {
  return tidyUnlessRecording(() => {
    const made = state.recording ? null : innermostScope(); // the tidy's scope: what this call made
    for (const child of stack._childValues()) {
      const fed = args.length ? null : x; // tuple members wait for the tidy
      x = args.length ? child.forward(x, ...args) : child.forward(x);
      args = [];
      if (Array.isArray(x)) {
        args = x.slice(1);
        x = x[0];
      }
      if (made && fed instanceof NDArray && fed._scope === made && fed !== x && !args.includes(fed)) fed.dispose();
    }
    return args.length ? [x, ...args] : x;
  }, 'the Sequential forward that made it');
}

function stackRepr(stack: Block, name: string): string {
  const rows = stack._childEntries().map(([key, child]) => `  (${key}): ${indent(child.toString(), 2)}`);
  return `${name}(\n${rows.join('\n')}\n)`;
}

/** The children in order (typed as the stack's element type), after a full attribute sync. */
function childrenOf<T extends Block>(stack: Block): T[] {
  stack._syncAttributes();
  return [...stack._children.values()] as T[];
}

/** `into` (a new, empty stack with `stack`'s prefix) filled with children [begin, end): net[a:b]. */
function sliceInto<S extends Block & { add(...blocks: Block[]): S }, T extends Block>(stack: Block, into: S, begin: number, end: number): S {
  return into.add(...childrenOf<T>(stack).slice(begin, end));
}

function at<T extends Block>(stack: Stack<T>, i: number): T {
  const n = stack.length;
  if (!Number.isInteger(i) || i < -n || i >= n) throw new ValueError(`${stack.name}: index ${i} is out of range for ${n} children`);
  return stack[i < 0 ? n + i : i];
}

export class Sequential<T extends Block = Dense> extends Block {
  static override readonly typeName: string = 'Sequential';
  [index: number]: T;

  constructor(options: BlockOptions = {}) {
    super(options);
  }

  /**
   * Appends blocks (registered as children '0', '1', ...); returns this. Any block: T only types
   * net[i] (Dense by default, so the seed's net[0].weight compiles), as Python would not check it.
   */
  add(...blocks: Block[]): this {
    addChildren(this, blocks);
    return this;
  }

  get length(): number {
    this._syncAttributes();
    return this._children.size;
  }

  /** net[i], also counting from the end for negative i (Python's net[-1]). */
  at(i: number): T {
    return at(this, i);
  }

  /** MXNet's net[a:b]: a new Sequential with the same prefix holding the same child objects. */
  slice(begin = 0, end = this.length): Sequential<T> {
    return sliceInto(this, new Sequential<T>({ prefix: this.prefix }), begin, end);
  }

  [Symbol.iterator](): IterableIterator<T> {
    return childrenOf<T>(this)[Symbol.iterator]();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override forward(x: NDArray, ...args: any[]): NDArray {
    return chain(this, x, args);
  }

  override hybridize(active = true, options: Record<string, unknown> = {}): void {
    const children = this._childEntries();
    if (children.length && children.every(([, c]) => c instanceof HybridBlock)) {
      warn(`All children of this Sequential layer '${this.prefix}' are HybridBlocks. Consider using HybridSequential for the best performance.`);
    }
    super.hybridize(active, options);
  }

  override toString(): string {
    return stackRepr(this, className(this));
  }
}

export class HybridSequential<T extends HybridBlock = Dense> extends HybridBlock {
  static override readonly typeName: string = 'HybridSequential';
  [index: number]: T;

  constructor(options: BlockOptions = {}) {
    super(options);
  }

  add(...blocks: HybridBlock[]): this {
    addChildren(this, blocks);
    return this;
  }

  get length(): number {
    this._syncAttributes();
    return this._children.size;
  }

  at(i: number): T {
    return at(this, i);
  }

  slice(begin = 0, end = this.length): HybridSequential<T> {
    return sliceInto(this, new HybridSequential<T>({ prefix: this.prefix }), begin, end);
  }

  [Symbol.iterator](): IterableIterator<T> {
    return childrenOf<T>(this)[Symbol.iterator]();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override forward(x: NDArray, ...args: any[]): NDArray {
    return chain(this, x, args);
  }

  override toString(): string {
    return stackRepr(this, className(this));
  }
}
