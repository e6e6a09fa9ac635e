// numpy 1.x `str(ndarray)` for float32 data, as MXNet's NDArray.__repr__ prints it
// (gluon-1x.md §9). Three parts, each following numpy 1.24 source:
//  - dragon4(): numpy/core/src/multiarray/dragon4.c `Dragon4` in DigitMode_Unique (shortest
//    round-trip digits at float32 precision, optional max/min digit cutoffs), with BigInt in place
//    of its fixed-size bignums; formatPositional / formatScientific mirror FormatPositional /
//    FormatScientific (trim modes, padding).
//  - FloatFormat: numpy/core/arrayprint.py `FloatingFormat` (fillFormat + __call__) with the
//    defaults precision 8, floatmode 'maxprec', sign '-', legacy False.
//  - layout(): arrayprint.py `_formatArray` / `_extendLine` with linewidth 75, threshold 1000,
//    edgeitems 3, separator ' '.
import { ShapeError } from '../wasm/errors';
import { fmtShape } from './ops/broadcast';

// ------------------------------------------------------------------------------------- Dragon4

const enum Trim {
  None, // 'k': keep trailing zeros, pad zeros up to min_digits
  Zeros, // '.': trim trailing zeros, keep the '.'
  LeaveOneZero, // '0': trim trailing zeros, keep one ('1.0')
  DptZeros, // '-': trim trailing zeros and the '.'
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
const LOG10_2 = 0.30102999566398119521373889472449;
const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache.push(pow10Cache[i - 1] * 10n);
  return pow10Cache[n];
}

interface Digits {
  digits: string; // significant digits, no leading zeros ('0' for zero)
  exp10: number; // base-10 exponent of the first digit
}

/**
 * Dragon4 in unique mode for the float32 with bit pattern `bits` (sign ignored, finite).
 * `fractional`: cutoffs count digits past the decimal point, else total significant digits.
 * cutoffMax < 0: no limit (shortest round-trip digits); cutoffMin < 0: no minimum.
 */
function dragon4(bits: number, fractional: boolean, cutoffMax: number, cutoffMin: number): Digits {
  const fe = (bits >>> 23) & 0xff;
  const fm = bits & 0x7fffff;
  let mantissa: number, exponent: number, mantissaBit: number, unequal: boolean;
  if (fe !== 0) {
    mantissa = 0x800000 | fm;
    exponent = fe - 127 - 23;
    mantissaBit = 23;
    unequal = fe !== 1 && fm === 0; // a power of two: the gap below is half the gap above
  } else {
    mantissa = fm;
    exponent = 1 - 127 - 23;
    mantissaBit = 31 - Math.clz32(fm);
    unequal = false;
  }
  if (mantissa === 0) return { digits: '0', exp10: 0 };
  // Round-half-even readers accept the interval boundaries when the mantissa is even.
  const isEven = (mantissa & 1) === 0;

  // value = scaledValue / scale; the margins are half the distance to the neighbouring floats.
  let value: bigint, scale: bigint, marginLow: bigint;
  if (exponent > 0) {
    value = BigInt(mantissa) << BigInt(exponent + (unequal ? 2 : 1));
    scale = unequal ? 4n : 2n;
    marginLow = 1n << BigInt(exponent);
  } else {
    value = BigInt(mantissa) << (unequal ? 2n : 1n);
    scale = 1n << BigInt(-exponent + (unequal ? 2 : 1));
    marginLow = 1n;
  }

  // Estimate of floor(log10(v)) + 1, correct or one too low (Burger & Dybvig).
  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  // A value below the last printed fractional digit starts at that digit and rounds (numpy does the
  // same; the array formatter never gets here, positional mode implies |v| >= 1e-4).
  if (cutoffMax >= 0 && fractional && digitExponent <= -cutoffMax) digitExponent = -cutoffMax + 1;
  if (digitExponent > 0) scale *= pow10(digitExponent);
  else if (digitExponent < 0) {
    const p = pow10(-digitExponent);
    value *= p;
    marginLow *= p;
  }
  if (value >= scale) digitExponent += 1;
  else {
    value *= 10n;
    marginLow *= 10n;
  }

  let cutoffMaxExponent = -Infinity;
  if (cutoffMax >= 0) cutoffMaxExponent = fractional ? -cutoffMax : digitExponent - cutoffMax;
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) {
    const desired = fractional ? -cutoffMin : digitExponent - cutoffMin;
    if (desired < cutoffMinExponent) cutoffMinExponent = desired;
  }
  let exp10 = digitExponent - 1;

  const out: number[] = [];
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    digitExponent -= 1;
    digit = Number(value / scale);
    value %= scale;
    const marginHigh = unequal ? marginLow * 2n : marginLow;
    low = isEven ? value <= marginLow : value < marginLow;
    const valueHigh = value + marginHigh;
    high = isEven ? valueHigh >= scale : valueHigh > scale;
    if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
    out.push(digit);
    value *= 10n;
    marginLow *= 10n;
  }

  // Round the final digit: towards the only legal side, else to nearest (ties to even digit).
  let roundDown = low;
  if (low === high) {
    const twice = value * 2n;
    roundDown = twice < scale || (twice === scale && (digit & 1) === 0);
  }
  if (roundDown) out.push(digit);
  else if (digit < 9) out.push(digit + 1);
  else {
    // carry: drop trailing nines, increment the first non-nine digit (or emit '1' one place up)
    while (out.length > 0 && out[out.length - 1] === 9) out.pop();
    if (out.length === 0) {
      out.push(1);
      exp10 += 1;
    } else out[out.length - 1] += 1;
  }
  return { digits: out.join(''), exp10 };
}

function floatBits(v: number): number {
  f32buf[0] = v;
  return u32buf[0];
}

function spaces(n: number): string {
  return n > 0 ? ' '.repeat(n) : '';
}

/** Strips trailing zeros of a fraction according to the trim mode; the fraction may become ''. */
function trimFraction(frac: string, trim: Trim): string {
  if (trim === Trim.None) return frac;
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  return frac.slice(0, end);
}

/** FormatPositional, DigitMode_Unique, CutoffMode_FractionLength. `bits` must be finite. */
function formatPositional(
  bits: number,
  precision: number,
  minDigits: number,
  trim: Trim,
  padLeft: number,
  padRight: number,
): string {
  const sign = bits >>> 31 ? '-' : '';
  const { digits, exp10 } = dragon4(bits, true, precision, minDigits);
  let whole: string;
  let frac: string;
  if (exp10 >= 0) {
    const nWhole = exp10 + 1;
    if (digits.length <= nWhole) {
      whole = digits + '0'.repeat(nWhole - digits.length);
      frac = '';
    } else {
      whole = digits.slice(0, nWhole);
      frac = digits.slice(nWhole);
    }
  } else {
    whole = '0';
    frac = '0'.repeat(-(exp10 + 1)) + digits;
  }
  const want = minDigits < 0 ? 0 : minDigits;
  if (trim === Trim.None && frac.length < want) frac += '0'.repeat(want - frac.length);
  if (frac.length > 0) frac = trimFraction(frac, trim);
  let s: string;
  if (frac.length > 0) s = `${whole}.${frac}`;
  else if (trim === Trim.LeaveOneZero) s = `${whole}.0`;
  else if (trim === Trim.DptZeros) s = whole;
  else s = `${whole}.`;
  const nFrac = frac.length > 0 ? frac.length : trim === Trim.LeaveOneZero ? 1 : 0;
  if (padRight >= nFrac) {
    if (trim === Trim.DptZeros && nFrac === 0) s += ' ';
    s += spaces(padRight - nFrac);
  }
  return spaces(padLeft - whole.length - sign.length) + sign + s;
}

/** FormatScientific, DigitMode_Unique (precision/minDigits count digits after the first). */
function formatScientific(
  bits: number,
  precision: number,
  minDigits: number,
  trim: Trim,
  padLeft: number,
  expDigits: number,
): string {
  const sign = bits >>> 31 ? '-' : '';
  const { digits, exp10 } = dragon4(bits, false, precision < 0 ? -1 : precision + 1, minDigits < 0 ? -1 : minDigits + 1);
  let frac = digits.slice(1);
  const want = minDigits < 0 ? 0 : minDigits;
  if (trim === Trim.None && frac.length < want) frac += '0'.repeat(want - frac.length);
  let mant: string;
  if (frac.length === 0) {
    mant = trim === Trim.DptZeros ? digits[0] : trim === Trim.LeaveOneZero ? `${digits[0]}.0` : `${digits[0]}.`;
  } else {
    // Trimming here never removes the '.' (FormatScientific only backs up over zeros).
    const t = trimFraction(frac, trim);
    mant = t.length > 0 || trim !== Trim.LeaveOneZero ? `${digits[0]}.${t}` : `${digits[0]}.0`;
  }
  const e = Math.abs(exp10).toString();
  const ed = expDigits < 0 ? 2 : Math.min(expDigits, 5);
  const expStr = `e${exp10 >= 0 ? '+' : '-'}${'0'.repeat(Math.max(0, ed - e.length))}${e}`;
  return spaces(padLeft - 1 - sign.length) + sign + mant + expStr;
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
}

/**
 * `str(np.float32(v))`: positional shortest digits ('1.0', '0.33333334') when v is 0 or
 * 1e-4 <= |v| < 1e16 (compared in float64, as the C code promotes the float), else scientific
 * without a bare '.' ('1e-05', '1.5e+20'). numpy/core/src/multiarray/scalartypes.c.src.
 */
export function formatFloat32Scalar(v: number): string {
  const x = Math.fround(v);
  if (!Number.isFinite(x)) return nonFinite(x);
  const a = Math.abs(x);
  const bits = floatBits(x);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) return formatPositional(bits, -1, -1, Trim.LeaveOneZero, -1, -1);
  return formatScientific(bits, -1, -1, Trim.DptZeros, -1, -1);
}

// --------------------------------------------------------------------------- FloatingFormat

const PRECISION = 8;

/** arrayprint.FloatingFormat fitted on `values` (the displayed elements only). */
class FloatFormat {
  private exp = false;
  private padLeft = 0;
  private padRight = 0;
  private precision = PRECISION;
  private expSize = -1;

  constructor(values: Float32Array) {
    const finite: number[] = [];
    let maxVal = -1;
    let minVal = Infinity;
    let anyNonFinite = false;
    let negInf = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        anyNonFinite = true;
        if (v === -Infinity) negInf = true;
        continue;
      }
      finite.push(v);
      const a = Math.abs(v);
      if (a !== 0) {
        if (a > maxVal) maxVal = a;
        if (a < minVal) minVal = a;
      }
    }
    if (maxVal > 0) {
      // numpy 1.x: max/min is a float32 division (fround of the double quotient is exact: 53 >= 2*24+2),
      // but np.float32 scalars compare with Python floats in float64.
      const ratio = Math.fround(maxVal / minVal);
      this.exp = maxVal >= 1e8 || minVal < 0.0001 || ratio > 1000;
    }
    if (finite.length > 0) {
      if (this.exp) {
        let p = 0;
        let intLen = 0;
        let expLen = 0;
        for (const v of finite) {
          const s = formatScientific(floatBits(v), PRECISION, -1, Trim.Zeros, -1, -1);
          const dot = s.indexOf('.');
          const e = s.indexOf('e');
          intLen = Math.max(intLen, dot);
          p = Math.max(p, e - dot - 1);
          expLen = Math.max(expLen, s.length - e - 1);
        }
        this.expSize = expLen - 1;
        this.precision = p;
        this.padLeft = intLen;
        this.padRight = this.expSize + 2 + p;
      } else {
        for (const v of finite) {
          const s = formatPositional(floatBits(v), PRECISION, -1, Trim.Zeros, -1, -1);
          const dot = s.indexOf('.');
          this.padLeft = Math.max(this.padLeft, dot);
          this.padRight = Math.max(this.padRight, s.length - dot - 1);
        }
      }
    }
    if (anyNonFinite) {
      const offset = this.padRight + 1;
      this.padLeft = Math.max(this.padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
    }
  }

  format(v: number): string {
    if (!Number.isFinite(v)) {
      const s = nonFinite(v);
      return spaces(this.padLeft + this.padRight + 1 - s.length) + s;
    }
    const bits = floatBits(v);
    if (this.exp) return formatScientific(bits, this.precision, this.precision, Trim.None, this.padLeft, this.expSize);
    return formatPositional(bits, this.precision, 0, Trim.Zeros, this.padLeft, this.padRight);
  }
}

// ------------------------------------------------------------------------------------ layout

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const SUMMARY = '...';

/** Indices shown along an axis of length n: all, or the first and last EDGE_ITEMS. */
function shownIndices(n: number, summarise: boolean): number[] {
  const cut = summarise && 2 * EDGE_ITEMS < n;
  const idx: number[] = [];
  if (cut) {
    for (let i = 0; i < EDGE_ITEMS; i++) idx.push(i);
    for (let i = n - EDGE_ITEMS; i < n; i++) idx.push(i);
  } else for (let i = 0; i < n; i++) idx.push(i);
  return idx;
}

/**
 * numpy 1.x `str(a)` for a float32 C-contiguous array. Shape [] prints the bare scalar
 * (`str(a[()])`), size 0 prints '[]'. Only the displayed corners are read when summarising.
 */
export function formatNDArray(data: Float32Array, shape: readonly number[]): string {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`formatNDArray: invalid shape ${fmtShape(shape)}; expected non-negative integer dimensions`);
    size *= d;
  }
  if (data.length < size) {
    throw new ShapeError(`formatNDArray: data has ${data.length} elements but shape ${fmtShape(shape)} needs ${size}`);
  }
  if (shape.length === 0) return formatFloat32Scalar(data[0]);
  if (size === 0) return '[]';

  const ndim = shape.length;
  const strides = new Array<number>(ndim);
  let st = 1;
  for (let i = ndim - 1; i >= 0; i--) {
    strides[i] = st;
    st *= shape[i];
  }
  const summarise = size > THRESHOLD;
  const shown = shape.map((n) => shownIndices(n, summarise));
  // Gather the displayed elements in order: the formatter is fitted on them alone.
  let nShown = 1;
  for (const s of shown) nShown *= s.length;
  const vals = new Float32Array(nShown);
  let k = 0;
  const gather = (axis: number, offset: number): void => {
    if (axis === ndim) {
      vals[k++] = data[offset];
      return;
    }
    for (const i of shown[axis]) gather(axis + 1, offset + i * strides[axis]);
  };
  gather(0, 0);
  const fmt = new FloatFormat(vals);

  // Words are consumed in the same order they were gathered.
  k = 0;
  const recurse = (axis: number, hanging: string, width: number): string => {
    const axesLeft = ndim - axis;
    const n = shape[axis];
    const cut = summarise && 2 * EDGE_ITEMS < n;
    const count = cut ? 2 * EDGE_ITEMS : n;
    const nextHanging = hanging + ' ';
    let s = '';
    if (axesLeft === 1) {
      const elemWidth = width - 1; // room for the closing ']'
      let line = hanging;
      const extend = (word: string): void => {
        if (line.length + word.length > elemWidth && line.length > hanging.length) {
          s += line.trimEnd() + '\n';
          line = hanging;
        }
        line += word;
      };
      for (let i = 0; i < count; i++) {
        if (cut && i === EDGE_ITEMS) {
          extend(SUMMARY);
          line += ' ';
        }
        extend(fmt.format(vals[k++]));
        if (i < count - 1) line += ' ';
      }
      s += line;
    } else {
      const sep = '\n'.repeat(axesLeft - 1);
      for (let i = 0; i < count; i++) {
        if (cut && i === EDGE_ITEMS) s += hanging + SUMMARY + sep;
        s += hanging + recurse(axis + 1, nextHanging, width - 1);
        if (i < count - 1) s += sep;
      }
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse(0, ' ', LINE_WIDTH);
}
