// gluon.ParameterDict (mx:python/mxnet/gluon/parameter.py, gluon-1x.md §3): an insertion-ordered
// map from full parameter name to Parameter with a name prefix, creating or returning parameters
// through get(), and sharing another dict's parameters through `shared`.
import { ShapeError, ValueError } from '../wasm';
import { create, Initializer, Uniform, type InitLike } from './init';
import { normalizeShape, Parameter, PARAMETER_KEYS, shapeIsKnown, type ParameterOptions } from './parameter';
import { inspectSymbol, pyTuple } from './format';
import { camelCase, checkOptionKeys, isPlainObject } from './checks';
import { loadParameterDict, saveParameterDict, type DictLoadOptions } from './param-files';

export interface DictInitOptions {
  /** The default initializer for parameters without their own init (default Uniform(0.07)). */
  init?: InitLike;
  forceReinit?: boolean;
}

/** The keys of DictInitOptions (Block.initialize checks them too). */
export const DICT_INIT_KEYS: readonly (keyof DictInitOptions)[] = ['init', 'forceReinit'];

/** Python str() of an attribute value in get()'s mismatch message. */
function attrText(key: string, v: unknown): string {
  if (key === 'shape' && Array.isArray(v)) return pyTuple(v);
  if (v instanceof Initializer) return v.constructor.name;
  return String(v);
}

/** Parameter attributes that get() reconciles: stored (non-null) values must agree. */
const CHECKED = ['shape', 'dtype', 'init', 'gradReq', 'lrMult', 'wdMult'] as const;

/**
 * dict['dense0_weight']: a string key that is not a member of the dict (get, keys, prefix, ...)
 * and names a stored parameter returns it, as MXNet's ParameterDict.__getitem__; anything else
 * reads the dict as usual (an unknown name gives undefined, as a plain object would).
 */
const BY_FULL_NAME: ProxyHandler<ParameterDict> = {
  get(target, prop, receiver) {
    if (typeof prop === 'string' && !(prop in target)) {
      const param = target._params.get(prop);
      if (param) return param;
    }
    return Reflect.get(target, prop, receiver);
  },
};

export class ParameterDict implements Iterable<[string, Parameter]> {
  /** @internal */ readonly _params = new Map<string, Parameter>();
  /** @internal */ readonly _shared: ParameterDict | null;
  private readonly _prefix: string;

  constructor(prefix = '', shared: ParameterDict | null = null) {
    this._prefix = prefix;
    this._shared = shared;
    // MXNet's params['dense0_weight'] (__getitem__, by full name) reads the same here
    return new Proxy(this, BY_FULL_NAME);
  }

  /** Prepended to the names given to get(). */
  get prefix(): string {
    return this._prefix;
  }

  /**
   * The parameter named prefix + name: this dict's own, else the shared dict's (which is then
   * added here too), else a new one created with `options`. For an existing parameter each given
   * option must agree with the stored value (a shape may fill in unknown 0 dimensions).
   */
  get(name: string, options: ParameterOptions = {}): Parameter {
    // before the lookup: a shared parameter is copied into this dict below
    checkOptionKeys(`ParameterDict.get('${name}')`, options, PARAMETER_KEYS);
    const full = this._prefix + name;
    let param = this._params.get(full);
    if (!param && this._shared) {
      param = this._shared._params.get(full);
      if (param) this._params.set(full, param);
    }
    if (!param) {
      param = new Parameter(full, options);
      this._params.set(full, param);
      return param;
    }
    for (const key of CHECKED) {
      let desired: unknown = options[key];
      if (desired === undefined || desired === null) continue;
      if (key === 'shape') desired = normalizeShape(`ParameterDict.get('${name}')`, desired as number[]);
      const stored: unknown = key === 'shape' ? param.shape : key === 'dtype' ? param.dtype : param[key];
      if (stored === null || stored === undefined) {
        if (key === 'shape') param.shape = desired as number[];
        else if (key === 'init') param.init = desired as InitLike;
        continue;
      }
      if (key === 'shape') {
        const merged = mergeShapes(desired as number[], stored as readonly number[]);
        if (merged) {
          param._shape = merged;
          continue;
        }
      }
      if (key === 'dtype' && desired === 'float32') continue;
      if (desired !== stored) {
        const Err = key === 'shape' ? ShapeError : ValueError;
        throw new Err(
          `Cannot retrieve Parameter '${full}' because desired attribute does not match with stored for attribute '${key}': desired '${attrText(key, desired)}' vs stored '${attrText(key, stored)}'.`,
        );
      }
    }
    return param;
  }

  get size(): number {
    return this._params.size;
  }

  /** Whether a parameter with this full name (prefix included) is in the dict. */
  has(fullName: string): boolean {
    return this._params.has(fullName);
  }

  keys(): IterableIterator<string> {
    return this._params.keys();
  }

  values(): IterableIterator<Parameter> {
    return this._params.values();
  }

  entries(): IterableIterator<[string, Parameter]> {
    return this._params.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, Parameter]> {
    return this._params.entries();
  }

  /** Copies in the other dict's parameters; a name may only repeat with the same Parameter. */
  update(other: ParameterDict | Iterable<[string, Parameter]>): void {
    const items = [...other];
    for (const [name, p] of items) {
      const mine = this._params.get(name);
      if (mine !== undefined && mine !== p) {
        throw new ValueError(`Cannot update self with other because they have different Parameters with the same name '${name}'`);
      }
    }
    for (const [name, p] of items) this._params.set(name, p);
  }

  /**
   * Initializes every parameter: `init` (default Uniform(0.07)) is only the default, a
   * parameter's own init wins (MXNet passes it as default_init).
   */
  initialize(init?: InitLike | DictInitOptions, options: DictInitOptions = {}): void {
    if (isPlainObject(init)) checkOptionKeys('ParameterDict.initialize', init, DICT_INIT_KEYS);
    checkOptionKeys('ParameterDict.initialize', options, DICT_INIT_KEYS);
    const o: DictInitOptions = isPlainObject<DictInitOptions>(init) ? init : { ...options, init: init ?? options.init };
    const defaultInit = o.init ?? new Uniform();
    // every parameter that initializes now is checked first: a failing call initializes none
    for (const p of this._params.values()) {
      if ((p._data === null || o.forceReinit) && shapeIsKnown(p.shape)) create(p.init ?? defaultInit).checkShape(p.name, p.shape!);
    }
    for (const p of this._params.values()) p.initialize(null, { defaultInit, forceReinit: o.forceReinit });
  }

  /** Writes zeros into every gradient buffer. */
  zeroGrad(): void {
    for (const p of this._params.values()) p.zeroGrad();
  }

  /**
   * Sets an attribute on every parameter, e.g. setattr('gradReq', 'null') or
   * setattr('lrMult', 2). MXNet's snake_case names (grad_req, lr_mult, wd_mult) work too.
   */
  setattr(name: 'gradReq' | 'lrMult' | 'wdMult' | 'init' | 'grad_req' | 'lr_mult' | 'wd_mult' | (string & {}), value: unknown): void {
    const key = camelCase(name);
    if (key !== 'gradReq' && key !== 'lrMult' && key !== 'wdMult' && key !== 'init') {
      throw new ValueError(`ParameterDict.setattr: '${name}' is not a settable Parameter attribute (gradReq, lrMult, wdMult, init)`);
    }
    if ((key === 'lrMult' || key === 'wdMult') && typeof value !== 'number') {
      throw new ValueError(`ParameterDict.setattr: ${name} must be a number, got ${String(value)}`);
    }
    for (const p of this._params.values()) (p as unknown as Record<string, unknown>)[key] = value;
  }

  /** MXNet's ParameterDict.save: names without `stripPrefix`; the bytes, also written to `path` in Node. */
  save(path?: string, stripPrefix = ''): Uint8Array {
    return saveParameterDict(this, path, stripPrefix);
  }

  /** MXNet's ParameterDict.load (names get `restorePrefix` prepended). */
  load(source: string | Uint8Array | ArrayBuffer, options: DictLoadOptions = {}): void {
    loadParameterDict(this, source, options);
  }

  /** Contexts the parameters live on: ['cpu(0)'] once any is initialized (or pending). */
  listCtx(): string[] {
    const ctx = new Set<string>();
    for (const p of this._params.values()) for (const c of p.listCtx()) ctx.add(c);
    return [...ctx];
  }

  /** MXNet's repr: `prefix (` + one indented line per parameter + `)`. */
  toString(): string {
    const lines = [...this._params.values()].map((p) => `  ${p.toString()}`).join('\n');
    return `${this._prefix ? this._prefix + ' ' : ''}(\n${lines}\n)`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/** get()'s shape rule: equal ndim, each pair equal or one of them 0 (unknown); null if not. */
function mergeShapes(desired: readonly number[], stored: readonly number[]): number[] | null {
  if (desired.length !== stored.length) return null;
  const out: number[] = [];
  for (let i = 0; i < desired.length; i++) {
    const a = desired[i], b = stored[i];
    if (a !== b && a > 0 && b > 0) return null;
    out.push(a === 0 ? b : a);
  }
  return out;
}

