// Python's str() of the values MXNet puts into reprs and messages: shapes are tuples
// (`(256, 20)`, `(256,)`, `()`), a missing value is `None`, floats keep a `.0`, booleans are
// `True`/`False`.
import { fmtShape } from '../nd/ops/broadcast';

/** Python's str(tuple(shape)), or 'None' for a missing shape. */
export function pyTuple(shape: readonly number[] | null | undefined): string {
  return shape === null || shape === undefined ? 'None' : fmtShape(shape);
}

/** Python's repr of a float (or None): shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function pyFloat(v: number | null): string {
  if (v === null) return 'None';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = v.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** utils._indent: adds `spaces` spaces to every line of s except the first. */
export function indent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}

/** Node's util.inspect hook, so console.log(block) prints the MXNet repr. */
export const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
