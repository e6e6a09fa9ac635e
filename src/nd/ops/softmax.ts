// softmax / log_softmax along an axis (default -1), max-subtracted for stability; the backward
// is one fused kernel using the forward output.
import { wasm } from '../../wasm';
import { NDArray, sizeOf, checkArray } from '../ndarray';
import { record, state } from '../autograd';
import { normalizeAxis } from './reduce';
import { argsToOptions } from '../options';

function run(op: string, x: NDArray, axis: number | undefined, log: number): NDArray {
  checkArray(op, x, 'x');
  const a = normalizeAxis(op, axis ?? -1, x.ndim);
  const outer = sizeOf(x.shape.slice(0, a)), n = x.shape[a], inner = sizeOf(x.shape.slice(a + 1));
  const out = NDArray._empty(x.shape);
  if (out.size > 0) wasm().softmax_f32(x._ptr, out._ptr, outer, n, inner, log);
  if (!state.recording) return out;
  return record(out, [x], (g) => {
    const dx = NDArray._empty(x.shape);
    if (dx.size > 0) wasm().softmax_grad_f32(out._ptr, g._ptr, dx._ptr, outer, n, inner, log);
    return [dx];
  });
}

/** softmax(x, axis) or softmax(x, { axis }), MXNet's order; the axis defaults to -1. */
export type SoftmaxArgs = [axis?: number | { axis?: number }];
const axisOf = (op: string, args: readonly unknown[]) => argsToOptions<{ axis?: number }>(op, args, ['axis']).axis;
export const softmax = (x: NDArray, ...args: SoftmaxArgs) => run('softmax', x, axisOf('softmax', args), 0);
export const logSoftmax = (x: NDArray, ...args: SoftmaxArgs) => run('logSoftmax', x, axisOf('logSoftmax', args), 1);
