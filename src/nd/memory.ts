// nd.tidy and nd.memory: the user-facing side of array lifetimes.
import { ValueError, heapStats, scratchBytes, wasmBytes } from '../wasm';
import { isNDArray } from './ndarray';
import { closeScope, keep, live, openScope, survivorsOf } from './scope';
import { state } from './autograd';

/**
 * Runs fn and frees every array created inside it that it does not return (arrays nested in a
 * returned array/object survive and move to the enclosing scope). Synchronous functions only.
 */
export function tidy<T>(fn: () => T): T {
  return tidyAs(TIDY, fn);
}

const TIDY = 'the nd.tidy(fn) that made it, which frees what fn does not return (return it, or nd.keep() it, to keep it)';

/** tidy(fn), with `freedBy` saying in DisposedError's message which scope freed an array. */
export function tidyAs<T>(freedBy: string, fn: () => T): T {
  const scope = openScope(freedBy);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    closeScope(scope, null);
    throw err;
  }
  if (result instanceof Promise) {
    closeScope(scope, null);
    throw new ValueError('nd.tidy: fn must be synchronous (it returned a Promise)');
  }
  closeScope(scope, survivorsOf(result, isNDArray));
  return result;
}

/**
 * fn under tidy, unless autograd is recording: then the record scope already owns what fn makes
 * and frees it with the graph. The layers that free their own temporaries (Sequential, the
 * losses) run through this, so inference and evaluation loops stay flat without the user's tidy.
 */
export function tidyUnlessRecording<T>(fn: () => T, who = 'the layer call that made it'): T {
  return state.recording ? fn() : tidyAs(layerLabel(who), fn);
}

// DisposedError's explanation per caller, built once (a forward runs this on every call)
const layerLabels = new Map<string, string>();
function layerLabel(who: string): string {
  let label = layerLabels.get(who);
  if (label === undefined) {
    label = `${who}, which frees the arrays it makes and does not return (a block that keeps one on itself must nd.keep() it)`;
    layerLabels.set(who, label);
  }
  return label;
}

export interface MemoryInfo {
  /** NDArray handles alive now (not disposed, not garbage-collected). */
  arrays: number;
  /** Bytes of wasm memory held by array data (size-class rounded), excluding kernel scratch. */
  bytes: number;
  /** Size of the wasm linear memory (it only grows). */
  wasmBytes: number;
}

export function memory(): MemoryInfo {
  return { arrays: live.arrays, bytes: heapStats.bytes - scratchBytes(), wasmBytes: wasmBytes() };
}

export { keep };
