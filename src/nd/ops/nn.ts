// Fused layer ops. fullyConnected = Dense's forward: one GEMM with MXNet's weight layout
// (units, inUnits) read transposed in place, then bias + activation in one pass; its backward
// is the activation gradient (through the output), A^T·B for the weight, A·B for the input and a
// column sum for the bias.
import { ShapeError, ValueError, wasm } from '../../wasm';
import { NDArray, sizeOf, checkArray } from '../ndarray';
import { record, state } from '../autograd';
import { fmtShape } from './broadcast';
import { gemm } from './linalg';
import { mul } from './elementwise';
import { fillUniform } from '../random';

export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'softrelu' | 'softsign';
// a Map, not an object literal: a name such as 'constructor' must not find Object.prototype's
const ACT_CODES = new Map<string, number>([['relu', 1], ['sigmoid', 2], ['tanh', 3], ['softrelu', 4], ['softsign', 5]]);

export function activationCode(op: string, act: string | null | undefined): number {
  if (act === null || act === undefined) return 0;
  const code = ACT_CODES.get(act);
  if (code === undefined) throw new ValueError(`${op}: unknown activation '${act}'; expected one of relu, sigmoid, tanh, softrelu, softsign`);
  return code;
}

export interface FullyConnectedOptions { flatten?: boolean; activation?: ActivationName | null }

/** y = act(x · weightᵀ + bias); x (N, ...) flattened to (N, in) or, with flatten false, (..., in). */
export function fullyConnected(x: NDArray, weight: NDArray, bias: NDArray | null, options: FullyConnectedOptions = {}): NDArray {
  checkArray('fullyConnected', x, 'x');
  checkArray('fullyConnected', weight, 'weight');
  if (bias !== null && bias !== undefined) checkArray('fullyConnected', bias, 'bias');
  const act = activationCode('fullyConnected', options.activation);
  const flatten = options.flatten ?? true;
  if (weight.ndim !== 2) throw new ShapeError(`fullyConnected: weight must be 2-D (units, inUnits), got ${fmtShape(weight.shape)}`);
  const [units, inUnits] = weight.shape;
  if (x.ndim === 0) throw new ShapeError('fullyConnected: input needs at least one dimension');
  const cols = flatten ? (x.ndim === 2 ? x.shape[1] : sizeOf(x.shape.slice(1))) : x.shape[x.ndim - 1];
  const rows = cols === 0 ? (flatten ? x.shape[0] : sizeOf(x.shape.slice(0, -1))) : x.size / cols;
  if (cols !== inUnits) {
    throw new ShapeError(`fullyConnected: input of shape ${fmtShape(x.shape)} gives ${cols} features${flatten ? ' after flattening' : ' on its last axis'}, but weight ${fmtShape(weight.shape)} expects ${inUnits}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== units)) throw new ShapeError(`fullyConnected: bias must have shape (${units},), got ${fmtShape(bias.shape)}`);
  const outShape = flatten ? [x.shape[0], units] : [...x.shape.slice(0, -1), units];
  const out = NDArray._empty(outShape);
  const k = wasm();
  if (inUnits === 0) k.fill_f32(out._ptr, out.size, 0);
  else gemm(x, false, weight, true, rows, units, inUnits, out);
  if (out.size > 0) k.bias_act_f32(out._ptr, bias ? bias._ptr : 0, rows, units, 1, act);
  if (!state.recording) return out; // no closure or input list on the inference path
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(out, inputs, (g) => {
    const gz = NDArray._empty(outShape);
    k.act_grad_f32(g._ptr, out._ptr, gz._ptr, gz.size, act);
    const dx = NDArray._empty(x.shape);
    const dw = NDArray._empty(weight.shape);
    if (units === 0) k.fill_f32(dx._ptr, dx.size, 0);
    else gemm(gz, false, weight, false, rows, inUnits, units, dx); // dx = gz · W
    if (rows === 0) k.fill_f32(dw._ptr, dw.size, 0);
    else gemm(gz, true, x, false, units, inUnits, rows, dw); // dW = gzᵀ · x
    const grads: NDArray[] = [dx, dw];
    if (bias) {
      const db = NDArray._empty([units]);
      k.sum_f32(gz._ptr, db._ptr, 1, rows, units); // column sums
      grads.push(db);
    }
    gz.dispose();
    return grads;
  });
}

/**
 * Fused sparse softmax cross-entropy over the last axis of 2-D logits: loss (N,) =
 * -log_softmax(pred)[label]; backward g * (softmax - onehot). Labels are truncated and clipped
 * into [0, C-1] as MXNet's pick. The general cases (dense labels, other axes) compose ops.
 */
export function softmaxCrossEntropy(pred: NDArray, label: NDArray): NDArray {
  checkArray('softmaxCrossEntropy', pred, 'pred');
  checkArray('softmaxCrossEntropy', label, 'label');
  if (pred.ndim !== 2) throw new ShapeError(`softmaxCrossEntropy: pred must be 2-D (batch, classes), got ${fmtShape(pred.shape)}`);
  const [rows, classes] = pred.shape;
  if (label.size !== rows) throw new ShapeError(`softmaxCrossEntropy: label of shape ${fmtShape(label.shape)} must hold one class index per row of pred ${fmtShape(pred.shape)}`);
  if (classes === 0) throw new ShapeError(`softmaxCrossEntropy: pred ${fmtShape(pred.shape)} has no classes`);
  const k = wasm();
  const loss = NDArray._empty([rows]);
  const probs = NDArray._empty(pred.shape);
  k.softmax_ce_f32(pred._ptr, label._ptr, loss._ptr, probs._ptr, rows, classes);
  return record(loss, [pred], (g) => {
    const dx = NDArray._empty(pred.shape);
    k.softmax_ce_grad_f32(probs._ptr, label._ptr, g._ptr, dx._ptr, rows, classes);
    return [dx];
  }, [label], [probs]);
}

/**
 * MXNet's Dropout in training: each element is kept with probability 1-p and scaled by 1/(1-p).
 * The mask comes from MXNet's generator (uniform draws over the mask's size), so a seeded run
 * drops the same elements as MXNet. `axes` shares one mask value along those axes.
 */
export function dropout(x: NDArray, p: number, options: { axes?: number[] } = {}): NDArray {
  checkArray('dropout', x, 'x');
  if (!(p >= 0 && p < 1)) throw new ValueError(`dropout: rate must be in [0, 1), got ${p}`);
  const axes = (options.axes ?? []).map((a) => (a < 0 ? a + x.ndim : a));
  for (const a of axes) if (!(a >= 0 && a < x.ndim)) throw new ShapeError(`dropout: axis in ${JSON.stringify(options.axes)} is out of range for shape ${fmtShape(x.shape)}`);
  const maskShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const mask = NDArray._empty(maskShape);
  fillUniform(mask, 0, 1);
  const pkeep = Math.fround(1 - Math.fround(p));
  wasm().dropout_mask_f32(mask._ptr, mask.size, pkeep, axes.length ? 1 : 0);
  const out = mul(x, mask);
  mask.dispose(); // mul's tape node holds it while backward needs it
  return out;
}
