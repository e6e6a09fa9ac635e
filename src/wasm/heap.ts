// The one owner of wasm linear memory. Kernels never allocate: every block they touch comes from
// here. A bump pointer carves new blocks; freed blocks go to a free list per size class and are
// reused first, so a training loop that allocates the same sizes every step stays flat.
// Views are made on demand (memory.grow detaches the old buffer); the one cached kind is
// scratchView's, which checks for growth on every use.
import { WasmError } from './errors';
import { wasm } from './instance';

const PAGE = 65536;
const ALIGN = 16; // a v128 load at the tail of a block stays in bounds

let memory: WebAssembly.Memory | null = null;
let top = 0;
const freeLists = new Map<number, number[]>();

/** Live (allocated, not freed) blocks and their class bytes. */
export const heapStats = { blocks: 0, bytes: 0 };

export function attachHeap(mem: WebAssembly.Memory, heapBase: number): void {
  memory = mem;
  top = Math.ceil(heapBase / ALIGN) * ALIGN;
  freeLists.clear();
  heapStats.blocks = 0;
  heapStats.bytes = 0;
}

/**
 * Size classes: multiples of 16 up to 256 bytes, then 4 classes per power of two (at most 25%
 * slack), so a block freed by one step serves a similar request in the next.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return bytes <= ALIGN ? ALIGN : (bytes + 15) & ~15;
  // step = 2^(ceil(log2(bytes)) - 3), from clz32 (exact, and cheap on this hot path)
  const shift = 29 - Math.clz32(bytes - 1);
  if (bytes < 2 ** 30) return (((bytes - 1) >> shift) + 1) << shift;
  const step = 2 ** shift;
  return Math.ceil(bytes / step) * step;
}

function mem(): WebAssembly.Memory {
  if (!memory) wasm(); // loads the module (synchronously where allowed) and attaches this heap
  return memory!;
}

function grow(end: number): void {
  const m = mem();
  const have = m.buffer.byteLength;
  if (end <= have) return;
  const pages = Math.ceil((end - have) / PAGE);
  try {
    m.grow(pages);
  } catch {
    throw new WasmError(
      `out of memory: cannot grow wasm memory from ${have} to ${have + pages * PAGE} bytes ` +
        `(${heapStats.blocks} live blocks, ${heapStats.bytes} bytes in use); dispose() arrays or use nd.tidy()`,
    );
  }
}

/** Allocates a block of at least `bytes` bytes, 16-byte aligned. Throws WasmError when memory is full. */
export function alloc(bytes: number): number {
  mem(); // the first allocation loads the module, which sets `top` to its heap base
  // checked before sizeClass, whose 32-bit arithmetic is only meant for sizes below 4 GiB
  if (!(bytes >= 0 && bytes <= 2 ** 32 - PAGE)) throw new WasmError(`out of memory: a block of ${bytes} bytes does not fit in 4 GiB of wasm memory`);
  const size = sizeClass(bytes);
  const list = freeLists.get(size);
  let ptr: number;
  if (list && list.length > 0) {
    ptr = list.pop()!;
  } else {
    if (top + size > 2 ** 32 - PAGE) throw new WasmError(`out of memory: a block of ${bytes} bytes does not fit in 4 GiB of wasm memory`);
    grow(top + size);
    ptr = top;
    top += size;
  }
  heapStats.blocks++;
  heapStats.bytes += size;
  return ptr;
}

/** Returns a block obtained from alloc(bytes) with the same `bytes`. */
export function free(ptr: number, bytes: number): void {
  const size = sizeClass(bytes);
  let list = freeLists.get(size);
  if (!list) freeLists.set(size, (list = []));
  list.push(ptr);
  heapStats.blocks--;
  heapStats.bytes -= size;
}

export function wasmBytes(): number {
  return memory ? memory.buffer.byteLength : 0;
}

export function f32(ptr: number, length: number): Float32Array {
  return new Float32Array(mem().buffer, ptr, length);
}

export function i32(ptr: number, length: number): Int32Array {
  return new Int32Array(mem().buffer, ptr, length);
}

export function u8(ptr: number, length: number): Uint8Array {
  return new Uint8Array(mem().buffer, ptr, length);
}

// Scratch blocks that kernels need between calls (shape/stride metadata, GEMM packing panels).
// Each name keeps one block that only grows; they are not counted as arrays.
const scratchBlocks = new Map<string, { ptr: number; bytes: number }>();

export function scratch(name: string, bytes: number): number {
  const have = scratchBlocks.get(name);
  if (have && have.bytes >= bytes) return have.ptr;
  if (have) free(have.ptr, have.bytes);
  const ptr = alloc(bytes);
  scratchBlocks.set(name, { ptr, bytes });
  return ptr;
}

/**
 * A getter for a typed view of scratch block `name` (`length` elements), for the per-op hot paths
 * (kernel metadata, number operands): the block is allocated at the first call and the view
 * remade only after memory grew. The block's address is the view's byteOffset.
 */
export function scratchView<T extends Int32Array | Float32Array>(name: string, length: number, view: (ptr: number, length: number) => T): () => T {
  let ptr = 0; // kept apart: a detached view's byteOffset reads 0
  let cached: T | null = null;
  return () => {
    if (ptr === 0) ptr = scratch(name, length * 4);
    if (cached === null || cached.buffer !== mem().buffer) cached = view(ptr, length);
    return cached;
  };
}

/** Bytes held by scratch blocks (excluded from the arrays' byte count). */
export function scratchBytes(): number {
  let total = 0;
  for (const b of scratchBlocks.values()) total += sizeClass(b.bytes);
  return total;
}
