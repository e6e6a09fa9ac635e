// optimizer namespace and MXNet's case-insensitive registry (`Trainer(params, 'adam', ...)`).
import { Optimizer, type OptimizerOptions } from './optimizer';
import { SGD } from './sgd';
import { Adam } from './adam';

export { Optimizer, SGD, Adam };
export type { OptimizerOptions };
export type { SGDOptions } from './sgd';
export type { AdamOptions } from './adam';
export { create, register } from './registry';
