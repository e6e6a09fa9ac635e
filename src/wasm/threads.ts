// Opt-in worker threads over one shared wasm memory: Node's worker_threads, or Web Workers in a
// cross-origin isolated browser page. Every worker instantiates the same module on the same
// memory, so a kernel call can be split into jobs over disjoint output ranges. The calling thread
// runs the first job, then waits for the others: Atomics.wait where the host allows blocking
// (Node, a Web Worker hosting the library), a spin on Atomics.load on a browser's main thread
// (which may not block). Splits never change an element's arithmetic: results are bit-identical
// to one thread.
import { WasmError } from './errors';

// A control block per worker: i32 [state, kernel, argc, done, failed], f64 args from byte 32.
// The blocks live in a SharedArrayBuffer of their own, not in wasm memory: the pool can then be
// started (and fail) before any instance owns the heap.
const STATE = 0, KERNEL = 1, ARGC = 2, DONE = 3, FAILED = 4;
const ARGS_OFFSET = 32, MAX_ARGS = 24, BLOCK_BYTES = ARGS_OFFSET + MAX_ARGS * 8;

/** A worker that has not said it is instantiated by then is given up on: ready() never hangs. */
export const START_TIMEOUT_MS = 10_000;
/** setTimeout's own limit (2^31 - 1 ms): a longer delay would fire at once. */
export const MAX_START_TIMEOUT_MS = 2 ** 31 - 1;

// The worker's whole program, one text for both hosts: each host adds a two-line prelude that
// hands `serve` its start message and a way to answer. Passed as source (eval in Node, a Blob URL
// in browsers), so there is no extra file to locate after bundling.
const PROGRAM = `
function serve(data, report) {
  let kernels;
  try {
    const exports = new WebAssembly.Instance(data.module, { env: { memory: data.memory, abort() { throw new Error('abort'); } } }).exports;
    kernels = data.names.map((name) => exports[name]);
  } catch (err) {
    report({ ok: false, error: String((err && err.message) || err) });
    return;
  }
  report({ ok: true });
  const flags = new Int32Array(data.control, data.offset, 8);
  const args = new Float64Array(data.control, data.offset + ${ARGS_OFFSET}, ${MAX_ARGS});
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
}
`;
// getBuiltinModule, not require: an eval worker runs as ESM when the parent has --input-type=module
const NODE_PRELUDE = `const { workerData, parentPort } = process.getBuiltinModule('node:worker_threads');
serve(workerData, (message) => parentPort.postMessage(message));`;
// the start message is the only one a Web Worker receives: serve() then never returns
const WEB_PRELUDE = `self.onmessage = (event) => { self.onmessage = null; serve(event.data, (message) => self.postMessage(message)); };`;

/** What a worker gets: the compiled module, the shared memory, its control block, kernel names. */
interface StartData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  offset: number;
  names: string[];
}

/** A started worker, whichever the host: reports via the callbacks, stops on terminate(). */
interface Spawned {
  terminate(): unknown;
}
type Spawn = (data: StartData, onMessage: (message: { ok: boolean; error?: string }) => void, onFailure: (why: string) => void) => Spawned;

export interface Pool {
  workers: Spawned[];
  flags: Int32Array[];
  args: Float64Array[];
  index: Map<string, number>;
  /** Atomics.wait is allowed on this thread (else spin on Atomics.load). */
  canBlock: boolean;
}

let pool: Pool | null = null;

/** Kernel calls split over the workers so far (backend().parallelCalls). */
export const threadStats = { parallelCalls: 0 };

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: string, listener: (value: never) => void): void;
}
type WorkerThreads = { Worker: new (code: string, options: object) => NodeWorker };

/** Node's worker_threads without a top-level import (the browser builds must not see one). */
function workerThreads(): WorkerThreads | null {
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined) ?? null;
}

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

/** Why threads cannot run here, or null when they can. */
export function threadsUnavailable(): string | null {
  if (isNode()) return workerThreads() ? null : 'Node 20.16 or later is needed (process.getBuiltinModule for worker_threads)';
  if (typeof Worker !== 'function') return 'this host has no Web Workers (Worker is not defined)';
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (typeof SharedArrayBuffer !== 'function' || isolated === false) {
    return 'SharedArrayBuffer is not available: browsers give it only to cross-origin isolated pages (crossOriginIsolated is ' +
      `${String(isolated)}); serve the page with the headers "Cross-Origin-Opener-Policy: same-origin" and ` +
      '"Cross-Origin-Embedder-Policy: require-corp"';
  }
  return null;
}

function nodeSpawn(wt: WorkerThreads): Spawn {
  return (data, onMessage, onFailure) => {
    const worker = new wt.Worker(`${PROGRAM}\n${NODE_PRELUDE}`, { eval: true, workerData: data });
    worker.on('message', onMessage);
    worker.on('error', (err: Error) => onFailure(err.message));
    worker.on('exit', (code: number) => onFailure(`the worker exited (code ${code})`));
    // after the listeners (a 'message' listener refs the worker's port again): idle workers never
    // keep the process alive, while the start-up timer keeps it alive until they report
    worker.unref();
    return worker;
  };
}

function webSpawn(url: string): Spawn {
  return (data, onMessage, onFailure) => {
    let worker: Worker;
    try {
      worker = new Worker(url, { name: `gluon-wasm worker ${data.offset / BLOCK_BYTES + 1}` });
    } catch (err) {
      throw new WasmError(`threads: a Web Worker could not be created from a blob: URL (${(err as Error).message}); a Content-Security-Policy must allow worker-src blob:`);
    }
    worker.onmessage = (event) => onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      onFailure(event.message || 'the worker script failed to load (a Content-Security-Policy must allow worker-src blob:)');
    };
    worker.onmessageerror = () => onFailure('the start message could not be delivered (the module or shared memory did not clone)');
    worker.postMessage(data);
    return worker;
  };
}

/** True when Atomics.wait may block this thread (probed on a value that returns at once). */
function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `count` workers on the instance built from `module` over the shared `memory`, and
 * resolves once each has instantiated it. Rejects with a WasmError (all workers stopped) when one
 * fails or stays silent for `timeoutMs`. The pool is not used until installPool() is called with it.
 */
export async function startPool(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number, kernelNames: string[], timeoutMs = START_TIMEOUT_MS): Promise<Pool> {
  const wt = workerThreads();
  let url: string | null = null;
  let spawn: Spawn;
  if (wt) spawn = nodeSpawn(wt);
  else {
    url = URL.createObjectURL(new Blob([`${PROGRAM}\n${WEB_PRELUDE}`], { type: 'text/javascript' }));
    spawn = webSpawn(url);
  }
  const control = new SharedArrayBuffer(count * BLOCK_BYTES);
  const workers: Spawned[] = [];
  const started: Promise<void>[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  try {
    for (let t = 0; t < count; t++) {
      started.push(new Promise<void>((resolve, reject) => {
        const fail = (why: string) => reject(new WasmError(`threads: worker ${t + 1} of ${count} failed to start: ${why}`));
        const timer = setTimeout(() => fail(`it did not report within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`), timeoutMs);
        timers.push(timer);
        const settle = (action: () => void) => {
          clearTimeout(timer);
          action();
        };
        try {
          workers.push(spawn(
            { module, memory, control, offset: t * BLOCK_BYTES, names: kernelNames },
            (message) => settle(() => (message.ok ? resolve() : fail(`instantiating the module failed: ${message.error}`))),
            (why) => settle(() => fail(why)),
          ));
        } catch (err) {
          settle(() => reject(err));
        }
      }));
    }
    await Promise.all(started);
  } catch (err) {
    // the other workers' outcomes no longer matter, and no timer may keep Node alive
    timers.forEach(clearTimeout);
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  } finally {
    if (url) URL.revokeObjectURL(url);
  }
  return {
    workers,
    flags: workers.map((_, t) => new Int32Array(control, t * BLOCK_BYTES, 8)),
    args: workers.map((_, t) => new Float64Array(control, t * BLOCK_BYTES + ARGS_OFFSET, MAX_ARGS)),
    index: new Map(kernelNames.map((name, i) => [name, i])),
    canBlock: mayBlock(),
  };
}

/** Makes `started` the pool that runParallel() uses. */
export function installPool(started: Pool): void {
  pool = started;
}

/** Stops a pool that was started but never installed (a failed or superseded ready()). */
export async function discardPool(started: Pool): Promise<void> {
  await Promise.all(started.workers.map((w) => w.terminate()));
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
  // every job is checked before the first worker starts: a throw after that would leave it running
  const tooLong = jobs.find((args) => args.length > MAX_ARGS);
  if (tooLong) throw new WasmError(`threads: ${name} takes ${tooLong.length} arguments, at most ${MAX_ARGS} fit`);
  for (let t = 1; t < jobs.length; t++) {
    const args = jobs[t];
    pool.args[t - 1].set(args);
    const flags = pool.flags[t - 1];
    flags[KERNEL] = kernel;
    flags[ARGC] = args.length;
    Atomics.store(flags, DONE, 0);
    Atomics.store(flags, STATE, 1);
    Atomics.notify(flags, STATE);
  }
  threadStats.parallelCalls++;
  // the workers are always waited for, even if this thread's share throws: they write into
  // memory the caller may free or reuse as soon as this returns
  let hereFailed = false, hereError: unknown;
  try {
    runHere(jobs[0]);
  } catch (err) {
    hereFailed = true;
    hereError = err;
  }
  let failed = false;
  for (let t = 1; t < jobs.length; t++) {
    const flags = pool.flags[t - 1];
    if (pool.canBlock) {
      while (Atomics.load(flags, DONE) === 0) Atomics.wait(flags, DONE, 0);
    } else {
      // a browser's main thread: the worker finishes its share about when this thread does
      while (Atomics.load(flags, DONE) === 0);
    }
    if (flags[FAILED]) failed = true;
  }
  if (hereFailed) throw hereError;
  if (failed) throw new WasmError(`threads: ${name} failed in a worker`);
}

