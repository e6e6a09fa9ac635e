// Parameter files in MXNet's format (gluon-1x.md §10). Blocks save structural names (`0.weight`,
// `hidden.bias`); loading accepts those, the legacy prefixed names (`dense0_weight`, written by
// save_params / ParameterDict.save) and export's `arg:`/`aux:` names. A strict load reports every
// missing and unexpected name at once, and validates every shape before touching any parameter:
// a failed load changes nothing.
import { ValueError } from '../wasm';
import type { NDArray } from '../nd/ndarray';
import { save, load } from '../nd/serialize';
import type { Parameter } from './parameter';
import type { ParameterDict } from './parameter-dict';
import { checkOptionKeys } from './checks';

type Source = string | Uint8Array | ArrayBuffer;

export interface LoadOptions {
  /** Leave parameters that the file lacks untouched instead of failing. */
  allowMissing?: boolean;
  /** Skip names in the file that match no parameter instead of failing. */
  ignoreExtra?: boolean;
}

const LOAD_KEYS: readonly (keyof LoadOptions)[] = ['allowMissing', 'ignoreExtra'];

/** What param-files needs of a Block (nn.Block implements it). */
export interface StructuredBlock {
  readonly prefix: string;
  _collectParamsWithPrefix(prefix?: string): Map<string, Parameter>;
  collectParams(): ParameterDict;
}

const describe = (source: Source) => (typeof source === 'string' ? source : `<${source.byteLength} bytes>`);

/** MXNet's _brief_print_list: the first 3 and the last 4 of long lists. */
function brief(names: readonly string[], limit = 7): string {
  const q = (list: readonly string[]) => list.map((n) => `'${n}'`).join(', ');
  return names.length > limit ? `${q(names.slice(0, 3))}, ..., ${q(names.slice(-4))}` : q(names);
}

function readNamed(source: Source, op: string): Map<string, NDArray> {
  const loaded = load(source);
  if (Array.isArray(loaded)) {
    loaded.forEach((a) => a.dispose());
    if (loaded.length === 0) return new Map();
    throw new ValueError(`${op}: file ${describe(source)} holds ${loaded.length} unnamed arrays; a parameter file needs names`);
  }
  return new Map(Object.entries(loaded));
}

/** Validates every shape, then applies: all parameters are loaded, or none is. */
function apply(assignments: [Parameter, NDArray][]): void {
  for (const [p, data] of assignments) p._checkLoad(data);
  for (const [p, data] of assignments) p._loadInit(data);
}

function reportMismatch(op: string, source: Source, missing: string[], extra: string[], fileNames: string[], known: string[], options: LoadOptions): void {
  const problems: string[] = [];
  if (missing.length && !options.allowMissing) {
    problems.push(`Parameter ${brief(missing)} ${missing.length === 1 ? 'is' : 'are'} missing in file '${describe(source)}', which contains parameters: ${brief(fileNames)}. Set allowMissing: true to ignore missing parameters.`);
  }
  if (extra.length && !options.ignoreExtra) {
    problems.push(`Parameter ${brief(extra)} loaded from file '${describe(source)}' ${extra.length === 1 ? 'is' : 'are'} not present in the block, which contains parameters ${brief(known)}. Set ignoreExtra: true to ignore.`);
  }
  if (problems.length) throw new ValueError(`${op}: ${problems.join(' ')}`);
}

const stripArgAux = (name: string) => (name.startsWith('arg:') || name.startsWith('aux:') ? name.slice(4) : name);

// ---------------------------------------------------------------- Block
/** The bytes of MXNet's parameter file with structural names; in Node also writes `path`. */
export function saveParameters(block: StructuredBlock, path?: string, options: { deduplicate?: boolean } = {}): Uint8Array {
  checkOptionKeys('saveParameters', options, ['deduplicate']);
  const record: Record<string, NDArray> = {};
  const seen = new Set<Parameter>();
  for (const [name, p] of block._collectParamsWithPrefix()) {
    if (options.deduplicate && seen.has(p)) continue;
    seen.add(p);
    record[name] = p.data();
  }
  return path === undefined ? save(record) : save(path, record);
}

export function loadParameters(block: StructuredBlock, source: Source, options: LoadOptions = {}): void {
  checkOptionKeys('loadParameters', options, LOAD_KEYS);
  const loaded = readNamed(source, 'loadParameters');
  try {
    const fileNames = [...loaded.keys()];
    if (!fileNames.some((n) => n.includes('.'))) {
      // legacy names (save_params / ParameterDict.save / export): MXNet's ParameterDict path
      loadDictFrom(block.collectParams(), loaded, source, { ...options, restorePrefix: block.prefix }, 'loadParameters');
      return;
    }
    const params = block._collectParamsWithPrefix();
    const missing = [...params.keys()].filter((n) => !loaded.has(n));
    const extra = fileNames.filter((n) => !params.has(n));
    reportMismatch('loadParameters', source, missing, extra, fileNames, [...params.keys()], options);
    const assignments: [Parameter, NDArray][] = [];
    for (const [name, data] of loaded) if (params.has(name)) assignments.push([params.get(name)!, data]);
    apply(assignments);
  } finally {
    for (const a of loaded.values()) a.dispose();
  }
}

// ---------------------------------------------------------------- ParameterDict
/** ParameterDict.save: names with `stripPrefix` removed (each must start with it). */
export function saveParameterDict(dict: ParameterDict, path?: string, stripPrefix = ''): Uint8Array {
  const record: Record<string, NDArray> = {};
  for (const [name, p] of dict.entries()) {
    if (!name.startsWith(stripPrefix)) {
      throw new ValueError(
        `Prefix '${stripPrefix}' is to be striped before saving, but Parameter's name '${name}' does not start with '${stripPrefix}'. this may be due to your Block shares parameters from other Blocks or you forgot to use 'with name_scope()' when creating child blocks.`,
      );
    }
    record[name.slice(stripPrefix.length)] = p.data();
  }
  return path === undefined ? save(record) : save(path, record);
}

export interface DictLoadOptions extends LoadOptions {
  /** Prepended to every name in the file (after dropping `arg:`/`aux:`). */
  restorePrefix?: string;
}

export function loadParameterDict(dict: ParameterDict, source: Source, options: DictLoadOptions = {}): void {
  checkOptionKeys('ParameterDict.load', options, [...LOAD_KEYS, 'restorePrefix']);
  const loaded = readNamed(source, 'ParameterDict.load');
  try {
    loadDictFrom(dict, loaded, source, options, 'ParameterDict.load');
  } finally {
    for (const a of loaded.values()) a.dispose();
  }
}

function loadDictFrom(dict: ParameterDict, loaded: Map<string, NDArray>, source: Source, options: DictLoadOptions, op: string): void {
  const byName = new Map(dict.entries());
  const own = [...byName.keys()];
  let prefix = options.restorePrefix ?? '';
  // MXNet asserts every name starts with restorePrefix; a net built outside nameScope (names
  // `dense0_weight` under `sequential0_`) would fail there, so such a dict matches file names as
  // they are instead.
  if (prefix && !own.every((n) => n.startsWith(prefix))) prefix = '';
  const renamed = new Map<string, NDArray>();
  for (const [name, data] of loaded) renamed.set(prefix + stripArgAux(name), data);
  const missing = own.filter((n) => !renamed.has(n)).map((n) => n.slice(prefix.length));
  const extra = [...renamed.keys()].filter((n) => !byName.has(n)).map((n) => n.slice(prefix.length));
  reportMismatch(op, source, missing, extra, [...loaded.keys()], own, options);
  const assignments: [Parameter, NDArray][] = [];
  for (const [name, data] of renamed) if (byName.has(name)) assignments.push([byName.get(name)!, data]);
  apply(assignments);
}
