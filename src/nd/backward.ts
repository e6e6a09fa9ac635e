// backward(): reverse-mode through the tape. Gradients of an array used several times are
// summed; variables receive theirs by gradReq ('write' overwrites, 'add' accumulates, 'null'
// none). Temporaries live in a scope that is closed at the end; the graph is released unless
// retainGraph.
import { AutogradError, ShapeError, ValueError } from '../wasm';
import { NDArray, checkArray } from './ndarray';
import { releaseNode, state, type GradReq } from './autograd';
import { closeScope, keep, openScope } from './scope';
import { add, full, inPlace } from './ops/elementwise';
import { fmtShape } from './ops/broadcast';

const NOT_IN_GRAPH =
  'Cannot differentiate node because it is not in a computational graph. You need to set is_recording to true or use autograd.record() to save computational graphs for backward. If you want to differentiate the same graph twice, you need to pass retain_graph=True to backward.';

const isVariable = (a: NDArray) => a._gradReq !== 'null' && a._grad !== null;

export function markVariables(variables: NDArray[], gradients: NDArray[] | null, gradReq: GradReq | GradReq[] = 'write'): void {
  variables.forEach((v, i) => {
    checkArray('markVariables', v, 'each variable');
    const req = Array.isArray(gradReq) ? gradReq[i] : gradReq;
    if (req !== 'write' && req !== 'add' && req !== 'null') {
      throw new ValueError(`grad_req must be one of 'write', 'add', or 'null', but got '${req}'`);
    }
    const given = gradients?.[i];
    if (given && (given.ndim !== v.ndim || given.shape.some((d, j) => d !== v.shape[j]))) {
      throw new ShapeError(`markVariables: gradient buffer of shape ${fmtShape(given.shape)} does not match variable shape ${fmtShape(v.shape)}`);
    }
    if (v._grad && v._grad !== given) v._grad.dispose();
    v._gradReq = req;
    v._grad = req === 'null' ? null : keep(given ?? full(v.shape, 0));
    v._dropNode(); // a variable is a leaf: the graph that produced it is not differentiated through
  });
}

/** Arrays reachable from the heads, inputs before outputs. */
function topoOrder(heads: NDArray[]): NDArray[] {
  const order: NDArray[] = [];
  const seen = new Set<NDArray>();
  const stack: [NDArray, boolean][] = heads.map((h) => [h, false]);
  while (stack.length) {
    const [arr, expanded] = stack.pop()!;
    if (expanded) {
      order.push(arr);
      continue;
    }
    if (seen.has(arr)) continue;
    seen.add(arr);
    stack.push([arr, true]);
    if (arr._node && !isVariable(arr)) for (const input of arr._node.inputs) if (!seen.has(input)) stack.push([input, false]);
  }
  return order;
}

export function backward(heads: NDArray | NDArray[], headGrads: (NDArray | null)[] | NDArray | null = null, options: { retainGraph?: boolean } = {}): void {
  const hs = Array.isArray(heads) ? heads : [heads];
  const hg = headGrads === null ? [] : Array.isArray(headGrads) ? headGrads : [headGrads];
  if (hg.length > hs.length) throw new ValueError(`backward: got ${hg.length} head gradients for ${hs.length} heads`);
  for (const [i, h] of hs.entries()) {
    checkArray('backward', h, 'each head');
    if (!h._node && !isVariable(h)) throw new AutogradError(NOT_IN_GRAPH);
    const g = hg[i];
    if (g && (g.ndim !== h.ndim || g.shape.some((d, j) => d !== h.shape[j]))) {
      throw new ShapeError(`backward: head gradient of shape ${fmtShape(g.shape)} does not match head ${i} of shape ${fmtShape(h.shape)}`);
    }
  }
  const order = topoOrder(hs);
  const before = { recording: state.recording, inBackward: state.inBackward };
  state.recording = false;
  state.inBackward = true;
  const scope = openScope('the backward pass that made it');
  try {
    const grads = new Map<NDArray, NDArray>();
    const accumulate = (arr: NDArray, g: NDArray) => {
      const prev = grads.get(arr);
      grads.set(arr, prev ? add(prev, g) : g);
    };
    hs.forEach((h, i) => accumulate(h, hg[i] ?? full(h.shape, 1)));
    for (let i = order.length - 1; i >= 0; i--) {
      const arr = order[i];
      const g = grads.get(arr);
      if (!g || !arr._node || isVariable(arr)) continue;
      const inputGrads = arr._node.backward(g);
      arr._node.inputs.forEach((input, j) => {
        const gi = inputGrads[j];
        if (!gi) return;
        if (gi.size !== input.size) throw new ShapeError(`backward: internal gradient of shape ${fmtShape(gi.shape)} for an input of shape ${fmtShape(input.shape)}`);
        accumulate(input, gi);
      });
    }
    for (const arr of order) {
      const g = grads.get(arr);
      if (!g || !isVariable(arr)) continue;
      const target = arr._grad!;
      if (arr._gradReq === 'add') inPlace(target, g.size === target.size ? reshapeLike(g, target) : g, 'add');
      else target.setData(g.size === target.size ? reshapeLike(g, target) : g);
      arr._fresh = true;
    }
  } finally {
    closeScope(scope, null);
    state.recording = before.recording;
    state.inBackward = before.inBackward;
    if (!options.retainGraph) for (const arr of order) arr._dropNode();
  }
}

function reshapeLike(g: NDArray, target: NDArray): NDArray {
  return g.ndim === target.ndim && g.shape.every((d, i) => d === target.shape[i]) ? g : g._view(target.shape);
}

export { releaseNode };
