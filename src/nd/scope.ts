// Lifetimes of arrays: tidy scopes (tfjs's tidy/keep habit), live counters for nd.memory(), and a
// FinalizationRegistry that frees arrays dropped without dispose() as a backstop.
import type { NDArray } from './ndarray';
import type { Storage } from './storage';

export const live = { arrays: 0 };

/**
 * A tidy/record scope: the arrays created while it is innermost. An array belongs to at most one
 * scope (arr._scope); dispose, keep() and moves to the parent just change that field, so scopes
 * are append-only lists and closing one skips entries that left it. `departed` counts those
 * entries: when they are most of the list it is compacted, so a long loop inside one scope that
 * disposes as it goes keeps the list short (it would hold every handle ever made until closing).
 */
export interface Scope {
  arrays: NDArray[];
  departed: number;
  /** How DisposedError explains an array this scope freed: "freed at the end of ...". */
  freedBy: string;
}

/** Notes that `arr` left its scope; compacts the scope's list once most entries have left. */
function leave(arr: NDArray): void {
  const scope = arr._scope;
  if (!scope) return;
  arr._scope = null;
  if (++scope.departed > 256 && scope.departed * 2 > scope.arrays.length) {
    scope.arrays = scope.arrays.filter((a) => a._scope === scope);
    scope.departed = 0;
  }
}

const scopes: Scope[] = [];

/**
 * Called once for every new array handle. Returns false when no scope took it: the array has
 * escaped from the start and the caller hands it to the GC backstop. Arrays inside a scope go to
 * the backstop only if they outlive every scope.
 */
export function track(arr: NDArray): boolean {
  live.arrays++;
  const top = scopes[scopes.length - 1];
  if (!top) return false;
  top.arrays.push(arr);
  arr._scope = top;
  return true;
}

/** Called once when a handle is disposed (explicitly, by a scope, or by the GC backstop). */
export function untrack(arr: NDArray | null): void {
  live.arrays--;
  if (arr) leave(arr);
}

/** The GC backstop: the held value must not reference the array itself. */
export const finalizer = new FinalizationRegistry<{ storage: Storage }>((held) => {
  live.arrays--;
  held.storage.release();
});

// Escaped arrays wait in a nursery before registration with the FinalizationRegistry, which
// costs more than a small op: most are disposed within moments and never pay it. The nursery is
// flushed after the current synchronous work (a microtask), or at once when it holds 1,024
// arrays or 64 MiB, so a dropped array is registered soon either way.
const nursery: NDArray[] = [];
let nurseryBytes = 0;
let flushQueued = false;

export function escape(arr: NDArray): void {
  nursery.push(arr);
  nurseryBytes += arr.size * 4;
  if (nursery.length >= 1024 || nurseryBytes >= 64 * 2 ** 20) flushNursery();
  else if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flushNursery);
  }
}

function flushNursery(): void {
  flushQueued = false;
  for (const arr of nursery) arr._register();
  nursery.length = 0;
  nurseryBytes = 0;
}

/** Takes an array out of its scope so that no tidy() disposes it. */
export function keep<T extends NDArray>(arr: T): T {
  leave(arr);
  arr._escape();
  return arr;
}

/** The innermost open scope, if any: what owns an array made now. */
export function innermostScope(): Scope | null {
  return scopes[scopes.length - 1] ?? null;
}

export function openScope(freedBy: string): Scope {
  const s: Scope = { arrays: [], departed: 0, freedBy };
  scopes.push(s);
  return s;
}

/** What a scope's function returned that must survive: nothing, one array, or a set of them. */
export type Survivors = NDArray | Set<NDArray> | null;

/**
 * The arrays reachable in a returned value; a lone array is returned as is, so the common
 * `tidy(() => oneArray)` builds no Set (a layer's forward pays this on every call).
 */
export function survivorsOf(value: unknown, isArray: (v: unknown) => v is NDArray): Survivors {
  if (value === null || typeof value !== 'object') return null;
  return isArray(value) ? value : collectArrays(value, new Set<NDArray>(), isArray);
}

/** Closes the innermost scope: disposes its arrays except `survivors`, which move to the parent. */
export function closeScope(scope: Scope, survivors: Survivors): void {
  if (scopes[scopes.length - 1] === scope) scopes.pop();
  else {
    const at = scopes.lastIndexOf(scope);
    if (at >= 0) scopes.splice(at, 1);
  }
  const parent = scopes[scopes.length - 1];
  const list = scope.arrays;
  scope.arrays = []; // the disposals below leave() it: nothing to compact any more
  for (const arr of list) {
    if (arr._scope !== scope) continue; // kept, moved, or disposed already
    if (arr === survivors || (survivors instanceof Set && survivors.has(arr))) {
      if (parent) {
        parent.arrays.push(arr);
        arr._scope = parent;
      } else {
        arr._scope = null;
        arr._escape();
      }
    } else {
      arr._freeAs(scope.freedBy);
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
