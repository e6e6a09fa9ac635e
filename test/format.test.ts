// numpy 1.x str(ndarray) for float32, as printed by MXNet 1.x NDArray.__repr__ (gluon-1x.md §9).
// Expected texts come from three independent sources:
//  - SEED: real MXNet output in /work/shared/seed/model-parameters.txt (copied character for
//    character; the notebook indents every line of a tuple element by one space, removed here).
//  - DESIGN: the worked examples of gluon-1x.md §9 (numpy 1.24).
//  - ORACLE / FUZZ: printed by numpy 1.24.2 (Debian bookworm python3-numpy) with
//    str(np.array(data, dtype=np.float32).reshape(shape)); FUZZ rows give the float32 bit patterns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X_NUMPY, W0_NUMPY, UNIFORM_2X20_NUMPY } from './helpers/seed-transcript.mjs';
import { formatNDArray, formatFloat32Scalar } from '../src/nd/format';
import { ShapeError } from '../src/wasm/errors';

const f32 = (values: number[]): Float32Array => Float32Array.from(values);
const fmt1 = (values: number[]): string => formatNDArray(f32(values), [values.length]);
/** A notebook tuple element: drop the one-space indent the notebook adds to every line. */
const unindent = (text: string): string => text.split('\n').map((l) => l.slice(1)).join('\n');
/** Parses the numbers of a printed array (any whitespace, brackets and '...' ignored). */
const numbersOf = (text: string): number[] =>
  text.replace(/[[\]]|\.\.\./g, ' ').trim().split(/\s+/).map(Number);
const fromHex = (hex: string): Float32Array => {
  const u = new Uint32Array(hex.length / 8);
  for (let i = 0; i < u.length; i++) u[i] = parseInt(hex.slice(8 * i, 8 * i + 8), 16);
  return new Float32Array(u.buffer);
};

// ----------------------------------------------------------------------------- SEED
// In [3]: X = nd.random.uniform(shape=(2, 20)) and Y = net(X), printed inside a tuple.
const SEED_X = X_NUMPY;
const SEED_Y = unindent(` [[ 0.09543004  0.04614332 -0.00286655 -0.07790346 -0.05130241  0.02942038
    0.08696645 -0.0190793  -0.04122177  0.05088576]
  [ 0.0769287   0.03099706  0.00856576 -0.044672   -0.06926838  0.09132431
    0.06786592 -0.06187843 -0.03436674  0.04234696]]`);
// In [6]: net[0].weight.data(), a summarised 256x20 matrix.
const SEED_W = W0_NUMPY;
// In [6]: net[0].bias.data(); the notebook cut the output after these lines.
const SEED_BIAS_PREFIX = unindent(` [0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
  0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
  0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
  0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
  0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
  0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
  0. 0. 0. 0. 0. 0. 0.`);
// In [7]: net[0].weight.grad(), In [8]: net[1].bias.data(), In [14]: 8x8 of ones (not tuple-indented).
const SEED_GRAD = `[[0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]
 ...
 [0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]]`;
const SEED_ZEROS10 = '[0. 0. 0. 0. 0. 0. 0. 0. 0. 0.]';
const SEED_ONES8 = Array.from({ length: 8 }, (_, i) => `${i === 0 ? '[' : ' '}[1. 1. 1. 1. 1. 1. 1. 1.]${i === 7 ? ']' : ''}`).join('\n');

test('seed: 2x20 X and 2x10 Y print character for character', () => {
  assert.is(formatNDArray(f32(numbersOf(SEED_X)), [2, 20]), SEED_X);
  assert.is(formatNDArray(f32(numbersOf(SEED_Y)), [2, 10]), SEED_Y);
});

test('seed: summarised 256x20 weight, formatter fitted on the corners only', () => {
  const corners = numbersOf(SEED_W); // 6 rows x 6 columns
  assert.is(corners.length, 36);
  const rows = [0, 1, 2, 253, 254, 255];
  const cols = [0, 1, 2, 17, 18, 19];
  // Hidden entries that would change the format (exponential mode, nan width) if they were used.
  const w = new Float32Array(256 * 20).map((_, i) => (i % 3 === 0 ? 1e30 : i % 3 === 1 ? NaN : -1e-30));
  rows.forEach((r, i) => cols.forEach((c, j) => (w[r * 20 + c] = corners[i * 6 + j])));
  assert.is(formatNDArray(w, [256, 20]), SEED_W);
});

test('seed: zero bias, zero grad, 10 zeros, 8x8 ones', () => {
  const bias = formatNDArray(new Float32Array(256), [256]);
  assert.ok(bias.startsWith(SEED_BIAS_PREFIX), bias);
  // ORACLE: the full 256-zero vector (24 words a line, 11 lines)
  assert.is(bias, `[${Array.from({ length: 11 }, (_, l) => Array(l < 10 ? 24 : 16).fill('0.').join(' ')).join('\n ')}]`);
  assert.is(formatNDArray(new Float32Array(256 * 20), [256, 20]), SEED_GRAD);
  assert.is(formatNDArray(new Float32Array(10), [10]), SEED_ZEROS10);
  assert.is(formatNDArray(new Float32Array(64).fill(1), [8, 8]), SEED_ONES8);
});

// ----------------------------------------------------------------------------- DESIGN
const DESIGN_2X20 = UNIFORM_2X20_NUMPY;

test('design: Uniform(0.07) 2x20 worked example', () => {
  assert.is(formatNDArray(f32(numbersOf(DESIGN_2X20)), [2, 20]), DESIGN_2X20);
});

test('design: 1001 values and shape (1001, 1) are summarised', () => {
  const r = Array.from({ length: 1001 }, (_, i) => i);
  assert.is(fmt1(r), '[   0.    1.    2. ...  998.  999. 1000.]');
  assert.is(formatNDArray(f32(r), [1001, 1]), '[[   0.]\n [   1.]\n [   2.]\n ...\n [ 998.]\n [ 999.]\n [1000.]]');
  // exactly 1000 elements is not summarised (threshold is size > 1000)
  assert.not.ok(fmt1(r.slice(0, 1000)).includes('...'));
});

test('design: exponential mode and special values', () => {
  assert.is(fmt1([1e-4, 1e-3]), '[1.e-04 1.e-03]');
  assert.is(fmt1([1 / 3, 1e-5]), '[3.3333334e-01 9.9999997e-06]');
  assert.is(fmt1([0.1, 1.2345678e-5]), '[1.0000000e-01 1.2345678e-05]');
  assert.is(fmt1([1e-5, 1]), '[1.e-05 1.e+00]');
  assert.is(fmt1([-1.5, 1e5, 2e-3]), '[-1.5e+00  1.0e+05  2.0e-03]');
  assert.is(fmt1([NaN, 1]), '[nan  1.]');
  assert.is(fmt1([NaN, 1, -Infinity]), '[ nan   1. -inf]');
  assert.is(fmt1([-0, 0]), '[-0.  0.]');
  assert.is(fmt1([1, 2.5]), '[1.  2.5]');
  assert.is(fmt1([0.1, 0.25]), '[0.1  0.25]');
  assert.is(fmt1([1 / 3]), '[0.33333334]');
  assert.is(fmt1([0.012345679]), '[0.01234568]');
});

test('design: 0-d prints the bare scalar, size 0 prints []', () => {
  assert.is(formatNDArray(f32([3.5]), []), '3.5');
  assert.is(formatNDArray(new Float32Array(0), [0]), '[]');
  assert.is(formatNDArray(new Float32Array(0), [3, 0, 2]), '[]');
  assert.is(formatFloat32Scalar(1 / 3), '0.33333334');
});

// ----------------------------------------------------------------------------- ORACLE
interface OracleCase {
  name: string;
  data: number[];
  shape: number[];
  expected: string;
}
const ORACLE_ARRAYS: OracleCase[] = [
  { name: "float32 vs float64 cutoff: float32(1e-4) < 1e-4", data: [0.0001, 0.001], shape: [2], expected: "[1.e-04 1.e-03]" },
  { name: "exp mode, P from 1/3", data: [0.3333333333333333, 1e-05], shape: [2], expected: "[3.3333334e-01 9.9999997e-06]" },
  { name: "exp mode, extra exact digits", data: [0.1, 1.2345678e-05], shape: [2], expected: "[1.0000000e-01 1.2345678e-05]" },
  { name: "exp mode, P = 0", data: [1e-05, 1.0], shape: [2], expected: "[1.e-05 1.e+00]" },
  { name: "exp mode, pad_left from sign", data: [-1.5, 100000.0, 0.002], shape: [3], expected: "[-1.5e+00  1.0e+05  2.0e-03]" },
  { name: "nan", data: [NaN, 1.0], shape: [2], expected: "[nan  1.]" },
  { name: "nan and -inf", data: [NaN, 1.0, -Infinity], shape: [3], expected: "[ nan   1. -inf]" },
  { name: "negative zero", data: [-0, 0.0], shape: [2], expected: "[-0.  0.]" },
  { name: "right padding with spaces", data: [1.0, 2.5], shape: [2], expected: "[1.  2.5]" },
  { name: "right padding 2", data: [0.1, 0.25], shape: [2], expected: "[0.1  0.25]" },
  { name: "float32(1/3)", data: [0.3333333333333333], shape: [1], expected: "[0.33333334]" },
  { name: "8-digit rounding", data: [0.012345679], shape: [1], expected: "[0.01234568]" },
  { name: "ties to even at the 8th digit (k/512)", data: [0.001953125, 0.005859375, 0.009765625, 0.5], shape: [4], expected: "[0.00195312 0.00585938 0.00976562 0.5       ]" },
  { name: "max/min ratio is a float32 division", data: [1.2697867155075073, 1269.7867431640625], shape: [2], expected: "[   1.2697867 1269.7867   ]" },
  { name: "same pair with a slightly larger max (ratio > 1000): exponential", data: [1.2697867155075073, 1269.787], shape: [2], expected: "[1.2697867e+00 1.2697870e+03]" },
  { name: "ratio exactly 1000 stays positional", data: [1.0, 1000.0], shape: [2], expected: "[   1. 1000.]" },
  { name: "1e8 cutoff: float32(99999999) == 1e8", data: [99999999.0, 10000000.0], shape: [2], expected: "[1.e+08 1.e+07]" },
  { name: "below 1e8 stays positional", data: [99999992.0, 10000000.0], shape: [2], expected: "[99999992. 10000000.]" },
  { name: "large integers", data: [16777216.0, 16777217.0, 123456789.0], shape: [3], expected: "[1.6777216e+07 1.6777216e+07 1.2345679e+08]" },
  { name: "min just above 1e-4 stays positional", data: [0.00010001, 0.05], shape: [2], expected: "[0.00010001 0.05      ]" },
  { name: "only non-finite", data: [NaN, Infinity], shape: [2], expected: "[nan inf]" },
  { name: "only non-finite with -inf", data: [-Infinity, Infinity, NaN], shape: [3], expected: "[-inf  inf  nan]" },
  { name: "single nan", data: [NaN], shape: [1], expected: "[nan]" },
  { name: "exp mode with non-finite", data: [NaN, 1e-05, -Infinity, 2.5], shape: [4], expected: "[    nan 1.0e-05    -inf 2.5e+00]" },
  { name: "exp mode with zero", data: [0.0, 1e-05, 1.0], shape: [3], expected: "[0.e+00 1.e-05 1.e+00]" },
  { name: "exp mode with -0", data: [-0, 1.5e-07], shape: [2], expected: "[-0.0e+00  1.5e-07]" },
  { name: "extreme exponents", data: [1e-45, 3.4028234663852886e+38], shape: [2], expected: "[1.4012985e-45 3.4028235e+38]" },
  { name: "denormals", data: [1.4e-45, 2.8e-45, 1e-40], shape: [3], expected: "[1.e-45 3.e-45 1.e-40]" },
  { name: "powers of two (unequal margins)", data: [9.5367431640625e-07, 0.125, 1024.0], shape: [3], expected: "[9.536743e-07 1.250000e-01 1.024000e+03]" },
  { name: "powers of two in exp mode", data: [9.313225746154785e-10, 9.5367431640625e-07, 1.0], shape: [3], expected: "[9.313226e-10 9.536743e-07 1.000000e+00]" },
  { name: "rounding carry to a new digit", data: [9.999999999, 0.99999999], shape: [2], expected: "[10.  1.]" },
  { name: "all zeros", data: [0.0, 0.0, 0.0], shape: [3], expected: "[0. 0. 0.]" },
  { name: "negative integers", data: [-1.0, -2.0, 300.0], shape: [3], expected: "[ -1.  -2. 300.]" },
  { name: "mixed signs positional", data: [-0.5, 12.25, -100.125, 3.0], shape: [4], expected: "[  -0.5     12.25  -100.125    3.   ]" },
  { name: "wrapping with exp words", data: [-0.0008500000000000001, 0.0007123, 0.0005746, 0.0004369, 0.0002992, 0.0001615, 2.38e-05, -0.0001139, -0.0002516, -0.00038930000000000003, -0.000527, -0.0006647000000000001, -0.0008024, 0.0007599, 0.0006222], shape: [15], expected: "[-8.500e-04  7.123e-04  5.746e-04  4.369e-04  2.992e-04  1.615e-04\n  2.380e-05 -1.139e-04 -2.516e-04 -3.893e-04 -5.270e-04 -6.647e-04\n -8.024e-04  7.599e-04  6.222e-04]" },
  { name: "wrapping positional", data: [-13.513513513513514, 11.324324324324325, 9.135135135135135, 6.945945945945946, 4.756756756756757, 2.5675675675675675, 0.3783783783783784, -1.8108108108108107, -4.0, -6.1891891891891895, -8.378378378378379, -10.567567567567568, -12.756756756756756, 12.08108108108108, 9.891891891891891, 7.702702702702703, 5.513513513513513, 3.324324324324324, 1.135135135135135, -1.054054054054054, -3.2432432432432434, -5.4324324324324325, -7.621621621621622, -9.81081081081081, -12.0, 12.837837837837839, 10.64864864864865, 8.45945945945946, 6.27027027027027, 4.081081081081081], shape: [30], expected: "[-13.513514   11.324325    9.135135    6.9459457   4.756757    2.5675676\n   0.3783784  -1.8108108  -4.         -6.189189   -8.378378  -10.567568\n -12.756757   12.081081    9.8918915   7.7027025   5.5135136   3.3243244\n   1.1351352  -1.054054   -3.2432432  -5.4324327  -7.6216216  -9.810811\n -12.         12.837838   10.648648    8.459459    6.2702703   4.081081 ]" },
  { name: "2-D", data: [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75], shape: [3, 4], expected: "[[-1.   -0.75 -0.5  -0.25]\n [ 0.    0.25  0.5   0.75]\n [ 1.    1.25  1.5   1.75]]" },
  { name: "3-D blank lines", data: [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0], shape: [2, 3, 4], expected: "[[[ 0.  1.  2.  3.]\n  [ 4.  5.  6.  7.]\n  [ 8.  9. 10. 11.]]\n\n [[12. 13. 14. 15.]\n  [16. 17. 18. 19.]\n  [20. 21. 22. 23.]]]" },
  { name: "4-D", data: [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5], shape: [2, 2, 2, 2], expected: "[[[[0.  0.5]\n   [1.  1.5]]\n\n  [[2.  2.5]\n   [3.  3.5]]]\n\n\n [[[4.  4.5]\n   [5.  5.5]]\n\n  [[6.  6.5]\n   [7.  7.5]]]]" },
  { name: "3-D with wrapping rows", data: [0.0, 12.333333333333334, 24.666666666666668, 3.3333333333333335, 15.666666666666666, 28.0, 6.666666666666667, 19.0, 31.333333333333332, 10.0, 22.333333333333332, 1.0, 13.333333333333334, 25.666666666666668, 4.333333333333333, 16.666666666666668, 29.0, 7.666666666666667, 20.0, 32.333333333333336, 11.0, 23.333333333333332, 2.0, 14.333333333333334, 26.666666666666668, 5.333333333333333, 17.666666666666668, 30.0, 8.666666666666666, 21.0, 33.333333333333336, 12.0, 24.333333333333332, 3.0, 15.333333333333334, 27.666666666666668, 6.333333333333333, 18.666666666666668, 31.0, 9.666666666666666, 22.0, 0.6666666666666666, 13.0, 25.333333333333332, 4.0, 16.333333333333332, 28.666666666666668, 7.333333333333333, 19.666666666666668, 32.0, 10.666666666666666, 23.0, 1.6666666666666667, 14.0, 26.333333333333332, 5.0, 17.333333333333332, 29.666666666666668, 8.333333333333334, 20.666666666666668], shape: [2, 2, 15], expected: "[[[ 0.        12.333333  24.666666   3.3333333 15.666667  28.\n    6.6666665 19.        31.333334  10.        22.333334   1.\n   13.333333  25.666666   4.3333335]\n  [16.666666  29.         7.6666665 20.        32.333332  11.\n   23.333334   2.        14.333333  26.666666   5.3333335 17.666666\n   30.         8.666667  21.       ]]\n\n [[33.333332  12.        24.333334   3.        15.333333  27.666666\n    6.3333335 18.666666  31.         9.666667  22.         0.6666667\n   13.        25.333334   4.       ]\n  [16.333334  28.666666   7.3333335 19.666666  32.        10.666667\n   23.         1.6666666 14.        26.333334   5.        17.333334\n   29.666666   8.333333  20.666666 ]]]" },
  { name: "column vector", data: [1.5, -2.25, 3.0], shape: [3, 1], expected: "[[ 1.5 ]\n [-2.25]\n [ 3.  ]]" },
  { name: "size 0 1-D", data: [], shape: [0], expected: "[]" },
  { name: "size 0 2-D", data: [], shape: [2, 0], expected: "[]" },
  { name: "size 0 3-D", data: [], shape: [0, 3, 1], expected: "[]" },
];
const ORACLE_SCALARS: [number, string][] = [
  [3.5, "3.5"],
  [1.0, "1.0"],
  [-0, "-0.0"],
  [0.0, "0.0"],
  [0.3333333333333333, "0.33333334"],
  [1e-05, "1e-05"],
  [0.0001, "1e-04"],
  [0.00010001, "0.00010001"],
  [100.0, "100.0"],
  [16777216.0, "16777216.0"],
  [1e+16, "1e+16"],
  [9990000000000000.0, "9990000000000000.0"],
  [3.4028234663852886e+38, "3.4028235e+38"],
  [1.5e+20, "1.5e+20"],
  [NaN, "nan"],
  [Infinity, "inf"],
  [-Infinity, "-inf"],
  [-2.5e-07, "-2.5e-07"],
  [1.4e-45, "1e-45"],
  [123456.789, "123456.79"],
];

for (const c of ORACLE_ARRAYS) {
  test(`numpy 1.24.2: ${c.name}`, () => {
    assert.is(formatNDArray(f32(c.data), c.shape), c.expected);
  });
}

test('numpy 1.24.2: 0-d arrays print like str(np.float32(v))', () => {
  for (const [v, expected] of ORACLE_SCALARS) {
    assert.is(formatNDArray(f32([v]), []), expected, `value ${v}`);
    assert.is(formatFloat32Scalar(v), expected, `value ${v}`);
  }
});

/** Arrays built from a float64 formula rounded to float32 (identical in Python and JS). */
const seq = (n: number, f: (i: number) => number): Float32Array => Float32Array.from({ length: n }, (_, i) => f(i));

// numpy 1.24.2 text for np.array([i*0.25+1 for i in range(1008)], np.float32).reshape(7,1,12,12)
const ORACLE_4D = `[[[[  1.     1.25   1.5  ...   3.25   3.5    3.75]
   [  4.     4.25   4.5  ...   6.25   6.5    6.75]
   [  7.     7.25   7.5  ...   9.25   9.5    9.75]
   ...
   [ 28.    28.25  28.5  ...  30.25  30.5   30.75]
   [ 31.    31.25  31.5  ...  33.25  33.5   33.75]
   [ 34.    34.25  34.5  ...  36.25  36.5   36.75]]]


 [[[ 37.    37.25  37.5  ...  39.25  39.5   39.75]
   [ 40.    40.25  40.5  ...  42.25  42.5   42.75]
   [ 43.    43.25  43.5  ...  45.25  45.5   45.75]
   ...
   [ 64.    64.25  64.5  ...  66.25  66.5   66.75]
   [ 67.    67.25  67.5  ...  69.25  69.5   69.75]
   [ 70.    70.25  70.5  ...  72.25  72.5   72.75]]]


 [[[ 73.    73.25  73.5  ...  75.25  75.5   75.75]
   [ 76.    76.25  76.5  ...  78.25  78.5   78.75]
   [ 79.    79.25  79.5  ...  81.25  81.5   81.75]
   ...
   [100.   100.25 100.5  ... 102.25 102.5  102.75]
   [103.   103.25 103.5  ... 105.25 105.5  105.75]
   [106.   106.25 106.5  ... 108.25 108.5  108.75]]]


 ...


 [[[145.   145.25 145.5  ... 147.25 147.5  147.75]
   [148.   148.25 148.5  ... 150.25 150.5  150.75]
   [151.   151.25 151.5  ... 153.25 153.5  153.75]
   ...
   [172.   172.25 172.5  ... 174.25 174.5  174.75]
   [175.   175.25 175.5  ... 177.25 177.5  177.75]
   [178.   178.25 178.5  ... 180.25 180.5  180.75]]]


 [[[181.   181.25 181.5  ... 183.25 183.5  183.75]
   [184.   184.25 184.5  ... 186.25 186.5  186.75]
   [187.   187.25 187.5  ... 189.25 189.5  189.75]
   ...
   [208.   208.25 208.5  ... 210.25 210.5  210.75]
   [211.   211.25 211.5  ... 213.25 213.5  213.75]
   [214.   214.25 214.5  ... 216.25 216.5  216.75]]]


 [[[217.   217.25 217.5  ... 219.25 219.5  219.75]
   [220.   220.25 220.5  ... 222.25 222.5  222.75]
   [223.   223.25 223.5  ... 225.25 225.5  225.75]
   ...
   [244.   244.25 244.5  ... 246.25 246.5  246.75]
   [247.   247.25 247.5  ... 249.25 249.5  249.75]
   [250.   250.25 250.5  ... 252.25 252.5  252.75]]]]`;

test('numpy 1.24.2: summarised 4-D (7,1,12,12) with blank-line separators', () => {
  assert.is(formatNDArray(seq(1008, (i) => i * 0.25 + 1), [7, 1, 12, 12]), ORACLE_4D);
});

test('numpy 1.24.2: summarised exponential 2-D and 1-D', () => {
  assert.is(
    formatNDArray(seq(1200, (i) => (i + 1) * 1e-5), [40, 30]),
    '[[1.000e-05 2.000e-05 3.000e-05 ... 2.800e-04 2.900e-04 3.000e-04]\n [3.100e-04 3.200e-04 3.300e-04 ... 5.800e-04 5.900e-04 6.000e-04]\n [6.100e-04 6.200e-04 6.300e-04 ... 8.800e-04 8.900e-04 9.000e-04]\n ...\n [1.111e-02 1.112e-02 1.113e-02 ... 1.138e-02 1.139e-02 1.140e-02]\n [1.141e-02 1.142e-02 1.143e-02 ... 1.168e-02 1.169e-02 1.170e-02]\n [1.171e-02 1.172e-02 1.173e-02 ... 1.198e-02 1.199e-02 1.200e-02]]',
  );
  assert.is(
    formatNDArray(seq(2000, (i) => (0 - i) / 3), [2000]), // Python's -i/3 on an int gives +0 at i = 0
    '[ 0.0000000e+00 -3.3333334e-01 -6.6666669e-01 ... -6.6566669e+02\n -6.6600000e+02 -6.6633331e+02]',
  );
});

test('numpy 1.24.2: an axis of length 6 is shown whole while a longer one is cut', () => {
  assert.is(
    formatNDArray(seq(1200, (i) => (i % 97) / 8), [6, 200]),
    '[[0.    0.125 0.25  ... 0.375 0.5   0.625]\n [0.75  0.875 1.    ... 1.125 1.25  1.375]\n [1.5   1.625 1.75  ... 1.875 2.    2.125]\n [2.25  2.375 2.5   ... 2.625 2.75  2.875]\n [3.    3.125 3.25  ... 3.375 3.5   3.625]\n [3.75  3.875 4.    ... 4.125 4.25  4.375]]',
  );
});

test('numpy 1.24.2: hidden 1e20 and nan do not change a summarised format', () => {
  const a = seq(1001, (i) => i);
  a[500] = 1e20;
  a[501] = NaN;
  assert.is(formatNDArray(a, [1001]), '[   0.    1.    2. ...  998.  999. 1000.]');
});

// ----------------------------------------------------------------------------- FUZZ
const FUZZ_ARRAYS: [number[], string, string][] = [
  [[11], "c59e3e53c4c575bc45e70cffc67577364690a2b74508a51cc59e6161c3e4212a4421208545cd58d1c61f0de3", "[ -5063.7905  -1579.6792   7393.6245 -15709.803   18513.357    2186.3193\n  -5068.1724   -456.2591    644.5081   6571.102  -10179.472 ]"],
  [[3, 3], "3f8000003f0000003f800000bf80000000000000800000003f800000000000003f800000", "[[ 1.   0.5  1. ]\n [-1.   0.  -0. ]\n [ 1.   0.   1. ]]"],
  [[10], "29f1be34e4458b6f4e975cb987fe23addffdada5670ee76535cb54601e0f302660687e83b2fccdb1", "[ 1.0735545e-13 -1.4576223e+22  1.2697181e+09 -3.8238641e-34\n -3.6558896e+19  6.7484452e+23  1.5149235e-06  7.5803138e-21\n  6.7011887e+19 -2.9430199e-08]"],
  [[1, 7], "42780000c2273333c2b6cccdc0a9999ac2ec6666c0066666c2a26666", "[[  62.   -41.8  -91.4   -5.3 -118.2   -2.1  -81.2]]"],
  [[4], "afb34dd8b08cd8d2305ab6bcaeb1438e", "[-3.2615222e-10 -1.0247965e-09  7.9567619e-10 -8.0610282e-11]"],
  [[2, 1], "423151ec42eee042", "[[ 44.33 ]\n [119.438]]"],
  [[6], "3d9038053dc67b663d9af5063d4428803d990c0f3c6d74dc", "[0.07041935 0.09691505 0.07566266 0.04789019 0.07473003 0.01449319]"],
  [[2], "4b00000059000000", "[8.3886080e+06 2.2517998e+15]"],
  [[6, 2], "fda561377ea5a4d87f5645cd7f08f30d7f7b8d37ff65844c7e479868fe899c0fff5b9e4cfed5bf6e7f7d76607efb660e", "[[-2.7478423e+37  1.1008927e+38]\n [ 2.8481722e+38  1.8203700e+38]\n [ 3.3436946e+38 -3.0508014e+38]\n [ 6.6326927e+37 -9.1457269e+37]\n [-2.9192286e+38 -1.4205976e+38]\n [ 3.3690932e+38  1.6708306e+38]]"],
  [[1, 9], "3d270c293ca0a9b33ca5f5193d5533263d6fe06b3d7562173c1cf6243dae22e13d7f1c3a", "[[0.04078308 0.01961217 0.02025847 0.05205073 0.05856363 0.059908\n  0.00958017 0.08502746 0.06228278]]"],
  [[1, 11], "0008f0b90009ecb1004abfbe0060984a0049ff2d002fc101004d8bbc006d91d4005309390041f74b003adc76", "[[8.2103899e-40 9.1142834e-40 6.8646109e-39 8.8708387e-39 6.7955310e-39\n  4.3855051e-39 7.1214605e-39 1.0062382e-38 7.6256546e-39 6.0580193e-39\n  5.4055453e-39]]"],
  [[1, 2], "4cb9018a7f800000", "[[96996432.       inf]]"],
  [[7], "f7623e1e385cf21ebc6a73e9c87bfd2d7d9763b60151457f326a774b", "[-4.5887460e+33  5.2677577e-05 -1.4309862e-02 -2.5803670e+05\n  2.5153895e+37  3.8437098e-38  1.3647717e-08]"],
  [[11, 1], "0027ccb00063022f007fc700005cae2d0014bfce007bd4e60016650b00470234002b12fc00754f38006c7c82", "[[3.6550124e-39]\n [9.0924974e-39]\n [1.1734496e-38]\n [8.5113481e-39]\n [1.9055165e-39]\n [1.1372140e-38]\n [2.0566283e-39]\n [6.5211106e-39]\n [3.9557366e-39]\n [1.0773171e-38]\n [9.9628986e-39]]"],
  [[6], "48b1964d4a60d7574ae1eee64ad989ec4a1c83064ab7ba6c", "[ 363698.4 3683797.8 7403379.  7128310.  2564289.5 6020406. ]"],
  [[10], "38d1ecc738d1ecc74cbebc204cbebc204cbebc2042c800003dcccccd38d1b71738d1ecc742c80000", "[1.001e-04 1.001e-04 1.000e+08 1.000e+08 1.000e+08 1.000e+02 1.000e-01\n 1.000e-04 1.001e-04 1.000e+02]"],
  [[1, 1, 7], "4cbebc203dcccccd3dcccccd4b18968038d1ecc74b18968042c80000", "[[[1.000e+08 1.000e-01 1.000e-01 1.000e+07 1.001e-04 1.000e+07 1.000e+02]]]"],
  [[9], "bf7838493da9d3c13ec9db3d3e9f79bf3e940709bf6f5b803d3695f6bf4e93283e854455", "[-0.96960884  0.08292342  0.39425078  0.31147572  0.28911617 -0.9349899\n  0.04457661 -0.8069329   0.26028696]"],
  [[1, 1, 2], "3f8000004479f99a", "[[[  1.  999.9]]]"],
  [[4], "3dcccccd38d1b7174cbebc203a83126f", "[1.e-01 1.e-04 1.e+08 1.e-03]"],
  [[8], "c3f20000c4154000c43b000044720000c4158000c42b000044734000c3460000", "[-484. -597. -748.  968. -598. -684.  973. -198.]"],
  [[11, 1], "7f8000007f5142c27d0a116efe23ca747ead43e87f7a35b0ff60be31ff5f5af67f800000fea7075a7d552f04", "[[           inf]\n [ 2.7815528e+38]\n [ 1.1470248e+37]\n [-5.4428840e+37]\n [ 1.1515452e+38]\n [ 3.3258576e+38]\n [-2.9873460e+38]\n [-2.9689014e+38]\n [           inf]\n [-1.1100962e+38]\n [ 1.7710605e+37]]"],
  [[4, 2, 1], "43e58000c36c0000c478800044700000c412800043b0800044750000c38d0000", "[[[ 459.]\n  [-236.]]\n\n [[-994.]\n  [ 960.]]\n\n [[-586.]\n  [ 353.]]\n\n [[ 980.]\n  [-282.]]]"],
  [[2], "42ba000042600000", "[93. 56.]"],
  [[1, 10], "3f3dc02dbf49623d3ec17f25bec7c2adbf67ef4e3f6e6bcb3f2d9fd8bf1374c93f3efde87f800000", "[[ 0.7412136  -0.78665525  0.37792316 -0.39015713 -0.90599525  0.9313323\n   0.6782203  -0.57600075  0.7460618          inf]]"],
  [[1], "c8800000", "[-262144.]"],
  [[1], "4475c000", "[983.]"],
  [[2, 2, 2], "3f80000043180f7e42efcb0f43cd68a44402c55143cf856f43f97536447a0666", "[[[1.0000000e+00 1.5206052e+02]\n  [1.1989660e+02 4.1081750e+02]]\n\n [[5.2308307e+02 4.1504245e+02]\n  [4.9891571e+02 1.0001000e+03]]]"],
  [[6, 1], "7cff49787f4525eefef4f1017ef981317eda0edc7cf87b98", "[[ 1.06042066e+37]\n [ 2.62054857e+38]\n [-1.62791497e+38]\n [ 1.65824286e+38]\n [ 1.44924429e+38]\n [ 1.03215712e+37]]"],
  [[2, 6], "00000000800000003f8000003f0000003f0000003f000000800000003f80000080000000bf8000003f00000080000000", "[[ 0.  -0.   1.   0.5  0.5  0.5]\n [-0.   1.  -0.  -1.   0.5 -0. ]]"],
  [[4], "3792f7fd381adfd73700526737adcf63", "[1.7520035e-05 3.6924928e-05 7.6485803e-06 2.0719779e-05]"],
  [[1], "38d1b717", "[1.e-04]"],
  [[1, 9], "3727c5ac4cbebc204b18968047c3500042c8000038d1ecc73727c5ac38d1ecc74b189680", "[[1.000e-05 1.000e+08 1.000e+07 1.000e+05 1.000e+02 1.001e-04 1.000e-05\n  1.001e-04 1.000e+07]]"],
  [[3, 3], "428000002580000012000000da80000080000080de000000f78000003800000000001000", "[[ 6.4000000e+01  2.2204460e-16  4.0389678e-28]\n [-1.8014399e+16 -1.7936620e-43 -2.3058430e+18]\n [-5.1922969e+33  3.0517578e-05  5.7397185e-42]]"],
  [[2, 5], "3f8000007f800000446c2ac144128f7143c3b3bb7f800000441d211243dae3dd7f800000447a0000", "[[   1.             inf  944.668    586.2413   391.40414]\n [       inf  628.5167   437.78018        inf 1000.     ]]"],
  [[7], "40e30000408020004038a00040d2200040ec60003fd5c0003dec0000", "[7.09375    4.0039062  2.8847656  6.5664062  7.3867188  1.6699219\n 0.11523438]"],
  [[3], "38d1ecc738d1ecc738d1b717", "[1.001e-04 1.001e-04 1.000e-04]"],
  [[1, 4], "426d999a438ba66642fd3333c2bb0000", "[[ 59.4 279.3 126.6 -93.5]]"],
  [[2, 1, 5, 1], "3dcccccd38d1ecc74cbebc2038d1ecc742c8000042c8000042c8000047c350003727c5ac47c35000", "[[[[1.000e-01]\n   [1.001e-04]\n   [1.000e+08]\n   [1.001e-04]\n   [1.000e+02]]]\n\n\n [[[1.000e+02]\n   [1.000e+02]\n   [1.000e+05]\n   [1.000e-05]\n   [1.000e+05]]]]"],
  [[2, 1, 6], "aa29abf118c5af6965ec00de3ffa90df1bc680ceca41a396e1150d87d7e8b5da6c10909cba2d5bcdc21987108044a351", "[[[-1.5069869e-13  5.1100425e-24  1.3931181e+23  1.9575461e+00\n    3.2839590e-22 -3.1725815e+06]]\n\n [[-1.7184623e+20 -5.1173549e+14  6.9907287e+26 -6.6131057e-04\n   -3.8381897e+01 -6.3034006e-39]]]"],
];
const FUZZ_SCALARS: [string, string][] = [
  ["4332c927", "178.78575"],
  ["bf800000", "-1.0"],
  ["4cad98c4", "91014690.0"],
  ["7e38a226", "6.135497e+37"],
  ["c2fd8419", "-126.758"],
  ["43530000", "211.0"],
  ["c2000000", "-32.0"],
  ["ff800000", "-inf"],
  ["35cb1e16", "1.5133435e-06"],
  ["350185e3", "4.8251076e-07"],
  ["c01057ff", "-2.2553709"],
  ["4cbebc20", "100000000.0"],
  ["3dc4deec", "0.096128315"],
  ["006cdb91", "9.996999e-39"],
  ["4cbebc20", "100000000.0"],
  ["40f33000", "7.5996094"],
  ["bf800000", "-1.0"],
  ["4cbebc20", "100000000.0"],
  ["0062e3f0", "9.081647e-39"],
  ["c3c60000", "-396.0"],
  ["44238000", "654.0"],
  ["3d37bbaa", "0.044856705"],
  ["3e6c97df", "0.23104809"],
  ["38d1ecc7", "0.0001001"],
];

test('numpy 1.24.2: random float32 bit patterns and shapes', () => {
  for (const [shape, hex, expected] of FUZZ_ARRAYS) assert.is(formatNDArray(fromHex(hex), shape), expected, hex);
  for (const [hex, expected] of FUZZ_SCALARS) assert.is(formatFloat32Scalar(fromHex(hex)[0]), expected, hex);
});

// Shortest digits at the edges of the float32 rounding interval (numpy 1.24.2 oracle): an even
// mantissa makes the interval closed (IEEE round-half-even), and a power of two has a lower
// margin half as wide as the upper one. Found by differential fuzzing against numpy.
test('numpy 1.24.2: shortest digits at closed interval ends and power-of-two margins', () => {
  const scalars: [string, string][] = [
    ['4cf59ac2', '128767500.0'], // even mantissa, low end reachable
    ['cca2ed12', '-85420180.0'], // even mantissa, high end reachable
    ['b2000000', '-7.450581e-09'], // -2^-27: unequal margins
    ['51800000', '68719480000.0'], // 2^36
  ];
  for (const [hex, expected] of scalars) assert.is(formatFloat32Scalar(fromHex(hex)[0]), expected, hex);
  assert.is(formatNDArray(fromHex('4e2e7c38cc8c0a0c4c9d4b5e4e553c3a'), [4, 1]), '[[ 7.318441e+08]\n [-7.342090e+07]\n [ 8.246757e+07]\n [ 8.943735e+08]]');
  assert.is(formatNDArray(fromHex('70000000'), [1]), '[1.5845633e+29]');
});

// ----------------------------------------------------------------------------- errors
test('bad shapes throw ShapeError naming the shape', () => {
  assert.throws(() => formatNDArray(new Float32Array(5), [2, 3]), (e: unknown) => e instanceof ShapeError && /\(2, 3\)/.test((e as Error).message));
  assert.throws(() => formatNDArray(new Float32Array(4), [2, -2]), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => formatNDArray(new Float32Array(4), [1.5]), (e: unknown) => e instanceof ShapeError);
});

test.run();
