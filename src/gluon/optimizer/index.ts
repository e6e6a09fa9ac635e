// optimizer namespace and MXNet's case-insensitive registry (`Trainer(params, 'adam', ...)`).
import { ValueError } from '../../wasm';
import { Optimizer, type OptimizerOptions } from './optimizer';
import { SGD } from './sgd';
import { Adam } from './adam';

export { Optimizer, SGD, Adam };
export type { OptimizerOptions };
export type { SGDOptions } from './sgd';
export type { AdamOptions } from './adam';

type OptimizerClass = new (options: Record<string, unknown>) => Optimizer;
// a Map: a name such as 'constructor' must not find Object.prototype's
const registry = new Map<string, OptimizerClass>([['sgd', SGD], ['adam', Adam]]);

export function create(name: string, options: Record<string, unknown> = {}): Optimizer {
  const ctor = registry.get(String(name).toLowerCase());
  if (!ctor) throw new ValueError(`Cannot find optimizer ${name}; available: ${[...registry.keys()].join(', ')}`);
  return new ctor(options);
}

/** Registers a custom Optimizer subclass under a (case-insensitive) name. */
export function register(name: string, ctor: OptimizerClass): void {
  registry.set(name.toLowerCase(), ctor);
}
