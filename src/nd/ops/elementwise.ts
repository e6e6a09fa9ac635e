// Elementwise ops: each is its kernel name and its gradient, side by side.
// Binary ops broadcast numpy-style; a number operand is passed as a stride-0 scalar.
import { ShapeError, ValueError, f32, scratchView, wasm } from '../../wasm';
import { NDArray, sizeOf, type Operand, type Shape, checkArray } from '../ndarray';
import { record, state } from '../autograd';
import { broadcastShapes, broadcastStrides, collapse, contiguousStrides, fmtShape, writeFlatMeta, writeMeta } from './broadcast';
import { sumTo } from './reduce';
import { activationCode, type ActivationName } from './nn';

type Grad = NDArray | null;

// ---------------------------------------------------------------- helpers
// Number operands live in two 16-byte scratch slots (a cached view, as the meta block's).
const scalarSlots = scratchView('scalars', 8, f32);

function operandPtr(x: Operand, slot: 0 | 1): number {
  if (typeof x !== 'number') return x._ptr;
  const slots = scalarSlots();
  slots[slot * 4] = x;
  return slots.byteOffset + slot * 16;
}

const shapeOf = (x: Operand): Shape => (typeof x === 'number' ? [] : x.shape);

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs binary kernel `kernel` into `out` (already allocated with the broadcast shape). */
function runBinary(kernel: string, a: Operand, b: Operand, out: NDArray): void {
  if (out.size === 0) return;
  let meta: number, ndim: number;
  const fullA = typeof a !== 'number' && a.size === out.size && sameShape(a.shape, out.shape);
  const fullB = typeof b !== 'number' && b.size === out.size && sameShape(b.shape, out.shape);
  if ((fullA || typeof a === 'number') && (fullB || typeof b === 'number')) {
    // the common cases, no broadcasting: one flat axis, a number as a stride-0 operand
    meta = writeFlatMeta(out.size, fullA ? 1 : 0, fullB ? 1 : 0);
    ndim = 1;
  } else {
    const sa = broadcastStrides(shapeOf(a), out.shape);
    const sb = broadcastStrides(shapeOf(b), out.shape);
    const { shape, strides } = collapse(out.shape, [sa, sb]);
    meta = writeMeta(shape, strides);
    ndim = shape.length;
  }
  wasm()[kernel](operandPtr(a, 0), operandPtr(b, 1), out._ptr, ndim, meta);
}

function checkOperand(op: string, x: Operand): void {
  if (typeof x === 'number') return;
  if (!(x instanceof NDArray)) {
    throw new ValueError(`${op}: expected an NDArray or a number, got ${Object.prototype.toString.call(x)}`);
  }
  checkArray(op, x, 'x');
}

function binaryOp(name: string, kernel: string, grad: ((g: NDArray, a: Operand, b: Operand, out: NDArray) => [Grad, Grad]) | null) {
  return (a: Operand, b: Operand): NDArray => {
    checkOperand(name, a);
    checkOperand(name, b);
    if (typeof a === 'number' && typeof b === 'number') throw new ValueError(`${name}: at least one operand must be an NDArray`);
    const out = NDArray._empty(broadcastShapes(name, shapeOf(a), shapeOf(b)));
    runBinary(kernel, a, b, out);
    if (!grad || !state.recording) return out;
    const inputs = [a, b].filter((x): x is NDArray => typeof x !== 'number');
    return record(out, inputs, (g) => {
      const [ga, gb] = grad(g, a, b, out);
      const grads: Grad[] = [];
      if (typeof a !== 'number') grads.push(ga && sumTo(ga, a.shape));
      if (typeof b !== 'number') grads.push(gb && sumTo(gb, b.shape));
      return grads;
    });
  };
}

/** g · act'(x) from the output y: the kernel the fused Dense/conv activations use (same shapes). */
function activationGrad(g: NDArray, y: NDArray, act: ActivationName): NDArray {
  const out = NDArray._empty(y.shape);
  wasm().act_grad_f32(g._ptr, y._ptr, out._ptr, out.size, activationCode(act, act));
  return out;
}

function unaryOp(name: string, kernel: string, grad: ((g: NDArray, x: NDArray, y: NDArray) => Grad) | null) {
  return (x: NDArray): NDArray => {
    checkOperand(name, x);
    const out = NDArray._empty(x.shape);
    wasm()[kernel](x._ptr, out._ptr, x.size);
    if (!grad || !state.recording) return out;
    return record(out, [x], (g) => [grad(g, x, out)]);
  };
}


// ---------------------------------------------------------------- binary
export const add = binaryOp('add', 'add_f32', (g) => [g, g]);
export const sub = binaryOp('sub', 'sub_f32', (g) => [g, neg(g)]);
export const mul = binaryOp('mul', 'mul_f32', (g, a, b) => [mul(g, b), mul(g, a)]);
export const div = binaryOp('div', 'div_f32', (g, _a, b, out) => [div(g, b), neg(div(mul(g, out), b))]);
export const pow = binaryOp('pow', 'pow_f32', (g, a, b, out) => [
  // d(a^b)/da = b * a^(b-1); d(a^b)/db = a^b * log(a)
  typeof a === 'number' ? null : mul(g, mul(pow(a, typeof b === 'number' ? b - 1 : sub(b, 1)), b)),
  typeof b === 'number' ? null : mul(g, mul(out, log(typeof a === 'number' ? full(out.shape, a) : a))),
]);
// The gradient goes to a where a >= b (maximum) / a <= b (minimum), else to b.
export const maximum = binaryOp('maximum', 'maximum_f32', (g, a, b) => [mul(g, greaterEqual(a, b)), mul(g, lesser(a, b))]);
export const minimum = binaryOp('minimum', 'minimum_f32', (g, a, b) => [mul(g, lesserEqual(a, b)), mul(g, greater(a, b))]);
// Comparisons are piecewise constant: no gradient flows through them.
export const equal = binaryOp('equal', 'equal_f32', null);
export const notEqual = binaryOp('notEqual', 'not_equal_f32', null);
export const greater = binaryOp('greater', 'greater_f32', null);
export const greaterEqual = binaryOp('greaterEqual', 'greater_equal_f32', null);
export const lesser = binaryOp('lesser', 'lesser_f32', null);
export const lesserEqual = binaryOp('lesserEqual', 'lesser_equal_f32', null);

// Fused gradient helpers (g, y): one pass instead of three in the backward of relu/sigmoid/tanh.

// ---------------------------------------------------------------- unary
export const neg = unaryOp('neg', 'neg_f32', (g) => neg(g));
export const abs = unaryOp('abs', 'abs_f32', (g, x) => mul(g, sign(x)));
export const square = unaryOp('square', 'square_f32', (g, x) => mul(g, mul(x, 2)));
export const sqrt = unaryOp('sqrt', 'sqrt_f32', (g, _x, y) => div(g, mul(y, 2)));
export const rsqrt = unaryOp('rsqrt', 'rsqrt_f32', (g, _x, y) => mul(g, mul(pow(y, 3), -0.5)));
export const reciprocal = unaryOp('reciprocal', 'reciprocal_f32', (g, _x, y) => neg(mul(g, square(y))));
export const exp = unaryOp('exp', 'exp_f32', (g, _x, y) => mul(g, y));
export const expm1 = unaryOp('expm1', 'expm1_f32', (g, _x, y) => mul(g, add(y, 1)));
export const log = unaryOp('log', 'log_f32', (g, x) => div(g, x));
export const log1p = unaryOp('log1p', 'log1p_f32', (g, x) => div(g, add(x, 1)));
export const sin = unaryOp('sin', 'sin_f32', (g, x) => mul(g, cos(x)));
export const cos = unaryOp('cos', 'cos_f32', (g, x) => neg(mul(g, sin(x))));
export const relu = unaryOp('relu', 'relu_f32', (g, _x, y) => activationGrad(g, y, 'relu'));
export const sigmoid = unaryOp('sigmoid', 'sigmoid_f32', (g, _x, y) => activationGrad(g, y, 'sigmoid'));
export const tanh = unaryOp('tanh', 'tanh_f32', (g, _x, y) => activationGrad(g, y, 'tanh'));
export const softrelu = unaryOp('softrelu', 'softrelu_f32', (g, x) => mul(g, sigmoid(x)));
export const softsign = unaryOp('softsign', 'softsign_f32', (g, x) => div(g, square(add(abs(x), 1))));
// Piecewise constant: zero gradient, recorded as none.
export const sign = unaryOp('sign', 'sign_f32', null);
export const floor = unaryOp('floor', 'floor_f32', null);
export const ceil = unaryOp('ceil', 'ceil_f32', null);
export const round = unaryOp('round', 'round_f32', null);
export const trunc = unaryOp('trunc', 'trunc_f32', null);
/** Identity with a gradient: a new array with the same values. */
export const copy = unaryOp('copy', 'copy_f32', (g) => g);

export function clip(x: NDArray, low: number, high: number): NDArray {
  checkOperand('clip', x);
  if (!(low <= high)) throw new ValueError(`clip: low (${low}) must be <= high (${high})`);
  const out = NDArray._empty(x.shape);
  wasm().clip_f32(x._ptr, out._ptr, x.size, low, high);
  if (!state.recording) return out;
  // gradient passes where low <= x <= high
  return record(out, [x], (g) => [mul(g, mul(greaterEqual(x, low), lesserEqual(x, high)))]);
}

/** where(cond, x, y): x where cond != 0, else y, all three broadcast together. */
export function where(cond: NDArray, x: Operand, y: Operand): NDArray {
  checkOperand('where', cond);
  checkOperand('where', x);
  checkOperand('where', y);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, shapeOf(x)), shapeOf(y));
  const full3 = (v: Operand) => (typeof v === 'number' ? full(shape, v) : sameShape(v.shape, shape) ? v : broadcastCopy(v, shape));
  const c = full3(cond), a = full3(x), b = full3(y);
  const out = NDArray._empty(shape);
  wasm().where_f32(c._ptr, a._ptr, b._ptr, out._ptr, out.size);
  for (const [t, s] of [[c, cond], [a, x], [b, y]] as const) if (t !== s) t.dispose();
  if (!state.recording) return out;
  const inputs = [x, y].filter((v): v is NDArray => typeof v !== 'number');
  return record(out, inputs, (g) => {
    const grads: Grad[] = [];
    if (typeof x !== 'number') grads.push(sumTo(where(cond, g, 0), x.shape));
    if (typeof y !== 'number') grads.push(sumTo(where(cond, 0, g), y.shape));
    return grads;
  }, [cond]);
}

/** A contiguous copy of `x` broadcast to `shape` (no gradient: callers record their own). */
export function broadcastCopy(x: NDArray, shape: Shape): NDArray {
  const out = NDArray._empty(shape);
  runBinary('add_f32', x, 0, out);
  return out;
}

// ---------------------------------------------------------------- creation helpers used by ops
export function full(shape: Shape, value: number): NDArray {
  const out = NDArray._empty(shape);
  wasm().fill_f32(out._ptr, out.size, value);
  return out;
}

// ---------------------------------------------------------------- copies and in-place updates
export function copyTo(src: NDArray, out: NDArray): NDArray {
  checkArray('copyTo', src, 'src');
  checkArray('copyTo', out, 'out');
  if (!sameShape(src.shape, out.shape)) throw new ShapeError(`copyTo: source shape ${fmtShape(src.shape)} does not match destination shape ${fmtShape(out.shape)}`);
  if (src._ptr !== out._ptr) wasm().copy_f32(src._ptr, out._ptr, src.size);
  return out;
}

export function astype(x: NDArray, dtype: string): NDArray {
  if (dtype !== 'float32') throw new ValueError(`astype: dtype '${dtype}' is not supported; gluon-wasm arrays are float32`);
  return copy(x);
}

/** An operand written into a target in place must broadcast to the target's shape without growing it. */
export function checkBroadcastsTo(op: string, operand: Shape, target: Shape): void {
  const shape = broadcastShapes(op, target, operand);
  if (!sameShape(shape, target)) throw new ShapeError(`${op}: operand of shape ${fmtShape(operand)} would broadcast the target ${fmtShape(target)} to ${fmtShape(shape)}`);
}

/** Overwrites `target` in place with a number, an NDArray broadcastable to its shape, or numbers. */
export function setData(target: NDArray, value: Operand | ArrayLike<number>): void {
  checkArray('setData', target, 'target');
  if (typeof value === 'number') {
    wasm().fill_f32(target._ptr, target.size, value);
  } else if (value instanceof NDArray) {
    checkArray('setData', value, 'value');
    checkBroadcastsTo('setData', value.shape, target.shape);
    if (value.size === target.size) wasm().copy_f32(value._ptr, target._ptr, target.size);
    else runBinary('add_f32', value, 0, target);
  } else if (value && typeof (value as ArrayLike<number>).length === 'number') {
    const data = value as ArrayLike<number>;
    if (data.length !== target.size) throw new ShapeError(`setData: got ${data.length} values for an array of shape ${fmtShape(target.shape)} (${target.size} elements)`);
    target._data().set(data);
  } else {
    throw new ValueError('setData: expected a number, an NDArray or an array of numbers');
  }
}

/** target = target (op) b, in place (b broadcast to target's shape). No gradient is recorded. */
export function inPlace(target: NDArray, b: Operand, op: 'add' | 'sub' | 'mul' | 'div'): void {
  const name = `${op}InPlace`;
  checkArray(name, target, 'target');
  checkOperand(name, b);
  checkBroadcastsTo(name, shapeOf(b), target.shape);
  runBinary(`${op}_f32`, target, b, target);
}

export { contiguousStrides, sizeOf };
