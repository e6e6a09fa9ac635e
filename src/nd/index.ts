// The `nd` namespace of API.md: NDArray, creation, every op as a function, random, tidy/memory,
// save/load.
export { NDArray, isNDArray } from './ndarray';
export type { Shape, Operand, AxisOption, NestedArray } from './ndarray';
export type { GradReq } from './autograd';
export { array, zeros, ones, full, empty, arange, zerosLike, onesLike, eye, linspace } from './creation';
export type { ShapeLike } from './creation';
export {
  add, sub, mul, div, pow, maximum, minimum, equal, notEqual, greater, greaterEqual, lesser, lesserEqual,
  neg, abs, square, sqrt, rsqrt, reciprocal, exp, expm1, log, log1p, sin, cos, relu, sigmoid, tanh,
  softrelu, softsign, sign, floor, ceil, round, trunc, copy, clip, where, copyTo, astype,
} from './ops/elementwise';
export { sum, mean, max, min, prod, norm, argmax, argmin } from './ops/reduce';
export type { ReduceArgs, ArgReduceArgs, NormArgs, ArgOptions, NormOptions } from './ops/reduce';
export { reshape, flatten, expandDims, squeeze, transpose, broadcastTo, tile, repeat, slice, setSlice, sliceAxis, concat, stack, split } from './ops/shape';
export type { IndexTuple, SplitArgs, SplitOptions, TransposeArgs } from './ops/shape';
export { take, pick, oneHot } from './ops/indexing';
export type { TakeOptions, PickOptions, PickArgs, OneHotOptions, OneHotArgs } from './ops/indexing';
export { dot, batchDot } from './ops/linalg';
export type { DotOptions, DotArgs } from './ops/linalg';
export { softmax, logSoftmax } from './ops/softmax';
export type { SoftmaxArgs } from './ops/softmax';
export { fullyConnected } from './ops/nn';
export type { ActivationName, FullyConnectedOptions } from './ops/nn';
export { tidy, memory, keep } from './memory';
export type { MemoryInfo } from './memory';
export * as random from './random';
export { save, load } from './serialize';
export type { NDArrayDict, NDArrayList } from './serialize';
export { conv2d } from './ops/conv';
export type { Conv2DOptions, Pair } from './ops/conv';
export { pool2d, maxPool2d, avgPool2d, globalMaxPool2d, globalAvgPool2d } from './ops/pool';
export type { Pool2DOptions, PoolType } from './ops/pool';
export { batchNorm, layerNorm } from './ops/norm';
export type { BatchNormOptions, LayerNormOptions } from './ops/norm';
