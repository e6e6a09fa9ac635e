// Lifetimes of arrays: tidy scopes (tfjs's tidy/keep habit), live counters for nd.memory(), and a
// FinalizationRegistry that frees arrays dropped without dispose() as a backstop.
import type { NDArray } from './ndarray';
import type { Storage } from './storage';

export const live = { arrays: 0 };

const scopes: Set<NDArray>[] = [];

/**
 * Called once for every new array handle. Returns false when no scope took it: the array is
 * then already "escaped" and the caller registers it with the GC backstop. Arrays inside a scope
 * are registered only if they outlive every scope (registration costs more than the op itself
 * on small arrays).
 */
export function track(arr: NDArray): boolean {
  live.arrays++;
  const top = scopes[scopes.length - 1];
  if (top) top.add(arr);
  return top !== undefined;
}

/** Called once when a handle is disposed (explicitly, by a scope, or by the GC backstop). */
export function untrack(arr: NDArray | null): void {
  live.arrays--;
  if (arr) for (const s of scopes) s.delete(arr);
}

/** The GC backstop: the held value must not reference the array itself. */
export const finalizer = new FinalizationRegistry<{ storage: Storage }>((held) => {
  live.arrays--;
  held.storage.release();
});

/** Removes an array from every open scope so that no tidy() disposes it. */
export function keep<T extends NDArray>(arr: T): T {
  for (const s of scopes) s.delete(arr);
  arr._escape();
  return arr;
}

export function openScope(): Set<NDArray> {
  const s = new Set<NDArray>();
  scopes.push(s);
  return s;
}

/** Closes the innermost scope: disposes its arrays except `survivors`, which move to the parent. */
export function closeScope(scope: Set<NDArray>, survivors: Set<NDArray>): void {
  const at = scopes.lastIndexOf(scope);
  if (at >= 0) scopes.splice(at, 1);
  const parent = scopes[scopes.length - 1];
  for (const arr of scope) {
    if (survivors.has(arr)) {
      if (parent) parent.add(arr);
      else arr._escape();
    } else if (!arr.isDisposed) {
      arr.dispose();
    }
  }
}

/** Every NDArray reachable in a returned value (arrays, plain objects, Maps, Sets). */
export function collectArrays(value: unknown, into: Set<NDArray>, isArray: (v: unknown) => v is NDArray, seen = new Set<unknown>()): Set<NDArray> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return into;
  seen.add(value);
  if (isArray(value)) into.add(value);
  else if (Array.isArray(value) || value instanceof Set) for (const v of value) collectArrays(v, into, isArray, seen);
  else if (value instanceof Map) for (const v of value.values()) collectArrays(v, into, isArray, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collectArrays(v, into, isArray, seen);
  return into;
}
