// MXNet's case-insensitive optimizer registry (`Trainer(params, 'adam', ...)`): create() and
// register() are public through the optimizer namespace; createFor() is what gluon.Trainer calls.
import { ValueError } from '../../wasm';
import type { Optimizer } from './optimizer';
import { SGD, SGD_KEYS } from './sgd';
import { Adam, ADAM_KEYS } from './adam';
import { checkOptionKeys } from '../checks';

type OptimizerClass = new (options: Record<string, unknown>) => Optimizer;
// a Map: a name such as 'constructor' must not find Object.prototype's
const registry = new Map<string, OptimizerClass>([['sgd', SGD], ['adam', Adam]]);
/** The option keys of the built-in classes; a user's registered class checks its own. */
const builtinKeys = new Map<OptimizerClass, readonly string[]>([[SGD, SGD_KEYS], [Adam, ADAM_KEYS]]);

export function create(name: string, options: Record<string, unknown> = {}): Optimizer {
  return createFor(`optimizer.create('${String(name)}')`, name, options);
}

/**
 * create() with `where` naming the caller in the unknown-option error; the keys of a built-in
 * optimizer are checked before it is constructed.
 */
export function createFor(where: string, name: string, options: Record<string, unknown>): Optimizer {
  const ctor = registry.get(String(name).toLowerCase());
  if (!ctor) throw new ValueError(`Cannot find optimizer ${name}; available: ${[...registry.keys()].join(', ')}`);
  const keys = builtinKeys.get(ctor);
  if (keys) checkOptionKeys(where, options, keys);
  return new ctor(options);
}

/** Registers a custom Optimizer subclass under a (case-insensitive) name. */
export function register(name: string, ctor: OptimizerClass): void {
  registry.set(name.toLowerCase(), ctor);
}
