// The `gluon` namespace of API.md: Parameter, ParameterDict and the nn layers (loss and Trainer
// are added beside them).
export { Parameter } from './parameter';
export type { ParameterOptions, ParameterInitOptions, GradReq } from './parameter';
export { ParameterDict } from './parameter-dict';
export type { DictInitOptions } from './parameter-dict';
export * as nn from './nn';
export * as loss from './loss';
export * as optimizer from './optimizer';
export * as data from './data';
export { Trainer } from './trainer';
export type { TrainerOptions, TrainableParameter } from './trainer';
