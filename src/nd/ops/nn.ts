// Fused layer ops. fullyConnected = Dense's forward: one GEMM with MXNet's weight layout
// (units, inUnits) read transposed in place, then bias + activation in one pass; its backward
// is the activation gradient (through the output), A^T·B for the weight, A·B for the input and a
// column sum for the bias.
import { ShapeError, ValueError, wasm } from '../../wasm';
import { NDArray, sizeOf } from '../ndarray';
import { record } from '../autograd';
import { fmtShape } from './broadcast';
import { gemm } from './linalg';

export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'softrelu' | 'softsign';
const ACT_CODES: Record<string, number> = { relu: 1, sigmoid: 2, tanh: 3, softrelu: 4, softsign: 5 };

export function activationCode(op: string, act: string | null | undefined): number {
  if (act === null || act === undefined) return 0;
  const code = ACT_CODES[act];
  if (code === undefined) throw new ValueError(`${op}: unknown activation '${act}'; expected one of relu, sigmoid, tanh, softrelu, softsign`);
  return code;
}

export interface FullyConnectedOptions { flatten?: boolean; activation?: ActivationName | null }

/** y = act(x · weightᵀ + bias); x (N, ...) flattened to (N, in) or, with flatten false, (..., in). */
export function fullyConnected(x: NDArray, weight: NDArray, bias: NDArray | null, options: FullyConnectedOptions = {}): NDArray {
  x._check('fullyConnected');
  weight._check('fullyConnected');
  bias?._check('fullyConnected');
  const act = activationCode('fullyConnected', options.activation);
  const flatten = options.flatten ?? true;
  if (weight.ndim !== 2) throw new ShapeError(`fullyConnected: weight must be 2-D (units, inUnits), got ${fmtShape(weight.shape)}`);
  const [units, inUnits] = weight.shape;
  if (x.ndim === 0) throw new ShapeError('fullyConnected: input needs at least one dimension');
  const rows = flatten ? x.shape[0] : sizeOf(x.shape.slice(0, -1));
  const cols = flatten ? sizeOf(x.shape.slice(1)) : x.shape[x.ndim - 1];
  if (cols !== inUnits) {
    throw new ShapeError(`fullyConnected: input of shape ${fmtShape(x.shape)} gives ${cols} features${flatten ? ' after flattening' : ' on its last axis'}, but weight ${fmtShape(weight.shape)} expects ${inUnits}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== units)) throw new ShapeError(`fullyConnected: bias must have shape (${units},), got ${fmtShape(bias.shape)}`);
  const outShape = flatten ? [x.shape[0], units] : [...x.shape.slice(0, -1), units];
  const out = NDArray._empty(outShape);
  const k = wasm();
  if (inUnits === 0) k.fill_f32(out._ptr, out.size, 0);
  else gemm(x, false, weight, true, rows, units, inUnits, out);
  if (out.size > 0) k.bias_act_f32(out._ptr, bias ? bias._ptr : 0, rows, units, act);
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
