// The tape. Each differentiable op calls `record(out, inputs, backward)` right after computing
// its forward, with a closure that maps the output's gradient to its inputs' gradients
// (micrograd's `_backward` next to `out`). `backward(heads)` walks the graph in reverse
// topological order, sums the gradients of arrays used several times, and writes or adds into the
// variables' `.grad` by their gradReq. Arrays a node needs are held (not freed by dispose/tidy)
// until the graph is released after backward.
import type { NDArray } from './ndarray';

export type GradReq = 'write' | 'add' | 'null';

export interface TapeNode {
  inputs: NDArray[];
  /** Gradients for each input (null where an input needs none), given the output's gradient. */
  backward: (grad: NDArray) => (NDArray | null)[];
  /** Arrays held alive for backward; released with the node. */
  held: NDArray[];
  released: boolean;
}

export const state = { recording: false, training: false, inBackward: false };

export function isRecording(): boolean {
  return state.recording;
}
export function isTraining(): boolean {
  return state.training;
}

/** True when gradients must flow through `a`: a marked variable or an output of a recorded op. */
export function requiresGrad(a: NDArray): boolean {
  return a._node !== null || (a._gradReq !== 'null' && a._grad !== null);
}

/** Records `out = op(inputs)` on the tape when recording and some input needs a gradient. */
export function record(out: NDArray, inputs: NDArray[], backward: (grad: NDArray) => (NDArray | null)[], saved: NDArray[] = []): NDArray {
  if (!state.recording) return out;
  let needed = false;
  for (const a of inputs) if (requiresGrad(a)) needed = true;
  if (!needed) return out;
  const held = [...inputs, ...saved, out];
  for (const a of held) a._hold();
  out._node = { inputs, backward, held, released: false };
  return out;
}

export function releaseNode(node: TapeNode): void {
  if (node.released) return;
  node.released = true;
  for (const a of node.held) a._unhold();
  node.held = [];
}

function scopedFlag<T>(key: 'recording' | 'training', value: boolean, fn: () => T): T {
  const before = state[key];
  state[key] = value;
  try {
    return fn();
  } finally {
    state[key] = before;
  }
}

export function withRecording<T>(recording: boolean, training: boolean, fn: () => T): T {
  return scopedFlag('recording', recording, () => scopedFlag('training', training, fn));
}
export function withTraining<T>(training: boolean, fn: () => T): T {
  return scopedFlag('training', training, fn);
}

