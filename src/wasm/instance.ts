// Loading the wasm module: the only place that instantiates it. Node compiles synchronously on
// first use; browsers can too for small modules (Chrome allows sync compile up to 8 MiB on the
// main thread), otherwise the user awaits ready(). Nothing runs at import time.
//
// The plain WebAssembly API, not @assemblyscript/loader: the kernels take raw pointers and the
// module imports nothing, so the loader's wrappers were unused, while its module body patched a
// global (Object.hasOwn) and built a TextDecoder at import time in every consumer's bundle.
//
// Three builds of the same kernels travel inside the JS (scripts/build.mjs): the default
// (deterministic SIMD), an opt-in relaxed-SIMD build (FMA in the GEMM: faster, last bits may
// differ by machine) and an opt-in shared-memory build for worker threads (bit-identical to the
// default). The choice is made once, before the first op: ready({ relaxedSimd, threads }).
import embeddedBytes from '../../dist/gluon.wasm';
import relaxedBytes from '../../dist/gluon-relaxed.wasm';
// null in the browser-facing builds (scripts/build.mjs leaves it out: threads are Node-only)
import sharedBytes from '../../dist/gluon-shared.wasm';
import { ValueError, WasmError } from './errors';
import { attachHeap } from './heap';
import { startPool, threadStats, threadsSupported } from './threads';

/** A kernel takes raw pointers and numbers, returns a number (or nothing). */
export type Kernel = (...args: number[]) => number;
export type Kernels = Record<string, Kernel> & { memory: WebAssembly.Memory };

/** Which build runs the kernels, and on how many threads. */
export interface BackendInfo {
  simd: 'default' | 'relaxed';
  threads: number;
  /** Kernel calls that were split over the worker threads so far. */
  parallelCalls: number;
}

let kernels: Kernels | null = null;
let info: Omit<BackendInfo, 'parallelCalls'> = { simd: 'default', threads: 1 };
let pending: Promise<BackendInfo> | null = null;

/**
 * What the module may import. Today it imports nothing (asconfig: runtime stub, noAssert); should
 * an AssemblyScript `abort` ever be compiled in, it surfaces as the library's own error class.
 */
const imports = {
  env: {
    abort(_message: number, _file: number, line: number, column: number): never {
      throw new WasmError(`gluon-wasm: a wasm kernel aborted (line ${line}, column ${column})`);
    },
  },
};

function adopt(instance: WebAssembly.Instance, chosen: Omit<BackendInfo, 'parallelCalls'>, memory?: WebAssembly.Memory): Kernels {
  const exports = instance.exports as unknown as Kernels;
  kernels = memory ? ({ ...exports, memory } as Kernels) : exports;
  info = chosen;
  attachHeap(kernels.memory, (kernels.heapBase as Kernel)());
  return kernels;
}

/** The live kernel exports, compiling the embedded default module synchronously if needed. */
export function wasm(): Kernels {
  if (kernels) return kernels;
  try {
    return adopt(new WebAssembly.Instance(new WebAssembly.Module(embeddedBytes as Uint8Array<ArrayBuffer>), imports), { simd: 'default', threads: 1 });
  } catch (err) {
    throw new WasmError(
      `gluon-wasm: the wasm module could not be compiled synchronously here (${(err as Error).message}); ` +
        'call `await ready()` before the first op, or `ready({ wasm: url | bytes | WebAssembly.Module })`.',
    );
  }
}

export interface ReadyOptions {
  /** Where to get the default module from when the embedded bytes cannot be compiled here. */
  wasm?: string | URL | Uint8Array | ArrayBuffer | WebAssembly.Module;
  /**
   * Use the relaxed-SIMD build (fused multiply-add in the GEMM, ~1.2x on large products) where the
   * engine supports it (Chrome 114+, Node 22+, or Node 20 with --experimental-wasm-relaxed-simd);
   * elsewhere the default build runs. Results then differ in the last bits across machines.
   */
  relaxedSimd?: boolean;
  /**
   * Run large matrix products on this many threads (Node's worker_threads over shared wasm
   * memory; results stay bit-identical). 1 (the default) starts no worker.
   */
  threads?: number;
}

/** Which build is live (the default before the first op). */
export function backend(): BackendInfo {
  return { ...info, parallelCalls: threadStats.parallelCalls };
}

function checkOptions(options: ReadyOptions): void {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new ValueError(`ready(): threads must be a positive integer, got ${String(options.threads)}`);
  if (threads > 1 && options.relaxedSimd) throw new ValueError('ready(): relaxedSimd and threads cannot be combined yet; choose one');
  if (threads > 1 && options.wasm !== undefined) throw new ValueError('ready(): threads use the embedded shared-memory module; do not pass options.wasm with them');
  if (threads > 1 && (!threadsSupported() || !sharedBytes)) throw new ValueError('ready(): threads need Node 20.16+ (worker_threads and SharedArrayBuffer); browsers are not supported yet');
}

/** Resolves once the kernels are live (with the build chosen); idempotent. */
export function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  try {
    checkOptions(options);
  } catch (err) {
    return Promise.reject(err);
  }
  const wantsVariant = (options.threads ?? 1) > 1 || !!options.relaxedSimd;
  if (kernels) {
    const differs = ((options.threads ?? 1) > 1 && info.threads !== options.threads) || (!!options.relaxedSimd && info.simd !== 'relaxed' && relaxedSupported());
    if (wantsVariant && differs) {
      return Promise.reject(new WasmError(`ready(): the ${info.simd} wasm module is already live (${info.threads} thread${info.threads > 1 ? 's' : ''}); call ready({ relaxedSimd, threads }) before the first op`));
    }
    return Promise.resolve(backend());
  }
  if (pending) return pending;
  pending = (async () => {
    if ((options.threads ?? 1) > 1) return startThreads(options.threads!);
    if (options.relaxedSimd && relaxedSupported()) {
      const instance = await WebAssembly.instantiate(await WebAssembly.compile(relaxedBytes as Uint8Array<ArrayBuffer>), imports);
      if (!kernels) adopt(instance, { simd: 'relaxed', threads: 1 });
      return backend();
    }
    const module = await compileDefault(options.wasm ?? embeddedBytes);
    if (!kernels) adopt(await WebAssembly.instantiate(module, imports), { simd: 'default', threads: 1 });
    return backend();
  })();
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

async function compileDefault(source: unknown): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) {
    const response = await fetch(source);
    if (!response.ok) throw new WasmError(`ready(): fetching ${String(source)} failed with HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source as BufferSource);
  throw new WasmError(`ready(): options.wasm must be a URL string, URL, Uint8Array, ArrayBuffer or WebAssembly.Module, got ${Object.prototype.toString.call(source)}`);
}

/** True when this engine validates the relaxed-SIMD build. */
function relaxedSupported(): boolean {
  try {
    return WebAssembly.validate(relaxedBytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** The shared-memory build on this thread plus `threads - 1` workers on the same memory. */
function startThreads(threads: number): BackendInfo {
  const module = new WebAssembly.Module(sharedBytes as Uint8Array<ArrayBuffer>);
  // shared memory needs a declared maximum: the wasm32 limit, reserved (not committed) up front
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { ...imports.env, memory } });
  if (!kernels) {
    adopt(instance, { simd: 'default', threads }, memory);
    const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
    startPool(module, memory, threads - 1, names);
  }
  return backend();
}

export function isReady(): boolean {
  return kernels !== null;
}
