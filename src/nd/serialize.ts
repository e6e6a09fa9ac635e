// nd.save / nd.load: MXNet's NDArray-list binary file format (gluon-1x.md §10; mx:src/ndarray/
// ndarray.cc NDArray::Save/Load/LegacyLoad, mx:include/mxnet/tuple.h TShape::Load, dmlc serializer).
// Little-endian, no padding:
//   u64 0x112 list magic | u64 reserved | u64 N | N records | u64 K names | K × (u64 len, UTF-8 bytes)
// Loading parses and validates the whole file before any NDArray is created, so a corrupt file
// throws FormatError without allocating wasm memory (every count and size is checked against the
// bytes that remain before it is used).
import { FormatError, ValueError } from '../wasm';
import { NDArray, isNDArray } from './ndarray';
import { fmtShape } from './ops/broadcast';

const LIST_MAGIC = 0x112n;
const V1_MAGIC = 0xf993fac8; // TShape with i32 ndim + i64 dims; no storage type
const V2_MAGIC = 0xf993fac9; // storage type, then TShape; ndim 0 is a "none" array (record ends)
const V3_MAGIC = 0xf993faca; // numpy-shape semantics: V2 layout, ndim 0 is a scalar

/** mshadow TypeFlag → element bytes (mshadow/base.h). */
const TYPE_BYTES: Record<number, number> = { 0: 4, 1: 8, 2: 2, 3: 1, 4: 4, 5: 1, 6: 8, 7: 1, 8: 2, 9: 2, 10: 4, 11: 8, 12: 2 };
const TYPE_NAMES: Record<number, string> = {
  0: 'float32', 1: 'float64', 2: 'float16', 3: 'uint8', 4: 'int32', 5: 'int8', 6: 'int64', 7: 'bool',
  8: 'int16', 9: 'uint16', 10: 'uint32', 11: 'uint64', 12: 'bfloat16',
};

// Typed-array views share the host's byte order; every host JS runs on today is little-endian,
// but keep a correct (slower) DataView path for a big-endian one.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export type NDArrayList = NDArray[];
export type NDArrayDict = Record<string, NDArray>;

// ------------------------------------------------------------------------------------------ save

/**
 * Serialises arrays in MXNet's format (V2 records, cpu(0), float32), readable by `mx.nd.load`.
 * A single NDArray is saved as a one-element list; a plain object saves its names in insertion
 * order (JS puts integer-like keys such as '0' first). In Node, `save(path, data)` also writes
 * the file. Returns the bytes.
 */
export function save(data: NDArray | NDArray[] | Record<string, NDArray>): Uint8Array;
export function save(path: string, data: NDArray | NDArray[] | Record<string, NDArray>): Uint8Array;
export function save(first: unknown, second?: unknown): Uint8Array {
  if (typeof first === 'string') {
    const fs = nodeFs('nd.save', first);
    const bytes = encode(second);
    try {
      fs.writeFileSync(first, bytes);
    } catch (err) {
      throw new ValueError(`nd.save: cannot write '${first}': ${(err as Error).message}`);
    }
    return bytes;
  }
  return encode(first);
}

function encode(data: unknown): Uint8Array {
  const { arrays, names } = collect(data);
  const encoder = new TextEncoder();
  const nameBytes = names.map((n) => encoder.encode(n));
  // A 0-d array (shape ()) cannot be written as V2, where ndim 0 means "none": save it as (1,),
  // which is what MXNet's legacy mode calls a scalar.
  const shapes = arrays.map((a) => (a.shape.length === 0 ? [1] : a.shape));
  let total = 24 + 8;
  for (let i = 0; i < arrays.length; i++) total += 4 + 4 + 4 + 8 * shapes[i].length + 12 + 4 * arrays[i].size;
  for (const b of nameBytes) total += 8 + b.length;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let p = 0;
  const u32 = (v: number): void => { view.setUint32(p, v, true); p += 4; };
  const u64 = (v: number): void => { view.setBigUint64(p, BigInt(v), true); p += 8; };
  u64(0x112);
  u64(0); // reserved
  u64(arrays.length);
  for (let i = 0; i < arrays.length; i++) {
    u32(V2_MAGIC);
    u32(0); // stype: dense
    u32(shapes[i].length);
    for (const d of shapes[i]) u64(d);
    u32(1); // dev_type cpu
    u32(0); // dev_id
    u32(0); // type_flag float32
    const src = arrays[i]._data(); // no allocation happens between here and the copy
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), p);
    } else {
      for (let j = 0; j < src.length; j++) view.setFloat32(p + 4 * j, src[j], true);
    }
    p += src.byteLength;
  }
  u64(nameBytes.length);
  for (const b of nameBytes) {
    u64(b.length);
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/** Checks what save was given: NDArray, NDArray[] or a plain object of NDArrays. */
function collect(data: unknown): { arrays: NDArray[]; names: string[] } {
  const expected = 'expected an NDArray, an array of NDArrays or a plain object of name → NDArray';
  if (isNDArray(data)) return { arrays: [data._check('nd.save')], names: [] };
  if (Array.isArray(data)) {
    // an index loop, not forEach: a hole in a sparse array must be reported, not skipped
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (!isNDArray(v)) throw new ValueError(`nd.save: ${expected}; element ${i} of the array is ${describe(v)}`);
      v._check('nd.save');
    }
    return { arrays: data as NDArray[], names: [] };
  }
  if (data !== null && typeof data === 'object') {
    const proto = Object.getPrototypeOf(data);
    if (proto === Object.prototype || proto === null) {
      const names = Object.keys(data);
      const arrays = names.map((name) => {
        const v = (data as Record<string, unknown>)[name];
        if (!isNDArray(v)) throw new ValueError(`nd.save: ${expected}; value '${name}' is ${describe(v)}`);
        // TextEncoder would silently turn a lone surrogate into U+FFFD and the name would not
        // round-trip.
        if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) {
          throw new ValueError(`nd.save: name ${JSON.stringify(name)} holds a lone UTF-16 surrogate and cannot be written as UTF-8`);
        }
        return v._check('nd.save');
      });
      return { arrays, names };
    }
  }
  throw new ValueError(`nd.save: ${expected}; got ${describe(data)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v !== 'object') return `the ${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return ctor ? `${/^[AEIOU]/.test(ctor) ? 'an' : 'a'} ${ctor}` : 'an object';
}

// ------------------------------------------------------------------------------------------ load

/** One parsed record: where its data is, before any NDArray exists. */
interface Parsed {
  shape: number[];
  /** mshadow type flag; -1 for a "none" record without data */
  type: number;
  /** byte offset of the data in the input */
  offset: number;
}

/**
 * Reads MXNet's NDArray-list format (record versions V0, V1, V2, V3). Returns an NDArray[] when
 * the file has no names, else a plain object name → NDArray in file order (a name that appears
 * twice keeps its first position and its last value, like Python's dict(zip(names, arrays))).
 * Our arrays are float32: float64, float16, bfloat16 and integer/bool data are converted to
 * float32 (int64/uint64 beyond 2^24 lose precision). Shapes we cannot represent exactly:
 * a "none" record (ndim 0 in V0/V1/V2, an unknown -1 dim in V3) loads as shape [0], and a V3
 * 0-d scalar loads as shape [1] (shape [] is not well supported by our NDArray).
 * TypeScript: name the form you expect, `nd.load<Record<string, NDArray>>(bytes).w`.
 */
export function load<T extends NDArray[] | Record<string, NDArray> = NDArray[] | Record<string, NDArray>>(source: Uint8Array | ArrayBuffer | string): T {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    const fs = nodeFs('nd.load', source);
    try {
      bytes = fs.readFileSync(source);
    } catch (err) {
      throw new ValueError(`nd.load: cannot read '${source}': ${(err as Error).message}`);
    }
  } else if (source instanceof ArrayBuffer || /^\[object (Shared)?ArrayBuffer\]$/.test(Object.prototype.toString.call(source))) {
    // the toString test also accepts a buffer from another realm (iframe, worker, vm context)
    bytes = new Uint8Array(source as ArrayBuffer);
  } else if (ArrayBuffer.isView(source)) {
    bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  } else {
    throw new ValueError(`nd.load: expected a Uint8Array, an ArrayBuffer or (in Node) a file path; got ${describe(source)}`);
  }
  const { records, names } = parse(bytes);
  return materialise(bytes, records, names) as T; // which of the two: the file says, at run time
}

function fail(message: string, at: number): FormatError {
  return new FormatError(`nd.load: invalid NDArray file format: ${message} at byte ${at}`);
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  /** Throws unless `n` more bytes exist; `what` names the field for the message. */
  need(n: number, what: string): void {
    if (n > this.remaining) {
      const r = this.remaining;
      throw fail(`truncated: ${what} needs ${n} byte${n === 1 ? '' : 's'} but ${r === 0 ? 'the file ends' : `only ${r} remain${r === 1 ? 's' : ''}`}`, this.pos);
    }
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  i64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
}

const hex = (v: number | bigint): string => `0x${v.toString(16).toUpperCase()}`;

function parse(bytes: Uint8Array): { records: Parsed[]; names: string[] } {
  const r = new Reader(bytes);
  const magic = r.u64('the list magic');
  if (magic !== LIST_MAGIC) throw fail(`bad list magic ${hex(magic)} (expected 0x112)`, 0);
  r.u64('the reserved field'); // MXNet writes 0 and never checks it
  const countAt = r.pos;
  const count = r.u64('the array count');
  // The smallest record is a V0 "none" array: a single u32 ndim of 0. 8 more bytes hold the name count.
  if (count > BigInt(Math.max(0, Math.floor((r.remaining - 8) / 4)))) {
    throw fail(`truncated or corrupt: array count ${count} cannot fit in the ${r.remaining} bytes that follow (a record takes at least 4 bytes)`, countAt);
  }
  const n = Number(count);
  const records: Parsed[] = [];
  for (let i = 0; i < n; i++) records.push(parseRecord(r, i));

  const namesAt = r.pos;
  const k = r.u64('the name count');
  if (k !== 0n && k !== count) throw fail(`name count ${k} does not match array count ${n} (must be 0 or ${n})`, namesAt);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const names: string[] = [];
  for (let i = 0; i < Number(k); i++) {
    const lenAt = r.pos;
    const len = r.u64(`the length of name ${i}`);
    if (len > BigInt(r.remaining)) throw fail(`truncated: name ${i} claims ${len} bytes but only ${r.remaining} remain`, lenAt);
    const raw = bytes.subarray(r.pos, r.pos + Number(len));
    try {
      names.push(decoder.decode(raw));
    } catch {
      throw fail(`name ${i} is not valid UTF-8`, r.pos);
    }
    r.pos += Number(len);
  }
  // Bytes after the names are ignored, as MXNet's loader does.
  return { records, names };
}

function parseRecord(r: Reader, i: number): Parsed {
  const at = r.pos;
  const magic = r.u32(`the header of array ${i}`);
  let shape: number[];
  let none = false;
  if (magic === V2_MAGIC || magic === V3_MAGIC) {
    const v3 = magic === V3_MAGIC;
    const stypeAt = r.pos;
    const stype = r.i32(`the storage type of array ${i}`);
    if (stype === 1 || stype === 2) {
      throw new FormatError(`nd.load: sparse arrays are not supported (array ${i} has storage type ${stype === 1 ? 'row_sparse' : 'csr'}) at byte ${stypeAt}`);
    }
    if (stype !== 0) throw fail(`array ${i} has unknown storage type ${stype}`, stypeAt);
    const dims = readShape(r, i, 8, v3);
    if (dims === null) {
      none = true; // V3 shape with an unknown (-1) dim: MXNet's shape_is_known fails → none array
      shape = [0];
    } else if (dims.length === 0) {
      none = !v3;
      shape = v3 ? [1] : [0];
    } else {
      shape = dims;
    }
  } else if (magic === V1_MAGIC) {
    const dims = readShape(r, i, 8, false)!;
    none = dims.length === 0;
    shape = none ? [0] : dims;
  } else {
    // Pre-V1 (V0): no record magic; the first u32 is ndim and the dims are u32.
    const ndim = magic;
    if (ndim * 4 > r.remaining && ndim < 0x10000) {
      throw fail(`truncated: the dims of array ${i} (a pre-V1 record with ndim ${ndim}) need ${ndim * 4} bytes but only ${r.remaining} remain`, r.pos);
    }
    if (ndim * 4 > r.remaining) {
      throw fail(
        `array ${i} starts with ${hex(magic)}, which is no record magic (V1 0xF993FAC8, V2 0xF993FAC9, V3 0xF993FACA); ` +
          `read as a pre-V1 ndim it needs ${ndim * 4} bytes of dims but only ${r.remaining} remain`,
        at,
      );
    }
    const dims: number[] = [];
    for (let d = 0; d < ndim; d++) dims.push(r.u32(`dim ${d} of array ${i}`));
    checkSize(dims, i, at);
    none = ndim === 0;
    shape = none ? [0] : dims;
  }
  if (none) return { shape, type: -1, offset: r.pos };

  r.i32(`the device type of array ${i}`); // the device does not matter: everything loads on the cpu
  r.i32(`the device id of array ${i}`);
  const typeAt = r.pos;
  const type = r.i32(`the type flag of array ${i}`);
  const elementBytes = TYPE_BYTES[type];
  if (elementBytes === undefined) throw fail(`array ${i} has unknown type flag ${type}`, typeAt);
  const size = shape.includes(0) ? 0 : shape.reduce((a, b) => a * b, 1);
  if (size * elementBytes > r.remaining) {
    throw fail(
      `truncated: the data of array ${i} (shape ${fmtShape(shape)}, ${TYPE_NAMES[type]}) needs ${size * elementBytes} bytes but only ${r.remaining} remain`,
      r.pos,
    );
  }
  const offset = r.pos;
  r.pos += size * elementBytes;
  return { shape, type, offset };
}

/**
 * TShape: i32 ndim, ndim × i64 dims (V1, V2, V3). Returns null for a V3 shape with an unknown
 * (-1) dim. Validates ndim and dims against the bytes left before reading them.
 */
function readShape(r: Reader, i: number, dimBytes: number, v3: boolean): number[] | null {
  const at = r.pos;
  const ndim = r.i32(`the ndim of array ${i}`);
  if (ndim < 0) throw fail(`array ${i} has negative ndim ${ndim}`, at);
  if (ndim * dimBytes > r.remaining) {
    throw fail(`truncated: array ${i} claims ndim ${ndim}, which needs ${ndim * dimBytes} bytes of dims, but only ${r.remaining} remain`, r.pos);
  }
  const dims: number[] = [];
  let unknown = false;
  for (let d = 0; d < ndim; d++) {
    const dimAt = r.pos;
    const v = r.i64(`dim ${d} of array ${i}`);
    if (v3 && v === -1n) {
      unknown = true;
      dims.push(0);
    } else if (v < 0n) {
      throw fail(`array ${i} has negative dim ${v}`, dimAt);
    } else if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw fail(`array ${i} has dim ${v}, larger than 2^53 - 1`, dimAt);
    } else {
      dims.push(Number(v));
    }
  }
  if (unknown) return null;
  checkSize(dims, i, at);
  return dims;
}

/** The element count must stay an exact JS number (the data-size check then refuses it anyway). */
function checkSize(dims: number[], i: number, at: number): void {
  let size = 1;
  for (const d of dims) if (d !== 0) size *= d;
  if (size > Number.MAX_SAFE_INTEGER) throw fail(`array ${i} has shape (${dims.join(', ')}) with more than 2^53 elements`, at);
}

/** Creates the arrays once the whole file has been validated; frees them again if one fails. */
function materialise(bytes: Uint8Array, records: Parsed[], names: string[]): NDArray[] | Record<string, NDArray> {
  // With duplicate names only the last array of each name is kept (and only it is created).
  let wanted: Set<number> | null = null;
  if (names.length > 0) {
    const last = new Map<string, number>();
    names.forEach((name, i) => last.set(name, i));
    wanted = new Set(last.values());
  }
  const created: (NDArray | undefined)[] = [];
  try {
    for (let i = 0; i < records.length; i++) {
      if (wanted && !wanted.has(i)) continue;
      const rec = records[i];
      const arr = NDArray._empty(rec.shape);
      created[i] = arr;
      if (rec.type >= 0) fill(arr._data(), bytes, rec);
    }
  } catch (err) {
    for (const arr of created) arr?.dispose();
    throw err;
  }
  if (names.length === 0) return created as NDArray[];
  const out: Record<string, NDArray> = {};
  names.forEach((name, i) => {
    if (wanted!.has(i)) {
      // defineProperty, not assignment: a name like '__proto__' must become an own property.
      Object.defineProperty(out, name, { value: created[i], enumerable: true, writable: true, configurable: true });
    } else if (!Object.prototype.hasOwnProperty.call(out, name)) {
      Object.defineProperty(out, name, { value: undefined, enumerable: true, writable: true, configurable: true });
    }
  });
  return out;
}

/** Copies (float32) or converts (other types) one record's data into `dst`. */
function fill(dst: Float32Array, bytes: Uint8Array, rec: Parsed): void {
  const n = dst.length;
  const off = rec.offset;
  if (rec.type === 0 && LITTLE_ENDIAN) {
    // byte copy: keeps NaN payloads and -0 bit-exact; the source may be unaligned
    new Uint8Array(dst.buffer, dst.byteOffset, n * 4).set(bytes.subarray(off, off + n * 4));
    return;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset + off, n * TYPE_BYTES[rec.type]);
  switch (rec.type) {
    case 0: for (let j = 0; j < n; j++) dst[j] = v.getFloat32(4 * j, true); break;
    case 1: for (let j = 0; j < n; j++) dst[j] = v.getFloat64(8 * j, true); break;
    case 2: for (let j = 0; j < n; j++) dst[j] = halfToFloat(v.getUint16(2 * j, true)); break;
    case 3: for (let j = 0; j < n; j++) dst[j] = v.getUint8(j); break;
    case 4: for (let j = 0; j < n; j++) dst[j] = v.getInt32(4 * j, true); break;
    case 5: for (let j = 0; j < n; j++) dst[j] = v.getInt8(j); break;
    case 6: for (let j = 0; j < n; j++) dst[j] = Number(v.getBigInt64(8 * j, true)); break;
    case 7: for (let j = 0; j < n; j++) dst[j] = v.getUint8(j) !== 0 ? 1 : 0; break;
    case 8: for (let j = 0; j < n; j++) dst[j] = v.getInt16(2 * j, true); break;
    case 9: for (let j = 0; j < n; j++) dst[j] = v.getUint16(2 * j, true); break;
    case 10: for (let j = 0; j < n; j++) dst[j] = v.getUint32(4 * j, true); break;
    case 11: for (let j = 0; j < n; j++) dst[j] = Number(v.getBigUint64(8 * j, true)); break;
    case 12: {
      // bfloat16 is the top half of a float32
      const bits = new Uint32Array(dst.buffer, dst.byteOffset, n);
      for (let j = 0; j < n; j++) bits[j] = v.getUint16(2 * j, true) << 16;
      break;
    }
  }
}

/** IEEE 754 binary16 → number (exact: every half is a float32). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

// ------------------------------------------------------------------------------------------ files

interface NodeFs {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

/**
 * node:fs without a static import, so the browser and script-tag bundles never reference it and
 * the API stays synchronous: process.getBuiltinModule exists from Node 20.16 / 22.3. (A dynamic
 * import('node:fs') would make save/load async; `require` does not exist in ESM.) On older Node
 * the caller reads or writes the file and passes bytes.
 */
function nodeFs(op: 'nd.save' | 'nd.load', path: string): NodeFs {
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  // the same files back saveParameters / loadParameters and ParameterDict.save / load
  const bytesHint = op === 'nd.save'
    ? 'without a path, nd.save(data) and block.saveParameters() return the bytes'
    : 'pass the file contents as a Uint8Array or ArrayBuffer (e.g. new Uint8Array(await (await fetch(url)).arrayBuffer()))';
  if (!proc?.versions?.node) {
    throw new ValueError(`${op}: got the path '${path}', but file paths work only in Node; ${bytesHint}`);
  }
  const fs = proc.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (!fs) {
    throw new ValueError(`${op}: file paths need process.getBuiltinModule (Node >= 20.16), this is Node ${proc.versions.node}; ${bytesHint}`);
  }
  return fs;
}
