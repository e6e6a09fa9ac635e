// Small argument helpers shared by the gluon layer (one copy each).
import { ValueError } from '../wasm';

/** v as a finite number, or a ValueError naming the op and the argument. */
export function finiteNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

/** An options object literal (not an array, an Initializer, an NDArray, ...), typed as T. */
export function isPlainObject<T extends object = Record<string, unknown>>(v: unknown): v is T {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** MXNet's snake_case keyword to this API's camelCase (lr_mult → lrMult). */
export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
