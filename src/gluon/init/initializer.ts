// The Initializer base class and MXNet's initializer registry (mx.init.register / create).
// Gluon only ever calls the chosen initializer's _init_weight (here initWeight), whatever the
// parameter's name: Parameter._finish_deferred_init passes InitDesc(name, {'__init__': init}),
// and Initializer.__call__ then runs create(init)._init_weight(name, arr) (gluon-1x.md §4).
import { GluonError, ValueError } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';

/** An Initializer instance, or a registered name such as 'zeros', 'ones', 'uniform', 'xavier'. */
export type InitLike = Initializer | KnownInitName | (string & {});
export type KnownInitName = 'zeros' | 'zero' | 'ones' | 'one' | 'uniform' | 'normal' | 'constant' | 'xavier' | 'msraprelu';

/** Keyword arguments of a registered initializer, as create() passes them on. */
export type InitKwargs = Record<string, unknown>;

export abstract class Initializer {
  /** Fills `arr` in place (MXNet's `_init_weight(name, arr)`); `name` is the parameter's full name. */
  abstract initWeight(name: string, arr: NDArray): void;
}

type Factory = (kwargs: InitKwargs) => Initializer;
const registry = new Map<string, Factory>();

/**
 * mx.init.register (plus aliases): makes `cls` creatable by its lower-cased class name and by
 * each alias. create() passes JSON kwargs as one options object with camelCase keys.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function register(cls: new (options?: any) => Initializer, ...aliases: string[]): void {
  const factory: Factory = (kwargs) => new cls(kwargs);
  for (const name of [cls.name, ...aliases]) registry.set(name.toLowerCase(), factory);
}

/** Registers a built-in under names that do not depend on (minifiable) class names. */
export function registerAs(names: string[], factory: Factory): void {
  for (const name of names) registry.set(name, factory);
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * mx.init.create: an Initializer is returned as is; a string is looked up lower-cased in the
 * registry; '["name", {kwargs}]' and '{"<name key>": ...}' JSON forms are accepted as in MXNet.
 */
export function create(init: InitLike, kwargs: InitKwargs = {}): Initializer {
  if (init instanceof Initializer) return init;
  if (typeof init !== 'string') {
    throw new ValueError(`initializer must be an init.Initializer or a registered name, got ${Object.prototype.toString.call(init)}`);
  }
  if (init.startsWith('[')) {
    const parsed = parseJson(init) as [string, InitKwargs];
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') throw new ValueError(`initializer '${init}': expected JSON ["name", {kwargs}]`);
    return create(parsed[0], parsed[1] ?? {});
  }
  if (init.startsWith('{')) {
    const { initializer, ...rest } = parseJson(init) as InitKwargs;
    if (typeof initializer !== 'string') throw new ValueError(`initializer '${init}': expected JSON with an "initializer" name`);
    return create(initializer, rest);
  }
  const name = init.toLowerCase();
  const factory = registry.get(name);
  if (!factory) throw new ValueError(`${name} is not registered. Please register with initializer.register first`);
  const options: InitKwargs = {};
  for (const [k, v] of Object.entries(kwargs)) options[camel(k)] = v;
  return factory(options);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValueError(`initializer '${text}' is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * What Parameter initialization runs: create(defaultInit) is built first (as MXNet calls it),
 * then the chosen initializer's initWeight fills the array.
 */
export function runInitializer(chosen: InitLike, defaultInit: InitLike, name: string, arr: NDArray): void {
  create(defaultInit);
  const init = create(chosen);
  if (typeof init.initWeight !== 'function') {
    throw new GluonError(`${init.constructor.name} cannot initialize Parameter '${name}': subclasses of init.Initializer must implement initWeight(name, arr) (MXNet's _init_weight)`);
  }
  init.initWeight(name, arr);
}
