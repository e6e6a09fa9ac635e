// Loading the wasm module: the only place that instantiates it. Node compiles synchronously on
// first use; browsers can too for small modules (Chrome allows sync compile up to 8 MiB on the
// main thread), otherwise the user awaits ready(). Nothing runs at import time.
//
// The plain WebAssembly API, not @assemblyscript/loader: the kernels take raw pointers and the
// module imports nothing, so the loader's wrappers were unused, while its module body patched a
// global (Object.hasOwn) and built a TextDecoder at import time in every consumer's bundle.
import embeddedBytes from '../../dist/gluon.wasm';
import { WasmError } from './errors';
import { attachHeap } from './heap';

/** A kernel takes raw pointers and numbers, returns a number (or nothing). */
export type Kernel = (...args: number[]) => number;
export type Kernels = Record<string, Kernel> & { memory: WebAssembly.Memory };

let kernels: Kernels | null = null;
let pending: Promise<void> | null = null;

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

function adopt(instance: WebAssembly.Instance): Kernels {
  kernels = instance.exports as unknown as Kernels;
  attachHeap(kernels.memory, (kernels.heapBase as Kernel)());
  return kernels;
}

/** The live kernel exports, compiling the embedded module synchronously if needed. */
export function wasm(): Kernels {
  if (kernels) return kernels;
  try {
    return adopt(new WebAssembly.Instance(new WebAssembly.Module(embeddedBytes as Uint8Array<ArrayBuffer>), imports));
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
    const source: unknown = options.wasm ?? embeddedBytes;
    let module: WebAssembly.Module;
    if (source instanceof WebAssembly.Module) {
      module = source;
    } else if (typeof source === 'string' || source instanceof URL) {
      const response = await fetch(source);
      if (!response.ok) throw new WasmError(`ready(): fetching ${String(source)} failed with HTTP ${response.status}`);
      module = await WebAssembly.compile(await response.arrayBuffer());
    } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      module = await WebAssembly.compile(source as BufferSource);
    } else {
      throw new WasmError(`ready(): options.wasm must be a URL string, URL, Uint8Array, ArrayBuffer or WebAssembly.Module, got ${Object.prototype.toString.call(source)}`);
    }
    if (!kernels) adopt(await WebAssembly.instantiate(module, imports));
  })();
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

export function isReady(): boolean {
  return kernels !== null;
}
