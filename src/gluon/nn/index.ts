// The `nn` namespace of API.md: blocks and layers.
export { Block } from '../block';
export type { BlockOptions } from '../block';
export { HybridBlock } from '../hybrid-block';
export type { F } from '../hybrid-block';
export { Sequential, HybridSequential } from './sequential';
export { Dense } from './dense';
export type { DenseOptions } from './dense';
export { Activation } from './activation';
export type { ActType } from './activation';
export { Dropout } from './dropout';
export type { DropoutOptions } from './dropout';
export { Flatten } from './flatten';
export { Lambda, HybridLambda } from './lambda';
