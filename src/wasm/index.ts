export { wasm, ready, isReady, backend } from './instance';
export type { Kernel, Kernels, ReadyOptions, BackendInfo } from './instance';
export { alloc, free, f32, i32, u8, scratch, scratchView, scratchBytes, wasmBytes, heapStats, sizeClass } from './heap';
export * from './errors';
export { threadCount, runParallel } from './threads';
