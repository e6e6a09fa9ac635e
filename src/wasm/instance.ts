// Loading the wasm module: the only place that instantiates it. Node compiles synchronously on
// first use; browsers can too for small modules (Chrome allows sync compile up to 8 MiB on the
// main thread), otherwise the user awaits ready(). Nothing runs at import time.
import { instantiateSync, instantiate } from '@assemblyscript/loader';
import embeddedBytes from '../../dist/gluon.wasm';
import { WasmError } from './errors';
import { attachHeap } from './heap';

/** A kernel takes raw pointers and numbers, returns a number (or nothing). */
export type Kernel = (...args: number[]) => number;
export type Kernels = Record<string, Kernel> & { memory: WebAssembly.Memory };

let kernels: Kernels | null = null;
let pending: Promise<void> | null = null;

function adopt(exports: Record<string, unknown>): Kernels {
  kernels = exports as unknown as Kernels;
  attachHeap(kernels.memory, (kernels.heapBase as Kernel)());
  return kernels;
}

/** The live kernel exports, compiling the embedded module synchronously if needed. */
export function wasm(): Kernels {
  if (kernels) return kernels;
  try {
    return adopt(instantiateSync(embeddedBytes).exports as Record<string, unknown>);
  } catch (err) {
    throw new WasmError(
      `gluon-wasm: the wasm module could not be compiled synchronously here (${(err as Error).message}); ` +
        'call `await ready()` before the first op, or `ready({ wasm: url | bytes | WebAssembly.Module })`.',
    );
  }
}

export interface ReadyOptions {
  /** Where to get the module from when the embedded bytes cannot be compiled here. */
  wasm?: string | URL | Uint8Array | ArrayBuffer | WebAssembly.Module;
}

/** Resolves once the kernels are live; idempotent. */
export function ready(options: ReadyOptions = {}): Promise<void> {
  if (kernels) return Promise.resolve();
  if (pending) return pending;
  pending = (async () => {
    const source = options.wasm ?? embeddedBytes;
    let module: WebAssembly.Module | Uint8Array | ArrayBuffer;
    if (typeof source === 'string' || source instanceof URL) {
      const response = await fetch(source);
      if (!response.ok) throw new WasmError(`ready(): fetching ${String(source)} failed with HTTP ${response.status}`);
      module = await response.arrayBuffer();
    } else {
      module = source;
    }
    const instance = await instantiate(module as WebAssembly.Module);
    adopt(instance.exports as Record<string, unknown>);
  })();
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

export function isReady(): boolean {
  return kernels !== null;
}
