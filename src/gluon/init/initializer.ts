// The Initializer base class and MXNet's initializer registry (mx.init.register; create() is in ./create).
// Gluon only ever calls the chosen initializer's _init_weight (here initWeight), whatever the
// parameter's name: Parameter._finish_deferred_init passes InitDesc(name, {'__init__': init}),
// and Initializer.__call__ then runs create(init)._init_weight(name, arr) (gluon-1x.md §4).
import type { NDArray } from '../../nd/ndarray';

/** An Initializer instance, or a registered name such as 'zeros', 'ones', 'uniform', 'xavier'. */
export type InitLike = Initializer | KnownInitName | (string & {});
export type KnownInitName = 'zeros' | 'zero' | 'ones' | 'one' | 'uniform' | 'normal' | 'constant' | 'xavier' | 'msraprelu';

/** Keyword arguments of a registered initializer, as create() passes them on. */
export type InitKwargs = Record<string, unknown>;

export abstract class Initializer {
  /** Fills `arr` in place (MXNet's `_init_weight(name, arr)`); `name` is the parameter's full name. */
  abstract initWeight(name: string, arr: NDArray): void;

  /**
   * Throws what initWeight would throw for a parameter of this shape, drawing nothing: a dict's
   * initialize checks every parameter first, so a failing call initializes none (Xavier refuses
   * vectors). The default accepts every shape.
   */
  checkShape(_name: string, _shape: readonly number[]): void {}
}

export type Factory = (kwargs: InitKwargs) => Initializer;
/** Initializers registered by users (mx.init.register); the built-ins are in ./builtins. */
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

/** The factory a user registered under `name` (lower case), if any. */
export function registeredFactory(name: string): Factory | undefined {
  return registry.get(name);
}
