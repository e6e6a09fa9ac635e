// nn.Block (mx:python/mxnet/gluon/block.py, gluon-1x.md §1): naming, children, parameter
// collection, initialization and MXNet's reprs.
//
// Children: MXNet registers a Block (or Parameter) the moment it is assigned to an attribute
// (__setattr__). JS has no such hook without a Proxy, so a block reads its own enumerable
// properties instead (JS keeps them in assignment order) and registers any Block or Parameter
// it finds before it next needs its children: registerChild, collectParams, toString, forward
// of a HybridBlock. The result is MXNet's registration order; what is lost is MXNet's
// assignment-time TypeError when an attribute changes type.
import { GluonError, ValueError } from '../wasm';
import { createNames, withScope, BlockScope } from './naming';
import { DICT_INIT_KEYS, ParameterDict } from './parameter-dict';
import { Parameter } from './parameter';
import { type InitLike } from './init';
import type { DictInitOptions } from './parameter-dict';
import { pythonMatcher } from './select';
import { loadParameters, saveParameters, type LoadOptions } from './param-files';
import { indent, inspectSymbol } from './format';
import { warn } from './warn';
import { checkOptionKeys, isPlainObject } from './checks';

export interface BlockOptions {
  /** Used verbatim (after the parent's prefix inside a nameScope) instead of `<hint><n>_`. */
  prefix?: string;
  /** Share these parameters: the block's dict takes this dict's prefix and looks names up in it. */
  params?: ParameterDict;
  /** @internal the naming hint when it depends on constructor arguments (Activation: its act type). */
  _hint?: string;
}

/** The public keys of BlockOptions: every layer's options list them after its own. */
export const BLOCK_KEYS: readonly ['prefix', 'params'] = ['prefix', 'params'];

/**
 * The class name MXNet prints and derives hints from. Built-in classes state it in a static
 * `typeName` (minified bundles rename classes); user subclasses use their constructor's name.
 */
export function className(obj: object): string {
  const ctor = obj.constructor as { typeName?: string; name: string };
  return Object.prototype.hasOwnProperty.call(ctor, 'typeName') ? ctor.typeName! : ctor.name;
}

/** How a Block constructor's errors name the class: `nn.Sequential`, or a user subclass's name. */
function constructorName(ctor: { typeName?: string; name: string }): string {
  return Object.prototype.hasOwnProperty.call(ctor, 'typeName') ? `nn.${ctor.typeName!}` : ctor.name;
}

/** Fields of Block itself, never children, skipped by the container check. */
const INTERNAL = new Set(['_prefix', '_name', '_params', '_scope', '_emptyPrefix', '_children', '_regParams', '_syncedKeys']);

export class Block {
  static readonly typeName: string = 'Block';
  /** @internal */ readonly _prefix: string;
  /** @internal */ readonly _name: string;
  /** @internal */ readonly _params: ParameterDict;
  /** @internal */ readonly _scope: BlockScope;
  /** @internal prefix '' turns nameScope into a no-op */ readonly _emptyPrefix: boolean;
  /** @internal children by key, in registration order */ readonly _children = new Map<string, Block>();
  /** @internal Parameters held in attributes, by attribute name */ readonly _regParams = new Map<string, Parameter>();

  constructor(options: BlockOptions = {}) {
    // layers check their own keys first and pass on only these; Sequential, Flatten, Lambda and
    // user subclasses are checked here, before a name is taken from the counters
    checkOptionKeys(constructorName(new.target), options, [...BLOCK_KEYS, '_hint']);
    this._emptyPrefix = options.prefix === '';
    const { prefix, params } = createNames(options.prefix, options.params, options._hint ?? this._alias());
    this._prefix = prefix;
    this._params = params;
    this._name = prefix.endsWith('_') ? prefix.slice(0, -1) : prefix;
    this._scope = new BlockScope(this);
  }

  /** The naming hint: the class name in lower case (`dense`, `sequential`, `mynet`). */
  protected _alias(): string {
    return className(this).toLowerCase();
  }

  /** `dense0_`: prepended to the names of blocks and parameters created in nameScope(). */
  get prefix(): string {
    return this._prefix;
  }

  /** The prefix without its trailing underscore (`dense0`). */
  get name(): string {
    return this._name;
  }

  /** This block's own ParameterDict: never its children's parameters (see collectParams). */
  get params(): ParameterDict {
    return this._params;
  }

  /**
   * Runs fn with this block as the current name scope: blocks created inside get this block's
   * prefix (`sequential0_dense0_`). Returns fn's result.
   */
  nameScope<T>(fn: () => T): T {
    if (this._emptyPrefix) return fn();
    return withScope(this._scope, fn);
  }

  /** Registers `block` as a child under `name` (default: the number of children so far). */
  registerChild(block: Block, name?: string): void {
    this._syncAttributes();
    this._register(block, name ?? String(this._children.size));
  }

  /** @internal stores a child (HybridBlock checks the type first). */
  _register(block: Block, name: string): void {
    if (!(block instanceof Block)) throw new ValueError(`registerChild: expected a Block, got ${String(block)}`);
    this._children.set(name, block);
  }

  /** @internal registers the Blocks and Parameters held in this block's own properties. */
  _syncAttributes(): void {
    // for...in over own fields (methods are not enumerable): no array per call on the forward path
    for (const key in this) {
      const value: unknown = (this as Record<string, unknown>)[key];
      if (value instanceof Block) {
        if (this._children.get(key) !== value) this._register(value, key);
      } else if (value instanceof Parameter) {
        this._regParams.set(key, value);
      }
    }
  }

  /** @internal the children in registration order, after registering attribute ones. */
  _childEntries(): [string, Block][] {
    this._syncAttributes();
    return [...this._children];
  }

  /** @internal the Parameters held in attributes, in assignment order. */
  _regParamEntries(): [string, Parameter][] {
    this._syncAttributes();
    return [...this._regParams];
  }

  /** @internal own enumerable keys seen by the last forward-path sync (see _syncForward). */
  private _syncedKeys = -1;

  /**
   * @internal the forward path's sync: a full scan only when a property was added since the last
   * one. (Replacing a Parameter attribute is an error in MXNet, and a replaced child Block is
   * called by the user's own forward, so neither needs a rescan here; collectParams, toString and
   * registerChild always rescan.)
   */
  _syncForward(): void {
    let keys = 0;
    for (const _ in this) keys++;
    if (keys === this._syncedKeys) return;
    this._syncAttributes();
    this._syncedKeys = keys;
  }

  /** @internal the children without copying (forward's hot path). */
  _childValues(): IterableIterator<Block> {
    this._syncForward();
    return this._children.values();
  }

  /**
   * @internal MXNet's _collect_params_with_prefix: attribute parameters as `weight`, then each
   * child's under `<key>.` (`0.weight`, `dense0.bias`): the structured names of saveParameters.
   */
  _collectParamsWithPrefix(prefix = ''): Map<string, Parameter> {
    const head = prefix ? `${prefix}.` : '';
    const out = new Map<string, Parameter>();
    for (const [key, p] of this._regParamEntries()) out.set(head + key, p);
    for (const [key, child] of this._children) for (const [k, p] of child._collectParamsWithPrefix(head + key)) out.set(k, p);
    return out;
  }

  /**
   * A new ParameterDict (prefix = this block's params prefix) with this block's own parameters
   * and then, depth first in registration order, every child's; a shared parameter appears once.
   * `select` keeps names matched by Python's re.match (anchored at the start only):
   * '.*weight' keeps dense0_weight, 'weight' keeps nothing.
   */
  collectParams(select?: string): ParameterDict {
    this._syncAttributes();
    this._checkContainers();
    const ret = new ParameterDict(this._params.prefix);
    if (!select) {
      ret.update(this._params);
    } else {
      const match = pythonMatcher(select);
      ret.update([...this._params].filter(([name]) => match(name)));
    }
    for (const child of this._children.values()) ret.update(child.collectParams(select));
    return ret;
  }

  /** MXNet's warning for Blocks hidden in arrays/objects, which are never registered. */
  private _checkContainers(): void {
    const registered = new Set(this._children.values());
    const hidden = (v: unknown, seen: Set<unknown>): boolean => {
      if (v instanceof Block) return !registered.has(v);
      if (v === null || typeof v !== 'object' || seen.has(v)) return false;
      seen.add(v);
      if (Array.isArray(v)) return v.some((x) => hidden(x, seen));
      if (v instanceof Map) return [...v.values()].some((x) => hidden(x, seen));
      if (Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).some((x) => hidden(x, seen));
      return false;
    };
    for (const key of Object.keys(this)) {
      const v: unknown = (this as Record<string, unknown>)[key];
      if (INTERNAL.has(key) || v instanceof Block || v === null || typeof v !== 'object') continue;
      if (hidden(v, new Set())) {
        warn(
          `"${className(this)}.${key}" is an unregistered container with Blocks. Note that Blocks inside the list, tuple or dict will not be registered automatically. Make sure to register them using register_child() or switching to nn.Sequential/nn.HybridSequential instead. `,
        );
      }
    }
  }

  /**
   * Initializes every parameter of this block and its children: collectParams().initialize().
   * A parameter's own init (e.g. a bias's 'zeros') wins over `init` (default Uniform(0.07)).
   */
  initialize(init?: InitLike | DictInitOptions, options: DictInitOptions = {}): void {
    const where = `${className(this)}.initialize`;
    if (isPlainObject(init)) checkOptionKeys(where, init, DICT_INIT_KEYS);
    checkOptionKeys(where, options, DICT_INIT_KEYS);
    this.collectParams().initialize(init, options);
  }

  /**
   * MXNet's parameter file with structured names (`0.weight`, `dense0.bias`, no prefixes): the
   * bytes, also written to `path` in Node (see param-files.ts).
   */
  saveParameters(path?: string, options: { deduplicate?: boolean } = {}): Uint8Array {
    return saveParameters(this, path, options);
  }

  /** Loads a file written by saveParameters (or MXNet's save_parameters / save_params). */
  loadParameters(source: string | Uint8Array | ArrayBuffer, options: LoadOptions = {}): void {
    loadParameters(this, source, options);
  }

  /** The computation; subclasses define it (MXNet's forward, called as net(x)). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...args: any[]): any {
    throw new GluonError(`${className(this)} ${this._name}: forward is not implemented; subclasses of nn.Block must define forward(...)`);
  }

  /** Accepted for MXNet compatibility: computation stays imperative. Applies to children too. */
  hybridize(active = true, options: Record<string, unknown> = {}): void {
    for (const [, child] of this._childEntries()) child.hybridize(active, options);
  }

  /** Calls fn on every child (depth first), then on this block; returns this. */
  apply(fn: (block: Block) => void): this {
    for (const [, child] of this._childEntries()) child.apply(fn);
    fn(this);
    return this;
  }

  /** `MyNet(\n  (dense0): Dense(20 -> 256, Activation(relu))\n)`: one line per Block attribute. */
  toString(): string {
    this._syncAttributes();
    const rows: string[] = [];
    for (const key of Object.keys(this)) {
      const v: unknown = (this as Record<string, unknown>)[key];
      if (v instanceof Block) rows.push(`  (${key}): ${indent(v.toString(), 2)}`);
    }
    return `${className(this)}(\n${rows.join('\n')}\n)`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
