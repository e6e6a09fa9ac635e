// Small argument helpers shared by the gluon layer (one copy each).
import { ValueError } from '../wasm';

/** v as a finite number, or a ValueError naming the op and the argument. */
export function finiteNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

/**
 * An options object literal (not an array, an Initializer, an NDArray, ...), typed as T: its
 * prototype is null or an Object.prototype, this realm's or another's (a vm context, an iframe).
 */
export function isPlainObject<T extends object = Record<string, unknown>>(v: unknown): v is T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: object | null = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** MXNet's snake_case keyword to this API's camelCase (lr_mult → lrMult). */
export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * MXNet raises TypeError on an unexpected keyword argument; a misspelled or snake_case option
 * key would otherwise be ignored here and the default used (a wrong learning rate, a bias that
 * was meant to be off). Throws a ValueError naming `where` (the class or function) and the
 * first key of `options` that is not in `allowed`: with the camelCase spelling to use when the
 * key is snake_case and that spelling is known, otherwise with the known keys. `undefined` is
 * no options; anything but an object literal (a ParameterDict, an array, null, ...) is an
 * error. Keys starting with '_' are internal: accepted if listed, never shown. Callers run it
 * before creating or changing anything.
 */
export function checkOptionKeys<T extends object>(where: string, options: T | null | undefined, allowed: readonly NoInfer<keyof T & string>[]): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array'
      : typeof options === 'object' ? `an instance of ${(options as object).constructor?.name || '?'}` : `${typeof options} ${String(options)}`;
    throw new ValueError(`${where}: expected an options object ({ key: value }), got ${got}`);
  }
  const known: readonly string[] = allowed;
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = camelCase(key);
    if (camel !== key && known.includes(camel)) {
      throw new ValueError(`${where}: unknown option '${key}'; did you mean '${camel}'? (option keys are camelCase)`);
    }
    const shown = known.filter((k) => !k.startsWith('_'));
    throw new ValueError(`${where}: unknown option '${key}'; ${shown.length ? `expected one of ${shown.join(', ')}` : 'it takes no options'}`);
  }
}
