// Small argument helpers shared by the gluon layer (one copy each).
import { ValueError } from '../wasm';

/** v as a finite number, or a ValueError naming the op and the argument. */
export function finiteNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

// shared with the nd layer, which checks its ops' options the same way
export { camelCase, checkOptionKeys, isPlainObject } from '../nd/options';
