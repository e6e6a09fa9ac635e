// optimizer namespace and MXNet's case-insensitive registry (`Trainer(params, 'adam', ...)`).
import { ValueError } from '../../wasm';
import { Optimizer, type OptimizerOptions } from './optimizer';
import { SGD } from './sgd';
import { Adam } from './adam';

export { Optimizer, SGD, Adam };
export type { OptimizerOptions };
export type { SGDOptions } from './sgd';
export type { AdamOptions } from './adam';

const registry: Record<string, new (options: Record<string, unknown>) => Optimizer> = { sgd: SGD, adam: Adam };

export function create(name: string, options: Record<string, unknown> = {}): Optimizer {
  const ctor = registry[String(name).toLowerCase()];
  if (!ctor) throw new ValueError(`Cannot find optimizer ${name}; available: ${Object.keys(registry).join(', ')}`);
  return new ctor(options);
}

/** Registers a custom Optimizer subclass under a (case-insensitive) name. */
export function register(name: string, ctor: new (options: Record<string, unknown>) => Optimizer): void {
  registry[name.toLowerCase()] = ctor;
}
