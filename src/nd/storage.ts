// A block of wasm memory shared by an array and its views (reshape, contiguous slices).
// Reference counted: the block returns to the heap when the last holder lets go.
import { alloc, free, sizeClass } from '../wasm';

export class Storage {
  refs = 1;
  constructor(
    readonly ptr: number,
    readonly bytes: number,
  ) {}

  static allocate(bytes: number): Storage {
    // keep the size class (the block's real size, which nd.memory() counts); sizeClass maps it to
    // itself, so alloc and free file the block under the same class
    const size = sizeClass(bytes);
    return new Storage(alloc(size), size);
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) free(this.ptr, this.bytes);
  }
}
