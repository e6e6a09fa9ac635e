export { wasm, ready, isReady } from './instance';
export type { Kernel, Kernels, ReadyOptions } from './instance';
export { alloc, free, f32, i32, u8, scratch, scratchBytes, wasmBytes, heapStats, sizeClass } from './heap';
export * from './errors';
