// mx.init.create: from an Initializer, a registry name or MXNet's JSON forms to an Initializer;
// and how a Parameter runs the chosen one. Separate from ./initializer so that the built-ins
// (which extend the base class) load after it.
import { GluonError, ValueError } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';
import { Initializer, registeredFactory, type InitKwargs, type InitLike } from './initializer';
import { builtinInitializer } from './builtins';
import { camelCase } from '../checks';


/**
 * mx.init.create: an Initializer is returned as is; a string is looked up lower-cased in the
 * registry; '["name", {kwargs}]' and '{"<name key>": ...}' JSON forms are accepted as in MXNet.
 */
export function create(init: InitLike, kwargs: InitKwargs = {}): Initializer {
  if (init instanceof Initializer) return init;
  if (typeof init === 'function' && (init as { prototype?: unknown }).prototype instanceof Initializer) {
    // init.Xavier for new init.Xavier(): Python's mx.init.Xavier() call, without the parentheses
    throw new ValueError(`initializer must be an instance: pass new init.${(init as { name: string }).name}(), not the class`);
  }
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
  const factory = registeredFactory(name) ?? builtinInitializer(name);
  if (!factory) throw new ValueError(`${name} is not registered. Please register with initializer.register first`);
  const options: InitKwargs = {};
  for (const [k, v] of Object.entries(kwargs)) options[camelCase(k)] = v;
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
