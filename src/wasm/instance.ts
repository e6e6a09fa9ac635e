// Loading the wasm module: the only place that instantiates it. Node compiles synchronously on
// first use; browsers can too for small modules (Chrome allows sync compile up to 8 MiB on the
// main thread), otherwise the user awaits ready(). Nothing runs at import time.
//
// The plain WebAssembly API, not @assemblyscript/loader: the kernels take raw pointers and the
// module imports nothing, so the loader's wrappers were unused, while its module body patched a
// global (Object.hasOwn) and built a TextDecoder at import time in every consumer's bundle.
//
// Four builds of the same kernels come out of scripts/build.mjs: the default (deterministic SIMD),
// an opt-in relaxed-SIMD build (FMA in the GEMM: faster, last bits may differ by machine), and
// for worker threads a shared-memory build (bit-identical to the default) and a relaxed one. The
// choice is made once, before the first op: ready({ relaxedSimd, threads }). The two one-thread
// builds travel inside every JS build; the two shared-memory builds only inside Node's (the
// browser-facing bundles get null here and take them from ready({ sharedWasm, relaxedSharedWasm })).
import embeddedBytes from '../../dist/gluon.wasm';
import relaxedBytes from '../../dist/gluon-relaxed.wasm';
import sharedBytes from '../../dist/gluon-shared.wasm';
import relaxedSharedBytes from '../../dist/gluon-relaxed-shared.wasm';
import { ValueError, WasmError } from './errors';
import { checkOptionKeys } from '../nd/options';
import { attachHeap } from './heap';
import { discardPool, installPool, MAX_START_TIMEOUT_MS, START_TIMEOUT_MS, startPool, threadStats, threadsUnavailable } from './threads';

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
/** What the ready() call in progress asked for. */
let pendingAsked = { threads: 1, relaxedSimd: false };

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
    throw new WasmError(`gluon-wasm: the wasm module could not be compiled synchronously here (${(err as Error).message}); ${compileAdvice(err, false)}`);
  }
}

/**
 * What to do when compiling failed: a Content-Security-Policy without 'wasm-unsafe-eval' blocks
 * every compile, sync or async, so ready() cannot help there; elsewhere the first op's
 * synchronous compile (refused on some browsers' main threads) has ready() as its remedy, and
 * ready()'s own failure means the module given is not a build of this package.
 */
function compileAdvice(err: unknown, inReady: boolean): string {
  const text = String((err as Error)?.message ?? err);
  if (/Content Security Policy|unsafe-eval|CSP/i.test(text)) {
    return "the page's Content-Security-Policy must allow WebAssembly: add 'wasm-unsafe-eval' to script-src";
  }
  if (inReady) return "pass a module of this package's version (gluon-wasm/wasm and the gluon-*.wasm files beside it)";
  return 'call `await ready()` before the first op, or `ready({ wasm: url | bytes | WebAssembly.Module })`.';
}

/** WebAssembly.compile/instantiate, their engine errors (CompileError, CSP refusals) as WasmError. */
async function compiled<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof WasmError || err instanceof ValueError) throw err;
    throw new WasmError(`ready(): ${what} failed (${(err as Error)?.message ?? String(err)}); ${compileAdvice(err, true)}`);
  }
}

/** A module to load: a URL to fetch, its bytes, or the module already compiled. */
type WasmSource = string | URL | Uint8Array | ArrayBuffer | WebAssembly.Module;

export interface ReadyOptions {
  /** Where to get the default module from when the embedded bytes cannot be compiled here. */
  wasm?: WasmSource;
  /**
   * Use the relaxed-SIMD build (fused multiply-add in the GEMM, ~1.2x on large products) where the
   * engine supports it (Chrome 114+, Node 22+, or Node 20 with --experimental-wasm-relaxed-simd);
   * elsewhere the default build runs. Results then differ in the last bits across machines.
   * Combines with threads (the relaxed shared-memory build).
   */
  relaxedSimd?: boolean;
  /**
   * The relaxed-SIMD build for relaxedSimd on one thread (the package's dist/gluon-relaxed.wasm,
   * exported as 'gluon-wasm/gluon-relaxed.wasm'). Required for relaxedSimd in browsers, whose
   * bundles leave it out; Node's build embeds it.
   */
  relaxedWasm?: WasmSource;
  /**
   * Run large matrix products on this many threads over shared wasm memory (results stay
   * bit-identical): Node's worker_threads, or Web Workers in a cross-origin isolated page (served
   * with COOP: same-origin and COEP: require-corp). 1 (the default) starts no worker.
   */
  threads?: number;
  /**
   * The shared-memory build for threads (the package's dist/gluon-shared.wasm, exported as
   * 'gluon-wasm/gluon-shared.wasm'). Required with threads in browsers, whose bundles leave it out;
   * Node's build embeds it.
   */
  sharedWasm?: WasmSource;
  /**
   * The relaxed-SIMD shared-memory build for relaxedSimd with threads (dist/gluon-relaxed-shared.wasm,
   * 'gluon-wasm/gluon-relaxed-shared.wasm'). Required for that pair in browsers; where the engine
   * rejects it, sharedWasm runs instead.
   */
  relaxedSharedWasm?: WasmSource;
  /**
   * How long each worker may take to instantiate the module before ready() gives up on it and
   * rejects with a WasmError (ms, default 10000): raise it for slow devices, lower it to fail fast.
   */
  workerStartTimeout?: number;
}

/** Which build is live (the default before the first op). */
export function backend(): BackendInfo {
  return { ...info, parallelCalls: threadStats.parallelCalls };
}

const READY_KEYS = ['wasm', 'relaxedSimd', 'relaxedWasm', 'threads', 'sharedWasm', 'relaxedSharedWasm', 'workerStartTimeout'] as const;

function checkOptions(options: ReadyOptions): void {
  checkOptionKeys('ready()', options, READY_KEYS);
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new ValueError(`ready(): threads must be a positive integer, got ${String(options.threads)}`);
  const timeout = options.workerStartTimeout;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= MAX_START_TIMEOUT_MS)) {
    throw new ValueError(`ready(): workerStartTimeout must be a number of milliseconds in (0, ${MAX_START_TIMEOUT_MS}], got ${String(timeout)}`);
  }
  if (threads === 1) {
    if (options.relaxedSimd && !(options.relaxedWasm ?? relaxedBytes)) {
      throw new ValueError('ready(): relaxedSimd needs the relaxed-SIMD module, which this build does not embed: pass ' +
        "ready({ relaxedSimd: true, relaxedWasm }) with the URL (or bytes, or compiled module) of the package's dist/gluon-relaxed.wasm");
    }
    return;
  }
  if (options.wasm !== undefined) throw new ValueError('ready(): options.wasm is the one-thread default module; with threads pass the shared-memory module as options.sharedWasm');
  const unavailable = threadsUnavailable();
  if (unavailable) throw new ValueError(`ready(): threads cannot run here: ${unavailable}`);
  if (!(options.sharedWasm ?? sharedBytes)) {
    throw new ValueError('ready(): threads need the shared-memory module, which this build does not embed: pass ' +
      "ready({ threads, sharedWasm }) with the URL (or bytes, or compiled module) of the package's dist/gluon-shared.wasm");
  }
  if (options.relaxedSimd && !(options.relaxedSharedWasm ?? relaxedSharedBytes)) {
    throw new ValueError('ready(): relaxedSimd with threads needs the relaxed shared-memory module, which this build does not embed: pass ' +
      "options.relaxedSharedWasm with the URL (or bytes, or compiled module) of the package's dist/gluon-relaxed-shared.wasm");
  }
}

/** Resolves once the kernels are live (with the build chosen); idempotent. */
export function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  try {
    checkOptions(options);
  } catch (err) {
    return Promise.reject(err);
  }
  const threads = options.threads ?? 1;
  if (kernels) {
    const differs = (threads > 1 && info.threads !== threads) || (!!options.relaxedSimd && info.simd !== 'relaxed' && relaxedSupported());
    if (differs) return Promise.reject(alreadyLive());
    return Promise.resolve(backend());
  }
  const asked = { threads, relaxedSimd: !!options.relaxedSimd };
  if (pending) {
    // a plain ready() waits for the one in progress; asking for another build cannot be honoured
    const differsFromPending = (threads > 1 && threads !== pendingAsked.threads) || (asked.relaxedSimd && !pendingAsked.relaxedSimd);
    if (differsFromPending) {
      return Promise.reject(new WasmError(`ready(): a ready(${JSON.stringify(pendingAsked)}) is in progress; ${JSON.stringify(asked)} cannot be honoured as well`));
    }
    return pending;
  }
  pendingAsked = asked;
  pending = (async () => {
    if (threads > 1) return startThreads(threads, options);
    if (options.relaxedSimd && relaxedSupported()) {
      const module = await compiled('compiling the relaxed-SIMD module', compileSource(options.relaxedWasm ?? relaxedBytes, 'relaxedWasm'));
      const instance = await compiled('instantiating the relaxed-SIMD module', WebAssembly.instantiate(module!, imports));
      // an op that ran meanwhile has made the default module live
      if (kernels) throw alreadyLive();
      adopt(instance, { simd: 'relaxed', threads: 1 });
      return backend();
    }
    const module = await compiled('compiling the wasm module', compileSource(options.wasm ?? embeddedBytes, 'wasm'));
    const instance = await compiled('instantiating the wasm module', WebAssembly.instantiate(module!, imports));
    if (!kernels) adopt(instance, { simd: 'default', threads: 1 });
    return backend();
  })();
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

function alreadyLive(): WasmError {
  return new WasmError(`ready(): the ${info.simd} wasm module is already live (${info.threads} thread${info.threads > 1 ? 's' : ''}); call ready({ relaxedSimd, threads }) before the first op`);
}

/**
 * Compiles one of ready()'s module options: fetched when a URL, compiled when bytes, as is when a
 * module. With `validateFirst`, bytes this engine rejects give null instead of an error.
 */
async function compileSource(source: unknown, option: string, validateFirst = false): Promise<WebAssembly.Module | null> {
  if (source instanceof WebAssembly.Module) return source;
  let bytes: BufferSource;
  if (typeof source === 'string' || source instanceof URL) {
    const response = await fetch(source).catch((err: Error) => {
      throw new WasmError(`ready(): fetching options.${option} (${String(source)}) failed: ${err.message}`);
    });
    if (!response.ok) throw new WasmError(`ready(): fetching options.${option} (${String(source)}) failed with HTTP ${response.status}`);
    bytes = await response.arrayBuffer();
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    bytes = source as BufferSource;
  } else {
    throw new WasmError(`ready(): options.${option} must be a URL string, URL, Uint8Array, ArrayBuffer or WebAssembly.Module, got ${Object.prototype.toString.call(source)}`);
  }
  if (validateFirst && !WebAssembly.validate(bytes)) return null;
  return WebAssembly.compile(bytes);
}

/**
 * 42 bytes: `export function f(a: v128): v128 { return f32x4.relaxed_madd(a, a, a); }` compiled by
 * asc (--enable simd,relaxed-simd --runtime stub -O3 --noExportMemory). An engine that validates
 * it runs the relaxed builds; the browser bundles do not carry a relaxed build to validate.
 */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 123, 1, 123, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 13, 1,
  11, 0, 32, 0, 32, 0, 32, 0, 253, 133, 2, 11,
]);

/** True when this engine validates relaxed SIMD (f32x4.relaxed_madd). */
function relaxedSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/**
 * The shared-memory module for threads: the relaxed one when asked for and this engine validates
 * it, else the default one (bit-identical to the one-thread default build).
 */
async function sharedModule(options: ReadyOptions): Promise<{ module: WebAssembly.Module; simd: BackendInfo['simd'] }> {
  if (options.relaxedSimd) {
    const relaxed = await compileSource(options.relaxedSharedWasm ?? relaxedSharedBytes, 'relaxedSharedWasm', true);
    if (relaxed) return { module: checkShared(relaxed, 'relaxedSharedWasm'), simd: 'relaxed' };
  }
  return { module: checkShared((await compileSource(options.sharedWasm ?? sharedBytes, 'sharedWasm'))!, 'sharedWasm'), simd: 'default' };
}

/** A module passed as the shared build must import its memory (else each thread has its own). */
function checkShared(module: WebAssembly.Module, option: string): WebAssembly.Module {
  const importsMemory = WebAssembly.Module.imports(module).some((i) => i.module === 'env' && i.name === 'memory' && i.kind === 'memory');
  if (!importsMemory) throw new ValueError(`ready(): options.${option} is not a shared-memory build (it does not import env.memory); pass the package's dist/gluon-${option === 'sharedWasm' ? '' : 'relaxed-'}shared.wasm`);
  return module;
}

/**
 * The shared-memory build on `threads - 1` workers and then this thread, all on one memory. The
 * workers must all report instantiated before any kernel runs: a browser's main thread could not
 * let them start while it spins in a parallel call.
 */
async function startThreads(threads: number, options: ReadyOptions): Promise<BackendInfo> {
  const { module, simd } = await sharedModule(options);
  // shared memory needs a declared maximum: the wasm32 limit, reserved (not committed) up front
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  } catch (err) {
    throw new WasmError(`ready(): threads need a shared wasm memory of up to 4 GiB reserved, which this engine refused (${(err as Error).message})`);
  }
  const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
  const started = await startPool(module, memory, threads - 1, names, options.workerStartTimeout ?? START_TIMEOUT_MS);
  try {
    const instance = await WebAssembly.instantiate(module, { env: { ...imports.env, memory } });
    // an op that ran while the workers started has made the default module live
    if (kernels) throw alreadyLive();
    adopt(instance, { simd, threads }, memory);
  } catch (err) {
    await discardPool(started);
    throw err;
  }
  installPool(started);
  return backend();
}

export function isReady(): boolean {
  return kernels !== null;
}
