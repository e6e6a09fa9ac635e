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
  /** Registered with graphFinalizer (the head of a graph handed to the user). */
  watched: boolean;
}

/**
 * The GC backstop for graphs: the head of a recorded graph that the user drops without backward()
 * or dispose() takes its node with it, and the arrays that node held (disposed by the record
 * scope, kept for backward) would stay allocated for ever. Heads leaving autograd.record are
 * registered here; the held value is the node's inputs and holds minus the head itself (which
 * the registry must not reference, or it would never be collected), released as releaseNode does.
 */
const graphFinalizer = new FinalizationRegistry<{ inputs: NDArray[]; held: NDArray[] }>((orphan) => {
  releaseNode({ inputs: orphan.inputs, backward: () => [], held: orphan.held, released: false, watched: false });
});

/** Puts the node of `head` (an array leaving a record scope) under the GC backstop, once. */
export function watchGraph(head: NDArray): void {
  const node = head._node;
  if (!node || node.watched || node.released) return;
  node.watched = true;
  graphFinalizer.register(node, { inputs: node.inputs, held: node.held.filter((a) => a !== head) }, node);
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

/**
 * Records `out = op(inputs)` on the tape when recording and some input needs a gradient.
 * `saved`: other arrays the backward reads (the caller keeps them). `temps`: the op's own
 * intermediates the backward reads (softmax probabilities, batch statistics); they are disposed
 * here either way, and their memory lives on only while the tape holds them.
 * Ops without temps return before calling this when !state.recording: the inference path then
 * allocates no backward closure and no input list.
 */
export function record(out: NDArray, inputs: NDArray[], backward: (grad: NDArray) => (NDArray | null)[], saved: NDArray[] = [], temps: NDArray[] = []): NDArray {
  let needed = false;
  if (state.recording) for (const a of inputs) if (requiresGrad(a)) needed = true;
  if (needed) {
    const held = [...inputs, ...saved, ...temps, out];
    for (const a of held) a._hold();
    for (const a of inputs) a._consumers++;
    out._node = { inputs, backward, held, released: false, watched: false };
  }
  for (const t of temps) t.dispose();
  return out;
}

/**
 * Releases a node's holds. A disposed input that no other live node consumes can never be
 * reached by a backward again, so its own node goes too: disposing (or tidying away) the head of
 * a graph that never ran backward frees the whole graph. Iterative: graphs can be deep.
 */
export function releaseNode(node: TapeNode): void {
  const pending = [node];
  while (pending.length) {
    const n = pending.pop()!;
    if (n.released) continue;
    n.released = true;
    if (n.watched) graphFinalizer.unregister(n);
    for (const input of n.inputs) {
      input._consumers--;
      const unreachable = detachUnreachable(input);
      if (unreachable) pending.push(unreachable);
    }
    for (const a of n.held) a._unhold();
    n.held = [];
  }
}

/**
 * The node that produced `arr` once no backward can reach it any more (arr disposed, no live node
 * consuming it), taken off the array for releasing; null while it may still be needed.
 */
export function detachUnreachable(arr: NDArray): TapeNode | null {
  const node = arr._node;
  if (!node || !arr._disposed || arr._consumers !== 0) return null;
  arr._node = null;
  return node;
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

