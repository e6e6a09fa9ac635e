// The `init` namespace of API.md: initializers for Parameters.
export { Initializer, register } from './initializer';
export { create } from './create';
export type { InitLike, KnownInitName } from './initializer';
export { Uniform, Normal, Constant, Zero, One } from './basic';
export { Xavier, MSRAPrelu } from './xavier';
export type { XavierOptions, MSRAPreluOptions, RndType, FactorType } from './xavier';
