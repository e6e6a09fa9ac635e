// Parameter and ParameterDict against MXNet 1.x (gluon-1x.md §2-§3): shapes with unknown dims,
// deferred initialization through Dense's first forward, data/grad/setData/zeroGrad, gradReq,
// MXNet's error and warning texts, get()'s reconciliation, sharing, update, reprs; Dense and
// Activation forward against plain float64 JS.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { captureWarnings } from './helpers/warnings';
import { assertClose, denseRef, isErr, rng } from './helpers/reference';
import {
  nd, nn, init, autograd, gluon, Parameter, ParameterDict, NDArray,
  DeferredInitializationError, NotInitializedError, ShapeError, ValueError, AutogradError,
} from '../src/index';
import { withNameManager } from '../src/gluon/naming';

const fresh = <T>(fn: () => T): T => withNameManager(fn);

const r = rng(11);


const NOT_INIT = (name: string) =>
  `Parameter '${name}' has not been initialized. Note that you should initialize parameters and create Trainer with Block.collect_params() instead of Block.params because the later does not include Parameters of nested child Blocks`;
const DEFERRED = (name: string) =>
  `Parameter '${name}' has not been initialized yet because initialization was deferred. Actual initialization happens during the first forward pass. Please pass one batch of data through the network before accessing Parameters. You can also avoid deferred initialization by specifying in_units, num_features, etc., for network layers.`;


function input(shape: number[]): { x: NDArray; data: Float32Array } {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => r() * 2 - 1);
  return { x: nd.array(data, { shape }), data };
}

const ACTS: Record<string, (v: number) => number> = {
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
  softrelu: (v) => Math.log1p(Math.exp(v)),
  softsign: (v) => v / (1 + Math.abs(v)),
};


// ------------------------------------------------------------------ Parameter

test('Parameter repr: shape tuple (None when absent), dtype as MXNet prints it', () => {
  assert.is(new Parameter('w', { shape: [2, 3] }).toString(), "Parameter w (shape=(2, 3), dtype=<class 'numpy.float32'>)");
  assert.is(new Parameter('b', { shape: 4, dtype: 'float32' }).toString(), 'Parameter b (shape=(4,), dtype=float32)');
  assert.is(new Parameter('s').toString(), "Parameter s (shape=None, dtype=<class 'numpy.float32'>)");
  assert.is(new Parameter('z', { shape: [], dtype: 'float32' }).toString(), 'Parameter z (shape=(), dtype=float32)');
  assert.throws(() => new Parameter('h', { dtype: 'float16' as 'float32' }), isErr(ValueError, ["'h'", 'float16']));
});

test('gradReq must be write/add/null; differentiable: false forces null', () => {
  assert.throws(() => new Parameter('w', { gradReq: 'bogus' as 'write' }), isErr(ValueError, "grad_req must be one of 'write', 'add', or 'null', but got 'bogus'"));
  const p = new Parameter('c', { shape: [2], differentiable: false, gradReq: 'write' });
  assert.is(p.gradReq, 'null');
  p.gradReq = 'add';
  assert.is(p.gradReq, 'null');
  const q = new Parameter('q', { shape: [2], lrMult: 2, wdMult: 0 });
  assert.equal([q.lrMult, q.wdMult, q.gradReq], [2, 0, 'write']);
});

test('initialize with a known shape: data now, zero grad, the same arrays on every call', () => {
  const p = new Parameter('w', { shape: [3, 4] });
  assert.throws(() => p.data(), isErr(NotInitializedError, NOT_INIT('w')));
  assert.throws(() => p.grad(), isErr(NotInitializedError, NOT_INIT('w')));
  assert.throws(() => p.listCtx(), isErr(NotInitializedError, "Parameter 'w' has not been initialized"));
  p.initialize();
  const d = p.data();
  assert.is(p.data(), d);
  assert.equal(d.shape, [3, 4]);
  assert.ok(d.toFloat32Array().every((v) => v >= -0.07 && v < 0.07), 'Uniform(0.07)');
  assert.ok(d.toFloat32Array().some((v) => v !== 0));
  assert.ok(p.grad().toFloat32Array().every((v) => v === 0));
  assert.is(d.grad, p.grad(), 'the grad buffer is attached to the data');
  assert.equal(p.listData(), [d]);
  assert.equal(p.listGrad(), [p.grad()]);
  assert.equal(p.listCtx(), ['cpu(0)']);
});

test('unknown shape: deferred with allowDeferredInit, MXNet\'s ValueError without', () => {
  const bad = new Parameter('w', { shape: [3, 0] });
  assert.throws(() => bad.initialize(), isErr(ValueError, ["Cannot initialize Parameter 'w' because it has invalid shape: (3, 0)."]));
  assert.throws(() => new Parameter('n').initialize(), isErr(ValueError, ['invalid shape: None.']));
  const p = new Parameter('d', { shape: [3, 0], allowDeferredInit: true });
  p.initialize();
  assert.throws(() => p.data(), isErr(DeferredInitializationError, DEFERRED('d')));
  assert.throws(() => p.grad(), isErr(DeferredInitializationError, DEFERRED('d')));
  assert.equal(p.listCtx(), ['cpu(0)']);
  assert.throws(() => p._finishDeferredInit(),
    isErr(ShapeError, "Cannot initialize Parameter 'd' because it has invalid shape: (3, 0). Please specify in_units, in_channels, etc for `Block`s."));
  assert.throws(() => p.data(), (e: Error) => e instanceof DeferredInitializationError, 'still pending after the failed finish');
  p.shape = [3, 5];
  p._finishDeferredInit();
  assert.equal(p.data().shape, [3, 5]);
});

test('the shape setter fills unknown dims only; the ndim is fixed', () => {
  const p = new Parameter('w', { shape: [4, 0] });
  p.shape = [4, 7];
  assert.equal(p.shape, [4, 7]);
  assert.throws(() => { p.shape = [4, 8]; }, isErr(ShapeError, ["'w'", '(4, 7)', '(4, 8)']));
  assert.throws(() => { p.shape = [4, 7, 1]; }, isErr(ShapeError, ['(4, 7, 1)']));
  assert.equal(p.shape, [4, 7]);
});

test('initialize twice: MXNet\'s warning, once per parameter; forceReinit draws new arrays', () => {
  const p = new Parameter('warned_once', { shape: [5] });
  p.initialize();
  const first = p.data();
  const before = first.toFloat32Array();
  const warnings = captureWarnings(() => {
    p.initialize();
    p.initialize(); // Python's default filter shows a message once
  });
  assert.equal(warnings, ["Parameter 'warned_once' is already initialized, ignoring. Set force_reinit=True to re-initialize."]);
  assert.is(p.data(), first);
  p.initialize({ forceReinit: true });
  assert.is.not(p.data(), first, 'new data object');
  assert.not.equal(p.data().toFloat32Array(), before);
  assert.equal(first.toFloat32Array(), before, 'the old array stays valid');
});

test('setData: in place, shape-checked, kept for a pending deferred init', () => {
  const p = new Parameter('w', { shape: [2, 2] });
  assert.throws(() => p.setData(nd.ones([2, 2])), isErr(NotInitializedError, ["Parameter 'w' has not been initialized"]));
  p.initialize();
  const d = p.data();
  p.setData(nd.array([[1, 2], [3, 4]]));
  assert.is(p.data(), d);
  assert.equal(d.toArray(), [[1, 2], [3, 4]]);
  assert.throws(() => p.setData(nd.ones([3, 2])), isErr(ShapeError,
    "setData: Parameter 'w' has shape (2, 2), which is incompatible with shape (3, 2): the number of dimensions must match and only unknown (0) dimensions can change"));
  assert.equal(d.toArray(), [[1, 2], [3, 4]], 'unchanged by the failed call');

  const q = new Parameter('q', { shape: [2, 0], allowDeferredInit: true });
  q.initialize();
  const src = nd.array([[5, 6, 7], [8, 9, 10]]);
  q.setData(src);
  src.setData(0);
  assert.equal(q.shape, [2, 3]);
  q._finishDeferredInit();
  assert.equal(q.data().toArray(), [[5, 6, 7], [8, 9, 10]], 'the values given, not the initializer\'s (copied at setData)');
});

test('gradReq: add accumulates over backward passes, null drops the grad, write again gives zeros', () => {
  const p = new Parameter('w', { shape: [3] });
  p.initialize(new init.Constant(2));
  const x = nd.array([1, 2, 3]);
  const step = () => autograd.record(() => nd.mul(p.data(), x)).backward();
  step();
  assert.equal(p.grad().toArray(), [1, 2, 3]);
  step();
  assert.equal(p.grad().toArray(), [1, 2, 3], 'write overwrites');
  p.gradReq = 'add';
  step();
  step();
  assert.equal(p.grad().toArray(), [2, 4, 6], 'add accumulates from a fresh zero buffer');
  p.zeroGrad();
  assert.equal(p.grad().toArray(), [0, 0, 0]);
  p.gradReq = 'null';
  assert.throws(() => p.grad(), isErr(AutogradError, "Cannot get gradient array for Parameter 'w' because grad_req='null'"));
  assert.equal(p.data().toArray(), [2, 2, 2]);
  p.zeroGrad(); // nothing to do
  p.gradReq = 'write';
  assert.equal(p.grad().toArray(), [0, 0, 0]);
  step();
  assert.equal(p.grad().toArray(), [1, 2, 3]);
});

test('_loadInit: MXNet\'s load checks, fills unknown dims, initializes or overwrites', () => {
  const p = new Parameter('w', { shape: [2, 0], allowDeferredInit: true });
  assert.throws(() => p._loadInit(nd.ones([3, 4])),
    isErr(ShapeError, "Failed loading Parameter 'w' from saved params: shape incompatible expected (2, 0) vs saved (3, 4)"));
  p._loadInit(nd.ones([2, 4]));
  assert.equal(p.shape, [2, 4]);
  assert.equal(p.data().toArray(), [[1, 1, 1, 1], [1, 1, 1, 1]]);
  const d = p.data();
  p._loadInit(nd.zeros([2, 4]));
  assert.is(p.data(), d);
  assert.ok(d.toFloat32Array().every((v) => v === 0));
});

// ------------------------------------------------------------------ ParameterDict

test('ParameterDict.get creates with the prefix, returns the same object, reconciles attributes', () => {
  const pd = new ParameterDict('net_');
  const w = pd.get('w', { shape: [20, 0], allowDeferredInit: true });
  assert.is(w.name, 'net_w');
  assert.is(pd.get('w'), w);
  assert.is(pd.get('w', { shape: [20, 5] }), w);
  assert.equal(w.shape, [20, 5], '0 is a wildcard, filled by the request');
  assert.is(pd.get('w', { shape: [0, 5], dtype: 'float32' }), w);
  assert.throws(() => pd.get('w', { shape: [20, 6] }), isErr(ShapeError,
    "Cannot retrieve Parameter 'net_w' because desired attribute does not match with stored for attribute 'shape': desired '(20, 6)' vs stored '(20, 5)'."));
  assert.throws(() => pd.get('w', { shape: [20, 5, 1] }), isErr(ShapeError, ["'shape': desired '(20, 5, 1)' vs stored '(20, 5)'"]));
  assert.throws(() => pd.get('w', { lrMult: 2 }), isErr(ValueError,
    "Cannot retrieve Parameter 'net_w' because desired attribute does not match with stored for attribute 'lrMult': desired '2' vs stored '1'."));
  assert.throws(() => pd.get('w', { gradReq: 'add' }), isErr(ValueError, ["'gradReq': desired 'add' vs stored 'write'"]));
  assert.throws(() => pd.get('w', { dtype: 'float16' as 'float32' }), isErr(ValueError, ["attribute 'dtype': desired 'float16' vs stored 'float32'"]));
  // a missing init is set; a different one is a conflict
  pd.get('w', { init: 'ones' });
  assert.is(w.init, 'ones');
  pd.get('w', { init: 'ones' });
  assert.throws(() => pd.get('w', { init: new init.Zero() }), isErr(ValueError, ["'init': desired 'Zero' vs stored 'ones'"]));
  assert.is(pd.size, 1);
});

test('ParameterDict sharing: a name found in shared is returned and added to this dict', () => {
  const a = new ParameterDict('m_');
  const wa = a.get('w', { shape: [2] });
  const b = new ParameterDict('m_', a);
  assert.not.ok(b.has('m_w'));
  assert.is(b.get('w'), wa);
  assert.ok(b.has('m_w'));
  const own = b.get('v', { shape: [1] });
  assert.not.ok(a.has('m_v'));
  assert.is(own.name, 'm_v');
  // only the shared dict's own parameters are searched, not its shared chain
  const c = new ParameterDict('m_', b);
  assert.is(c.get('w'), wa);
  const deep = new ParameterDict('m_', new ParameterDict('m_', a));
  assert.is.not(deep.get('w', { shape: [2] }), wa);
});

test('ParameterDict: Map-like reading in insertion order, update, repr', () => {
  const pd = new ParameterDict('p_');
  const names = ['c', 'a', 'b'];
  for (const n of names) pd.get(n, { shape: [1], dtype: 'float32' });
  assert.equal([...pd.keys()], ['p_c', 'p_a', 'p_b']);
  assert.equal([...pd.values()].map((p) => p.name), ['p_c', 'p_a', 'p_b']);
  assert.equal([...pd.entries()].map(([k]) => k), ['p_c', 'p_a', 'p_b']);
  assert.equal([...pd].map(([k, p]) => k === p.name), [true, true, true]);
  assert.ok(pd.has('p_a'));
  assert.not.ok(pd.has('a'));
  assert.is(pd.toString(), 'p_ (\n  Parameter p_c (shape=(1,), dtype=float32)\n  Parameter p_a (shape=(1,), dtype=float32)\n  Parameter p_b (shape=(1,), dtype=float32)\n)');
  assert.is(new ParameterDict('e_').toString(), 'e_ (\n\n)');
  assert.is(new ParameterDict().toString(), '(\n\n)');

  const other = new ParameterDict('p_');
  const d = other.get('d', { shape: [1] });
  pd.update(other);
  assert.equal([...pd.keys()], ['p_c', 'p_a', 'p_b', 'p_d']);
  assert.is(pd.get('d'), d);
  pd.update(other); // the same objects again: fine
  const clash = new ParameterDict('p_');
  clash.get('a', { shape: [1] });
  assert.throws(() => pd.update(clash), isErr(ValueError, "Cannot update self with other because they have different Parameters with the same name 'p_a'"));
});

test('ParameterDict.initialize: the dict-level init is only a default, own inits win', () => {
  const pd = new ParameterDict('x_');
  const own = pd.get('own', { shape: [3], init: 'ones' });
  const free = pd.get('free', { shape: [3] });
  pd.initialize(new init.Constant(5));
  assert.equal(own.data().toArray(), [1, 1, 1]);
  assert.equal(free.data().toArray(), [5, 5, 5]);
  pd.initialize({ init: 'zeros', forceReinit: true });
  assert.equal([own, free].map((p) => p.data().toArray()), [[1, 1, 1], [0, 0, 0]]);
  // Parameter.initialize(init) beats the parameter's own init
  own.initialize(new init.Constant(7), { forceReinit: true });
  assert.equal(own.data().toArray(), [7, 7, 7]);
});

test('ParameterDict.setattr and zeroGrad act on every parameter', () => {
  const pd = new ParameterDict('s_');
  const a = pd.get('a', { shape: [2] }), b = pd.get('b', { shape: [2] });
  pd.setattr('lrMult', 0.5);
  pd.setattr('wd_mult', 0);
  assert.equal([a.lrMult, b.lrMult, a.wdMult, b.wdMult], [0.5, 0.5, 0, 0]);
  pd.initialize();
  a.grad().setData(3);
  b.grad().setData(4);
  pd.zeroGrad();
  assert.ok([a, b].every((p) => p.grad().toFloat32Array().every((v) => v === 0)));
  pd.setattr('grad_req', 'null');
  assert.equal([a.gradReq, b.gradReq], ['null', 'null']);
  assert.throws(() => pd.setattr('shape', [3]), isErr(ValueError, ["'shape'"]));
  assert.equal(pd.listCtx(), ['cpu(0)']);
});

// ------------------------------------------------------------------ Dense: deferred init

test('Dense: weight shape printed (units, 0) before the first forward and (units, in) after', () => fresh(() => {
  const d = new nn.Dense(5);
  d.initialize();
  assert.is(d.weight.toString(), 'Parameter dense0_weight (shape=(5, 0), dtype=float32)');
  assert.is(d.toString(), 'Dense(None -> 5, linear)');
  assert.is(d.inUnits, 0);
  assert.throws(() => d.weight.data(), isErr(DeferredInitializationError, DEFERRED('dense0_weight')));
  // the bias shape (5,) is known: MXNet initializes it at initialize() already
  assert.equal(d.bias.data().toArray(), [0, 0, 0, 0, 0]);
  d.forward(nd.ones([2, 3, 4]));
  assert.is(d.weight.toString(), 'Parameter dense0_weight (shape=(5, 12), dtype=float32)');
  assert.is(d.toString(), 'Dense(12 -> 5, linear)');
  assert.equal([d.inUnits, d.units], [12, 5]);
  const flat = new nn.Dense(2, { flatten: false });
  flat.initialize();
  assert.equal(flat.forward(nd.ones([2, 3, 4])).shape, [2, 3, 2]);
  assert.equal(flat.weight.shape, [2, 4]);
}));

test('Dense with inUnits: initialized at initialize(), no deferral', () => fresh(() => {
  nd.random.seed(3);
  const d = new nn.Dense(4, { inUnits: 6, activation: 'relu' });
  assert.is(d.toString(), 'Dense(6 -> 4, Activation(relu))');
  d.initialize();
  const w = d.weight.data();
  nd.random.seed(3);
  assert.equal(w.toFloat32Array(), nd.random.uniform(-0.07, 0.07, [4, 6]).toFloat32Array(), 'drawn at initialize(), first thing after the seed');
  assert.equal(d.bias.data().toArray(), [0, 0, 0, 0]);
}));

test('Dense errors: forward before initialize, wrong input width, non-array input', () => fresh(() => {
  const d = new nn.Dense(3);
  assert.throws(() => d.forward(nd.ones([2, 4])), isErr(NotInitializedError, NOT_INIT('dense0_weight')));
  d.initialize();
  d.forward(nd.ones([2, 4]));
  assert.throws(() => d.forward(nd.ones([2, 5])), isErr(ShapeError, ['(2, 5)', '(3, 4)']));
  assert.throws(() => d.forward([1, 2] as unknown as NDArray), isErr(ValueError, ['dense0']));
  assert.throws(() => new nn.Dense(0), isErr(ValueError, ['units']));
  assert.throws(() => new nn.Dense(2, { activation: 'gelu' as 'relu' }), isErr(ValueError, ["'gelu'", 'relu, sigmoid, tanh, softrelu, softsign']));
  // a shared weight already initialized by the first layer: the second one is not deferred
  const a = new nn.Dense(3, { useBias: false });
  const b = new nn.Dense(3, { params: a.params, useBias: false });
  a.initialize();
  a.forward(nd.ones([1, 4]));
  assert.throws(() => b.forward(nd.ones([1, 5])), isErr(ShapeError, ['(1, 5)', '(3, 4)']));
}));

test('deferred init inside autograd.record: the parameters outlive the record scope', () => fresh(() => {
  const d = new nn.Dense(3, { activation: 'tanh' });
  d.initialize();
  const x = nd.ones([2, 4]);
  const y = autograd.record(() => d.forward(x));
  y.backward();
  const w = d.weight.data();
  assert.not.ok(w.isDisposed);
  assert.not.ok(d.weight.grad().isDisposed);
  assert.not.ok(d.bias.data().isDisposed);
  assert.equal(w.shape, [3, 4]);
  assert.ok(d.weight.grad().toFloat32Array().some((v) => v !== 0));
  const y2 = nd.tidy(() => d.forward(x));
  assert.equal(y2.shape, [2, 3]);
}));

test('forceReinit on a net redraws every parameter; a plain second initialize keeps them', () => fresh(() => {
  // a prefix of its own: a warning text already shown in this process is not shown again
  const net = new nn.Sequential({ prefix: 'reinit_' });
  net.nameScope(() => net.add(new nn.Dense(3, { inUnits: 2 }), new nn.Dense(2, { inUnits: 3 })));
  net.initialize();
  const before = net[0].weight.data();
  const warnings = captureWarnings(() => net.initialize());
  assert.equal(warnings, ['reinit_dense0_weight', 'reinit_dense0_bias', 'reinit_dense1_weight', 'reinit_dense1_bias'].map(
    (n) => `Parameter '${n}' is already initialized, ignoring. Set force_reinit=True to re-initialize.`), 'one warning per parameter');
  assert.is(net[0].weight.data(), before);
  net.initialize({ init: new init.One(), forceReinit: true });
  assert.equal(net[0].weight.data().toArray(), [[1, 1], [1, 1], [1, 1]]);
  assert.equal(net[0].bias.data().toArray(), [0, 0, 0], 'the bias keeps its own init (zeros)');
}));

test('Dense forward = act(x Wᵀ + b) for every activation (float64 reference), with and without bias', () => fresh(() => {
  for (const act of [null, 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'] as const) {
    const d = new nn.Dense(7, { activation: act, biasInitializer: new init.Uniform(0.5) });
    d.initialize(new init.Uniform(0.5));
    const { x, data } = input([3, 2, 5]);
    const y = d.forward(x);
    assert.equal(y.shape, [3, 7]);
    const ref = denseRef(data, 3, d.weight.data().toFloat32Array(), 7, d.bias.data().toFloat32Array(), act ? ACTS[act] : (v) => v);
    assertClose(y.toFloat32Array(), ref, 2e-6, 2e-6, `Dense ${act}`);
  }
  const nb = new nn.Dense(4, { useBias: false });
  nb.initialize();
  assert.is(nb.bias, null);
  assert.equal([...nb.collectParams().keys()], ['dense6_weight']);
  const { x, data } = input([2, 3]);
  assertClose(nb.forward(x).toFloat32Array(), denseRef(data, 2, nb.weight.data().toFloat32Array(), 4, null, (v) => v), 2e-6, 2e-6, 'no bias');
}));

test('Dense gradient: d(sum y)/dW[u][k] = sum over rows of x[:, k] (linear layer)', () => fresh(() => {
  const d = new nn.Dense(3);
  d.initialize();
  const { x, data } = input([4, 5]);
  autograd.record(() => d.forward(x)).backward();
  const expected: number[] = [];
  for (let u = 0; u < 3; u++) for (let k = 0; k < 5; k++) {
    let s = 0;
    for (let i = 0; i < 4; i++) s += data[i * 5 + k];
    expected.push(s);
  }
  assertClose(d.weight.grad().toFloat32Array(), expected, 1e-6, 1e-6, 'dW');
  assertClose(d.bias.grad().toFloat32Array(), [4, 4, 4], 0, 0, 'db');
}));

test('Activation block: each act type against JS, repr, hint, bad type', () => fresh(() => {
  const { x, data } = input([2, 6]);
  for (const [name, f] of Object.entries(ACTS)) {
    const a = new nn.Activation(name as nn.ActType);
    assert.is(a.toString(), `Activation(${name})`);
    assert.is(a.prefix, `${name}0_`);
    assertClose(a.forward(x).toFloat32Array(), Array.from(data, f), 2e-6, 2e-6, name);
  }
  assert.throws(() => new nn.Activation('swish' as nn.ActType), isErr(ValueError, ["'swish'"]));
}));

test('a custom HybridBlock: hybridForward gets the attribute parameters; inferShape drives deferred init', () => fresh(() => {
  class Scale extends nn.HybridBlock {
    alpha: gluon.Parameter;
    constructor() {
      super();
      this.alpha = this.params.get('alpha', { shape: [0], allowDeferredInit: true, init: 'ones' });
    }
    override inferShape(x: NDArray): void {
      this.alpha.shape = [x.shape[1]];
    }
    override hybridForward(F: nn.F, x: NDArray, params: { alpha: NDArray }): NDArray {
      return F.mul(x, params.alpha);
    }
  }
  const s = new Scale();
  s.initialize();
  const y = s.forward(nd.array([[1, 2, 3]]));
  assert.equal(y.toArray(), [[1, 2, 3]]);
  assert.equal(s.alpha.shape, [3]);
  class NoInfer extends nn.HybridBlock {
    w = this.params.get('w', { shape: [0], allowDeferredInit: true });
  }
  const n = new NoInfer();
  n.initialize();
  assert.throws(() => n.forward(nd.ones([1])), isErr(ShapeError, ['Deferred initialization failed because shape cannot be inferred.', 'NoInfer does not implement inferShape']));
}));

test('Block.saveParameters / loadParameters and ParameterDict.save / load round-trip (param-files)', () => fresh(() => {
  const make = () => {
    const net = new nn.Sequential();
    net.nameScope(() => net.add(new nn.Dense(3, { activation: 'relu' }), new nn.Dense(2)));
    return net;
  };
  const a = make();
  a.initialize();
  a.forward(nd.ones([1, 4]));
  const bytes = a.saveParameters();
  const b = make();
  b.loadParameters(bytes); // never initialized: created from the file
  for (let i = 0; i < 2; i++) {
    assert.equal(b[i].weight.data().toFloat32Array(), a[i].weight.data().toFloat32Array());
    assert.equal(b[i].bias.data().toFloat32Array(), a[i].bias.data().toFloat32Array());
  }
  // MXNet's prefix-stripped format: sequential0_dense0_weight saved as dense0_weight
  const dictBytes = a.collectParams().save(undefined, a.prefix);
  const c = make();
  c.collectParams().load(dictBytes, { restorePrefix: c.prefix });
  assert.is(c[0].weight.name, 'sequential2_dense0_weight');
  assert.equal(c[1].weight.data().toFloat32Array(), a[1].weight.data().toFloat32Array());
}));

test("params['dense0_weight'] reads a parameter by its full name, as MXNet's ParameterDict.__getitem__", () => {
  withNameManager(() => {
    const net = new nn.Sequential();
    net.add(new nn.Dense(4, { inUnits: 3 }), new nn.Dense(2, { inUnits: 4 }));
    net.initialize();
    const params = net.collectParams() as unknown as Record<string, Parameter | undefined> & ParameterDict;
    assert.is(params['dense1_bias'], net[1].bias, 'the same Parameter object');
    assert.equal(params['dense0_weight']!.data().shape, [4, 3]);
    assert.is(params['sequential0_dense1_bias'], undefined, 'an unknown name reads undefined, as a plain object');
    assert.equal([...params.keys()], ['dense0_weight', 'dense0_bias', 'dense1_weight', 'dense1_bias'], 'the dict itself still works');
    assert.is(params.prefix, 'sequential0_');
    assert.is(params.get('x', { shape: [1] }).name, 'sequential0_x', 'get() still prepends the prefix (and creates)');
    assert.ok(params instanceof ParameterDict);
  });
});

test('initialize checks every parameter first: Xavier on a vector fails the call and initializes none (API.md: nothing half-written)', () => {
  withNameManager(() => {
    class TwoParams extends nn.Block {
      w = this.params.get('w', { shape: [3, 4] });
      v = this.params.get('v', { shape: [4] });
    }
    const b = new TwoParams();
    assert.throws(() => b.initialize(new init.Xavier()), isErr(ValueError, 'Xavier initializer cannot be applied to vector twoparams0_v. It requires at least 2D.'));
    assert.throws(() => b.w.data(), isErr(NotInitializedError), 'w was not initialized either');
    b.v.init = 'zeros'; // the vector gets an initializer of its own: now the call goes through
    b.initialize(new init.Xavier());
    assert.equal(b.w.data().shape, [3, 4]);
    assert.equal(b.v.data().toArray(), [0, 0, 0, 0]);
  });
});

test.run();
