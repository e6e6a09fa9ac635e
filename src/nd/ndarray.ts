// NDArray: a shape over a (possibly shared) block of wasm memory, always C-contiguous.
// Math methods delegate to the op functions in ./ops so each op is written once.
import { DisposedError, ValueError, f32 } from '../wasm';
import { Storage } from './storage';
import { track, untrack, finalizer, escape, type Scope } from './scope';
import { state, type GradReq, type TapeNode, detachUnreachable, releaseNode } from './autograd';
import { formatNDArray } from './format';
import { describe, isPlainObject } from './options';
import { fmtShape } from './ops/broadcast';
import * as ew from './ops/elementwise';
import * as red from './ops/reduce';
import * as shp from './ops/shape';
import * as idx from './ops/indexing';
import * as lin from './ops/linalg';
import * as sm from './ops/softmax';
import * as bw from './backward';

export type Shape = readonly number[];
export type Operand = NDArray | number;
export type AxisOption = { axis?: number | readonly number[]; keepdims?: boolean; exclude?: boolean };

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export class NDArray {
  readonly shape: Shape;
  readonly size: number;
  readonly dtype = 'float32' as const;
  readonly context = 'cpu(0)';
  /** @internal */ _storage: Storage;
  /** @internal byte offset into the storage (contiguous views) */ _offset: number;
  /** @internal */ _disposed = false;
  /** @internal tape nodes that still need this array */ _holds = 0;
  /** @internal the tape node that produced this array (while a backward may still need it) */ _node: TapeNode | null = null;
  /** @internal unreleased tape nodes that take this array as an input */ _consumers = 0;
  /** @internal */ _grad: NDArray | null = null;
  /** @internal */ _gradReq: GradReq = 'null';
  /** @internal set by backward, cleared by Trainer.step */ _fresh = false;
  /** @internal storage already released by dispose */ private _released = false;
  /** @internal registered with the GC backstop */ private _registered = false;
  /** @internal handed to the backstop (registration may wait in the nursery) */ private _escaped = false;
  /** @internal the tidy/record scope that owns this array, if any */ _scope: Scope | null = null;
  /** @internal set when a scope disposed this array: which one, for DisposedError */ _freedBy: string | null = null;

  /** @internal use nd.array / nd.zeros / ops; this wraps existing storage (retained by the caller). */
  constructor(storage: Storage, offset: number, shape: Shape) {
    this._storage = storage;
    this._offset = offset;
    // another array's (frozen) shape is shared as is: unary ops and views allocate no new one
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.size = sizeOf(shape);
    if (!track(this)) this._escape();
  }

  /** @internal a new uninitialised array. */
  static _empty(shape: Shape): NDArray {
    return new NDArray(Storage.allocate(sizeOf(shape) * 4), 0, shape);
  }

  /** @internal a view sharing this array's storage. */
  _view(shape: Shape, elementOffset = 0): NDArray {
    this._storage.retain();
    return new NDArray(this._storage, this._offset + elementOffset * 4, shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** @internal pointer to the first element; throws DisposedError after dispose(). */
  get _ptr(): number {
    if (this._disposed && !(state.inBackward && !this._released)) throw this._usedAfterDispose(null);
    return this._storage.ptr + this._offset;
  }

  /** @internal throws DisposedError when disposed; `op` names the caller. */
  _check(op: string): this {
    if (this._disposed && !(state.inBackward && !this._released)) throw this._usedAfterDispose(op);
    return this;
  }

  private _usedAfterDispose(op: string | null): DisposedError {
    const why = this._freedBy === null ? '' : `: it was freed at the end of ${this._freedBy}`;
    return new DisposedError(`${op === null ? '' : `${op}: `}NDArray ${this.shape.join('x')} was used after dispose()${why}`);
  }

  /** @internal a Float32Array view over the data, valid until the next allocation. */
  _data(): Float32Array {
    return f32(this._ptr, this.size);
  }

  /** Frees the array's memory (views keep a shared block alive). Later use throws DisposedError. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    if (this._registered) finalizer.unregister(this);
    untrack(this);
    if (this._grad) this._grad.dispose();
    const unreachable = detachUnreachable(this);
    if (unreachable) releaseNode(unreachable);
    if (this._holds === 0) this._releaseStorage();
  }

  /** @internal dispose() by a scope or loader, which DisposedError then names (`by`). */
  _freeAs(by: string): void {
    if (this._disposed) return;
    this._freedBy = by;
    this.dispose();
  }

  private _releaseStorage(): void {
    if (this._released) return;
    this._released = true;
    this._storage.release();
  }

  /** @internal the array outlives every tidy/record scope: from now on the GC may free it. */
  _escape(): void {
    if (this._escaped || this._disposed) return;
    this._escaped = true;
    escape(this);
  }

  /** @internal called by the nursery flush: registers with the FinalizationRegistry if still alive. */
  _register(): void {
    if (this._registered || this._disposed) return;
    this._registered = true;
    finalizer.register(this, { storage: this._storage }, this);
  }

  /** @internal */ _hold(): void {
    this._holds++;
  }
  /** @internal */ _unhold(): void {
    if (--this._holds === 0 && this._disposed) this._releaseStorage();
  }

  // ---------------------------------------------------------------- read out
  toFloat32Array(): Float32Array {
    return this._check('toFloat32Array')._data().slice();
  }

  /** Nested JS arrays, like asnumpy().tolist(). */
  /**
   * Nested JS arrays of the values (a number for a 0-d array). The element type is only known at
   * run time; name it to index without casts: `x.toArray<number[][]>()[0][1]`.
   */
  toArray<T extends number | NestedArray = number | NestedArray>(): T {
    const data = this._check('toArray')._data();
    if (this.ndim === 0) return data[0] as T;
    const build = (dim: number, offset: number): NestedArray => {
      const n = this.shape[dim];
      const out: NestedArray = new Array(n);
      if (dim === this.ndim - 1) {
        for (let i = 0; i < n; i++) out[i] = data[offset + i];
      } else {
        const stride = sizeOf(this.shape.slice(dim + 1));
        for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0) as T;
  }

  asScalar(): number {
    if (this.size !== 1) throw new ValueError(`asScalar: the current array is not a scalar (shape ${fmtShape(this.shape)})`);
    return this._check('asScalar')._data()[0];
  }

  /**
   * Number(a), +a, a > 0: a one-element array converts to its number (MXNet's __float__, so D2L's
   * `if (a.sum() > 0)` and `float(l)` translate; TypeScript wants `+a.sum() > 0`); any other size
   * throws a ValueError. String(a) and template strings give toString(), MXNet's text.
   */
  [Symbol.toPrimitive](hint: 'number' | 'string' | 'default'): number | string {
    if (hint === 'string' || (hint === 'default' && this.size !== 1)) return this.toString();
    if (this.size !== 1) throw new ValueError(`NDArray of shape ${fmtShape(this.shape)} cannot be converted to a number: only one-element arrays can (use asScalar() on a reduction)`);
    return this.asScalar();
  }

  /** MXNet's repr: '\n' + numpy text + '\n<NDArray 2x20 @cpu(0)>'. */
  toString(): string {
    return `\n${formatNDArray(this._check('toString')._data(), this.shape)}\n<NDArray ${this.shape.join('x')} @${this.context}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this._disposed ? '<NDArray disposed>' : this.toString();
  }

  // ---------------------------------------------------------------- autograd
  /** Allocates a zero gradient buffer and marks this array as a variable. */
  attachGrad(gradReq: GradReq = 'write'): void {
    bw.markVariables([this], null, gradReq);
  }
  get grad(): NDArray | null {
    return this._grad;
  }
  get gradReq(): GradReq {
    return this._gradReq;
  }
  backward(headGrad?: NDArray | null | { retainGraph?: boolean }, options: { retainGraph?: boolean } = {}): void {
    // y.backward({ retainGraph: true }): the options alone, as MXNet's y.backward(retain_graph=True)
    if (isPlainObject(headGrad)) return bw.backward([this], null, headGrad);
    bw.backward([this], headGrad ? [headGrad] : null, options);
  }
  /** A new handle on the same data that is cut from the graph. */
  detach(): NDArray {
    return this._check('detach')._view(this.shape);
  }

  /** @internal drops the graph node (after backward). */
  _dropNode(): void {
    if (this._node) releaseNode(this._node);
    this._node = null;
  }

  // ---------------------------------------------------------------- math (see ./ops)
  add(b: Operand): NDArray { return ew.add(this, b); }
  sub(b: Operand): NDArray { return ew.sub(this, b); }
  mul(b: Operand): NDArray { return ew.mul(this, b); }
  div(b: Operand): NDArray { return ew.div(this, b); }
  pow(b: Operand): NDArray { return ew.pow(this, b); }
  maximum(b: Operand): NDArray { return ew.maximum(this, b); }
  minimum(b: Operand): NDArray { return ew.minimum(this, b); }
  equal(b: Operand): NDArray { return ew.equal(this, b); }
  notEqual(b: Operand): NDArray { return ew.notEqual(this, b); }
  greater(b: Operand): NDArray { return ew.greater(this, b); }
  greaterEqual(b: Operand): NDArray { return ew.greaterEqual(this, b); }
  lesser(b: Operand): NDArray { return ew.lesser(this, b); }
  lesserEqual(b: Operand): NDArray { return ew.lesserEqual(this, b); }
  neg(): NDArray { return ew.neg(this); }
  abs(): NDArray { return ew.abs(this); }
  exp(): NDArray { return ew.exp(this); }
  log(): NDArray { return ew.log(this); }
  log1p(): NDArray { return ew.log1p(this); }
  expm1(): NDArray { return ew.expm1(this); }
  sqrt(): NDArray { return ew.sqrt(this); }
  rsqrt(): NDArray { return ew.rsqrt(this); }
  square(): NDArray { return ew.square(this); }
  reciprocal(): NDArray { return ew.reciprocal(this); }
  sign(): NDArray { return ew.sign(this); }
  floor(): NDArray { return ew.floor(this); }
  ceil(): NDArray { return ew.ceil(this); }
  round(): NDArray { return ew.round(this); }
  trunc(): NDArray { return ew.trunc(this); }
  sin(): NDArray { return ew.sin(this); }
  cos(): NDArray { return ew.cos(this); }
  relu(): NDArray { return ew.relu(this); }
  sigmoid(): NDArray { return ew.sigmoid(this); }
  tanh(): NDArray { return ew.tanh(this); }
  softrelu(): NDArray { return ew.softrelu(this); }
  softsign(): NDArray { return ew.softsign(this); }
  clip(low: number, high: number): NDArray { return ew.clip(this, low, high); }

  sum(...args: red.ReduceArgs): NDArray { return red.sum(this, ...args); }
  mean(...args: red.ReduceArgs): NDArray { return red.mean(this, ...args); }
  max(...args: red.ReduceArgs): NDArray { return red.max(this, ...args); }
  min(...args: red.ReduceArgs): NDArray { return red.min(this, ...args); }
  prod(...args: red.ReduceArgs): NDArray { return red.prod(this, ...args); }
  norm(...args: red.NormArgs): NDArray { return red.norm(this, ...args); }
  argmax(...args: red.ArgReduceArgs): NDArray { return red.argmax(this, ...args); }
  argmin(...args: red.ArgReduceArgs): NDArray { return red.argmin(this, ...args); }

  dot(b: NDArray, ...args: lin.DotArgs): NDArray { return lin.dot(this, b, ...args); }
  batchDot(b: NDArray, ...args: lin.DotArgs): NDArray { return lin.batchDot(this, b, ...args); }

  reshape(...shape: (number | readonly number[])[] | [options: { shape: number | readonly number[] }]): NDArray { return shp.reshape(this, shp.flattenShapeArgs(shape)); }
  transpose(...args: shp.TransposeArgs): NDArray { return shp.transpose(this, ...args); }
  get T(): NDArray { return shp.transpose(this); }
  flatten(): NDArray { return shp.flatten(this); }
  expandDims(...args: [axis: number | { axis: number }]): NDArray { return shp.expandDims(this, ...args); }
  squeeze(...args: [axis?: number | readonly number[] | null | { axis?: number | readonly number[] }]): NDArray { return shp.squeeze(this, ...args); }
  broadcastTo(shape: number | readonly number[]): NDArray { return shp.broadcastTo(this, shape); }
  broadcastLike(other: NDArray): NDArray { return shp.broadcastTo(this, other.shape); }
  tile(reps: number | readonly number[]): NDArray { return shp.tile(this, reps); }
  repeat(repeats: number, ...args: [axis?: number | null | { axis?: number }]): NDArray { return shp.repeat(this, repeats, ...args); }
  slice(begin: shp.IndexTuple, end: shp.IndexTuple, step?: shp.IndexTuple): NDArray { return shp.slice(this, begin, end, step); }
  setSlice(begin: shp.IndexTuple, end: shp.IndexTuple, value: NDArray | number, step?: shp.IndexTuple): NDArray { return shp.setSlice(this, begin, end, value, step); }
  sliceAxis(axis: number, begin: number, end: number | null): NDArray { return shp.sliceAxis(this, axis, begin, end); }
  take(indices: NDArray | readonly number[], options?: idx.TakeOptions): NDArray { return idx.take(this, indices, options); }
  pick(index: NDArray, ...args: idx.PickArgs): NDArray { return idx.pick(this, index, ...args); }
  oneHot(depth: number, ...args: idx.OneHotArgs): NDArray { return idx.oneHot(this, depth, ...args); }
  split(numOutputs: number, ...args: shp.SplitArgs): NDArray[] { return shp.split(this, numOutputs, ...args); }
  softmax(...args: sm.SoftmaxArgs): NDArray { return sm.softmax(this, ...args); }
  logSoftmax(...args: sm.SoftmaxArgs): NDArray { return sm.logSoftmax(this, ...args); }

  copy(): NDArray { return ew.copy(this); }
  /** Copies this array's values into `out` (same size) and returns `out`. */
  copyTo(out: NDArray): NDArray { return ew.copyTo(this, out); }
  astype(dtype: 'float32'): NDArray { return ew.astype(this, dtype); }
  /** Overwrites the values in place with `value` (an array broadcastable to this shape, or a number). */
  setData(value: Operand | ArrayLike<number>): this { ew.setData(this, value); return this; }
  addInPlace(b: Operand): this { ew.inPlace(this, b, 'add'); return this; }
  subInPlace(b: Operand): this { ew.inPlace(this, b, 'sub'); return this; }
  mulInPlace(b: Operand): this { ew.inPlace(this, b, 'mul'); return this; }
  divInPlace(b: Operand): this { ew.inPlace(this, b, 'div'); return this; }
}

export type NestedArray = (number | NestedArray)[];

export function isNDArray(v: unknown): v is NDArray {
  return v instanceof NDArray;
}

/**
 * An op's array argument, checked: the array itself, or the library's ValueError naming the op
 * and the argument (never a TypeError from a missing method), or DisposedError after dispose().
 */
export function checkArray(op: string, v: unknown, name: string): NDArray {
  if (!(v instanceof NDArray)) throw new ValueError(`${op}: ${name} must be an NDArray, got ${describeValue(v)}`);
  return v._check(op);
}

/** A wrong argument in an error message: options.ts's describe, with an NDArray's shape. */
export function describeValue(v: unknown): string {
  return v instanceof NDArray ? `an NDArray of shape ${fmtShape(v.shape)}` : describe(v);
}
