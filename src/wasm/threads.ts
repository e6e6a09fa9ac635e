// Opt-in worker threads (Node's worker_threads) over one shared wasm memory: every worker
// instantiates the same module on the same memory, so a kernel call can be split into jobs over
// disjoint output ranges. The calling thread runs the first job and blocks on Atomics.wait until
// the others are done (allowed in Node; a browser's main thread may not block, so browsers are
// not supported yet). Splits never change an element's arithmetic: results are bit-identical to
// one thread.
import { WasmError } from './errors';
import { alloc, f64, i32 } from './heap';

// A control block per worker: i32 [state, kernel, argc, done, failed], f64 args from byte 32.
const STATE = 0, KERNEL = 1, ARGC = 2, DONE = 3, FAILED = 4;
const ARGS_OFFSET = 32, MAX_ARGS = 24, BLOCK_BYTES = ARGS_OFFSET + MAX_ARGS * 8;

// The worker's whole program, run with `eval: true` (no file to locate after bundling).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl, names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('abort'); } } }).exports;
const kernels = names.map((name) => exports[name]);
const flags = new Int32Array(memory.buffer, ctrl, 8);
const args = new Float64Array(memory.buffer, ctrl + ${ARGS_OFFSET}, ${MAX_ARGS});
for (;;) {
  Atomics.wait(flags, ${STATE}, 0);
  try {
    kernels[flags[${KERNEL}]](...args.subarray(0, flags[${ARGC}]));
    flags[${FAILED}] = 0;
  } catch (err) {
    flags[${FAILED}] = 1;
  }
  Atomics.store(flags, ${STATE}, 0);
  Atomics.store(flags, ${DONE}, 1);
  Atomics.notify(flags, ${DONE});
}
`;

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
}

interface Pool {
  workers: WorkerLike[];
  blocks: number[];
  index: Map<string, number>;
}

let pool: Pool | null = null;

/** Kernel calls split over the workers so far (backend().parallelCalls). */
export const threadStats = { parallelCalls: 0 };

type WorkerThreads = { Worker: new (code: string, options: object) => WorkerLike };

/** Node's worker_threads without a top-level import (the browser builds must not see one). */
function workerThreads(): WorkerThreads | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined) ?? null;
}

export function threadsSupported(): boolean {
  return workerThreads() !== null && typeof SharedArrayBuffer === 'function';
}

/** Starts `count` workers on the instance built from `module` over the shared `memory`. */
export function startPool(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number, kernelNames: string[]): void {
  const wt = workerThreads();
  if (!wt) throw new WasmError('threads: worker_threads is not available here (Node 20.16 or later is needed)');
  const index = new Map(kernelNames.map((name, i) => [name, i]));
  const workers: WorkerLike[] = [];
  const blocks: number[] = [];
  for (let t = 0; t < count; t++) {
    const ctrl = alloc(BLOCK_BYTES);
    i32(ctrl, 8).fill(0);
    const worker = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, ctrl, names: kernelNames } });
    worker.unref(); // idle workers never keep the process alive
    workers.push(worker);
    blocks.push(ctrl);
  }
  pool = { workers, blocks, index };
}

/** Threads available to a kernel call: 1 without a pool. */
export function threadCount(): number {
  return pool ? pool.workers.length + 1 : 1;
}

/**
 * Runs kernel `name` once per job (each job its argument list): job 0 on this thread, the rest
 * on the workers, and returns when all are done. Jobs must write disjoint memory.
 */
export function runParallel(name: string, jobs: number[][], runHere: (args: number[]) => void): void {
  if (!pool || jobs.length - 1 > pool.workers.length) throw new WasmError(`threads: ${jobs.length} jobs need ${jobs.length - 1} workers, ${pool?.workers.length ?? 0} running`);
  const kernel = pool.index.get(name);
  if (kernel === undefined) throw new WasmError(`threads: no kernel named ${name}`);
  for (let t = 1; t < jobs.length; t++) {
    const ctrl = pool.blocks[t - 1];
    const args = jobs[t];
    if (args.length > MAX_ARGS) throw new WasmError(`threads: ${name} takes ${args.length} arguments, at most ${MAX_ARGS} fit`);
    f64(ctrl + ARGS_OFFSET, args.length).set(args);
    const flags = i32(ctrl, 8);
    flags[KERNEL] = kernel;
    flags[ARGC] = args.length;
    Atomics.store(flags, DONE, 0);
    Atomics.store(flags, STATE, 1);
    Atomics.notify(flags, STATE);
  }
  threadStats.parallelCalls++;
  runHere(jobs[0]);
  let failed = false;
  for (let t = 1; t < jobs.length; t++) {
    const flags = i32(pool.blocks[t - 1], 8);
    while (Atomics.load(flags, DONE) === 0) Atomics.wait(flags, DONE, 0);
    if (flags[FAILED]) failed = true;
  }
  if (failed) throw new WasmError(`threads: ${name} failed in a worker`);
}

/** Stops the workers (the memory and instance stay usable on this thread). */
export async function stopPool(): Promise<void> {
  const current = pool;
  pool = null;
  if (current) await Promise.all(current.workers.map((w) => w.terminate()));
}
