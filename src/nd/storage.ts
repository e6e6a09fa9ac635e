// A block of wasm memory shared by an array and its views (reshape, contiguous slices).
// Reference counted: the block returns to the heap when the last holder lets go.
import { alloc, free } from '../wasm';

export class Storage {
  refs = 1;
  constructor(
    readonly ptr: number,
    readonly bytes: number,
  ) {}

  static allocate(bytes: number): Storage {
    return new Storage(alloc(Math.max(bytes, 4)), Math.max(bytes, 4));
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) free(this.ptr, this.bytes);
  }
}
