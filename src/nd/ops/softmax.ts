// softmax / log_softmax along an axis (default -1), max-subtracted for stability; the backward
// is one fused kernel using the forward output.
import { wasm } from '../../wasm';
import { NDArray, sizeOf, checkArray } from '../ndarray';
import { record, state } from '../autograd';
import { normalizeAxis } from './reduce';

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

export const softmax = (x: NDArray, options: { axis?: number } = {}) => run('softmax', x, options.axis, 0);
export const logSoftmax = (x: NDArray, options: { axis?: number } = {}) => run('logSoftmax', x, options.axis, 1);
