// The kernel module: pure functions over raw pointers into linear memory. No kernel allocates;
// src/wasm owns memory and hands out every pointer (and the scratch metadata blocks).
export * from './elementwise';
export * from './reduce';
export * from './layout';
export * from './softmax';
export * from './nn';
export * from './optim';
export * from './random';
export * from './gemm';
export * from './conv';
export * from './pool';
export * from './norm';

/** First free byte after the module's static data: where src/wasm starts its heap. */
export function heapBase(): usize {
  return __heap_base;
}
