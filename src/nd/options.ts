// Options objects and MXNet's positional arguments, shared by the nd ops and the gluon layer.
// MXNet raises on an unexpected keyword argument; an ignored key here would silently use the
// default instead (a reduction over everything, a wrong learning rate), so every options object
// is checked against the keys its function knows.
import { ValueError } from '../wasm/errors';

/**
 * An options object literal (not an array, an Initializer, an NDArray, ...), typed as T: its
 * prototype is null or an Object.prototype, this realm's or another's (a vm context, an iframe).
 */
export function isPlainObject<T extends object = Record<string, unknown>>(v: unknown): v is T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: object | null = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * A wrong argument in an error message: 2, "a", undefined, an Array of length 3, an instance of
 * ParameterDict, [object Object] (ndarray.ts's describeValue adds an NDArray's shape).
 */
export function describe(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `an Array of length ${v.length}`;
  const ctor = typeof v === 'object' ? (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name : undefined;
  return ctor && ctor !== 'Object' ? `an instance of ${ctor}` : Object.prototype.toString.call(v);
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
  if (!isPlainObject(options)) throw new ValueError(`${where}: expected an options object ({ key: value }), got ${describe(options)}`);
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

/**
 * MXNet's parameters after the data, given positionally (`sum(x, 1, true)`, in MXNet's order),
 * as one options object (`sum(x, { axis: 1, keepdims: true })`), or positionally with an
 * options object last. `keys` are the parameters in positional order; `undefined` and `null`
 * positions are not given (null: MXNet's None). Unknown keys, too many arguments and a key given
 * twice are ValueErrors.
 */
export function argsToOptions<T extends object>(where: string, args: readonly unknown[], keys: readonly (keyof T & string)[]): T {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (isPlainObject(v)) {
      if (i !== args.length - 1) throw new ValueError(`${where}: an options object must come last, after ${keys.slice(0, i).join(', ') || 'the data'}`);
      checkOptionKeys(where, v as Record<string, unknown>, keys as readonly string[]);
      for (const [k, val] of Object.entries(v)) {
        if (k in out) throw new ValueError(`${where}: ${k} is given both as an argument and in the options object`);
        out[k] = val;
      }
      break;
    }
    if (i >= keys.length) throw new ValueError(`${where}: takes at most ${keys.length} argument${keys.length === 1 ? '' : 's'} after the data (${keys.join(', ')}), got ${args.length}`);
    if (v !== undefined && v !== null) out[keys[i]] = v; // null is MXNet's None: the default
  }
  return out as T;
}
