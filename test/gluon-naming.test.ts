// Block naming, children and parameter collection against MXNet 1.x's rules (gluon-1x.md §1, §3):
// global per-hint counters, name scopes, explicit prefixes, sharing through params=, what
// params and collectParams() hold, Python re.match selection, reprs. Every test runs in a fresh
// NameManager (MXNet's `with mx.name.NameManager():`), so names are absolute whatever ran before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { captureWarnings } from './helpers/warnings';
import { nn, gluon, ValueError, GluonError } from '../src/index';
import { withNameManager } from '../src/gluon/naming';

const fresh = <T>(fn: () => T): T => withNameManager(fn);


test('global counters: one per hint, from 0, shared by every net', () => fresh(() => {
  const a = new nn.Dense(3), b = new nn.Dense(3);
  const s0 = new nn.Sequential(), s1 = new nn.Sequential();
  const h0 = new nn.HybridSequential();
  const c = new nn.Dense(3);
  const relu = new nn.Activation('relu'), tanh = new nn.Activation('tanh'), relu2 = new nn.Activation('relu');
  assert.equal([a, b, c].map((d) => d.prefix), ['dense0_', 'dense1_', 'dense2_']);
  assert.equal([s0.prefix, s1.prefix, h0.prefix], ['sequential0_', 'sequential1_', 'hybridsequential0_']);
  assert.equal([relu.prefix, tanh.prefix, relu2.prefix], ['relu0_', 'tanh0_', 'relu1_']);
  assert.is(a.name, 'dense0');
  assert.equal([...a.params.keys()], ['dense0_weight', 'dense0_bias']);
}));

test('a user subclass is named after its class in lower case', () => fresh(() => {
  class MyNet extends nn.Block {}
  class MyNet2 extends nn.Dense {}
  assert.is(new MyNet().prefix, 'mynet0_');
  assert.is(new MyNet().prefix, 'mynet1_');
  assert.is(new MyNet2(2).prefix, 'mynet20_');
  assert.is(new nn.Dense(2).prefix, 'dense0_');
}));

test('withNameManager restarts the counters and the outer ones resume afterwards', () => fresh(() => {
  new nn.Dense(1);
  new nn.Dense(1);
  const inner = withNameManager(() => new nn.Dense(1).prefix);
  assert.is(inner, 'dense0_');
  assert.is(new nn.Dense(1).prefix, 'dense2_');
}));

test('nameScope: children get parent prefix + <hint><k>_ from the parent\'s own counters', () => fresh(() => {
  const net = new nn.Sequential<nn.Block>();
  net.nameScope(() => net.add(new nn.Dense(3), new nn.Dense(4), new nn.Activation('relu')));
  const net2 = new nn.Sequential<nn.Block>();
  net2.nameScope(() => net2.add(new nn.Dense(3)));
  // the parent's counter persists across nameScope() calls
  net.nameScope(() => net.add(new nn.Dense(5)));
  assert.equal([0, 1, 3].map((i) => net[i].prefix), ['sequential0_dense0_', 'sequential0_dense1_', 'sequential0_dense2_']);
  assert.is(net[2].prefix, 'sequential0_relu0_');
  assert.is(net2[0].prefix, 'sequential1_dense0_');
  assert.equal([...net[0].params.keys()], ['sequential0_dense0_weight', 'sequential0_dense0_bias']);
  // the global dense counter was not consumed inside the scopes
  assert.is(new nn.Dense(1).prefix, 'dense0_');
}));

test('nested scopes and Dense\'s activation child (<dense prefix><act>_)', () => fresh(() => {
  class Model extends nn.Block {
    body: nn.Sequential;
    constructor() {
      super();
      this.body = this.nameScope(() => {
        const s = new nn.Sequential();
        s.nameScope(() => s.add(new nn.Dense(8, { activation: 'relu' })));
        return s;
      });
    }
  }
  const m = new Model();
  const dense = m.body[0];
  assert.is(m.prefix, 'model0_');
  assert.is(m.body.prefix, 'model0_sequential0_');
  assert.is(dense.prefix, 'model0_sequential0_dense0_');
  assert.is(dense.act!.prefix, 'model0_sequential0_dense0_relu_');
  assert.is(dense.act!.name, 'model0_sequential0_dense0_relu');
  assert.equal([...m.collectParams().keys()], ['model0_sequential0_dense0_weight', 'model0_sequential0_dense0_bias']);
  assert.is(m.collectParams().prefix, 'model0_');
}));

test('explicit prefixes are verbatim and consume no counter; inside a scope they follow the parent\'s', () => fresh(() => {
  const fc = new nn.Dense(3, { prefix: 'fc_' });
  assert.is(fc.prefix, 'fc_');
  assert.is(fc.name, 'fc');
  assert.equal([...fc.params.keys()], ['fc_weight', 'fc_bias']);
  assert.is(new nn.Dense(3).prefix, 'dense0_');
  const net = new nn.Sequential();
  net.nameScope(() => net.add(new nn.Dense(3, { prefix: 'out_' }), new nn.Dense(3)));
  assert.equal([net[0].prefix, net[1].prefix], ['sequential0_out_', 'sequential0_dense0_']);
  const noSuffix = new nn.Dense(3, { prefix: 'head' });
  assert.is(noSuffix.name, 'head');
  assert.is(noSuffix.weight.name, 'headweight');
}));

test("prefix '' makes nameScope a no-op: children keep global names", () => fresh(() => {
  const net = new nn.Sequential({ prefix: '' });
  net.nameScope(() => net.add(new nn.Dense(3)));
  assert.is(net.prefix, '');
  assert.is(net[0].prefix, 'dense0_');
  assert.is(net.collectParams().toString(), '(\n  Parameter dense0_weight (shape=(3, 0), dtype=float32)\n  Parameter dense0_bias (shape=(3,), dtype=float32)\n)');
}));

test('blocks created outside a scope keep their names when added (the parent never renames)', () => fresh(() => {
  const d = new nn.Dense(3);
  const net = new nn.Sequential();
  net.nameScope(() => net.add(d));
  assert.is(d.prefix, 'dense0_');
}));

test('params=: the block consumes its own counter but its dict takes the shared prefix and objects', () => fresh(() => {
  const d0 = new nn.Dense(20, { inUnits: 10 });
  const d1 = new nn.Dense(20, { params: d0.collectParams() });
  assert.is(d1.prefix, 'dense1_');
  assert.is(d1.params.prefix, 'dense0_');
  assert.is(d1.weight, d0.weight);
  assert.is(d1.bias, d0.bias);
  assert.equal([...d1.collectParams().keys()], ['dense0_weight', 'dense0_bias']);
  // the deferred (20, 0) request merged with the stored (20, 10)
  assert.equal(d1.weight.shape, [20, 10]);
}));

test('params=: names missing from the shared dict are created new under the shared prefix', () => fresh(() => {
  const d0 = new nn.Dense(4, { useBias: false });
  const d1 = new nn.Dense(4, { params: d0.params });
  assert.is(d1.weight, d0.weight);
  assert.is(d1.bias.name, 'dense0_bias');
  assert.not.ok(d0.params.has('dense0_bias'));
  assert.ok(d1.params.has('dense0_bias'));
}));

test('params=: a conflicting shape is an error naming both shapes', () => fresh(() => {
  const d0 = new nn.Dense(4, { inUnits: 3 });
  assert.throws(() => new nn.Dense(5, { params: d0.params }),
    (e: Error) => e instanceof GluonError && e.message === "Cannot retrieve Parameter 'dense0_weight' because desired attribute does not match with stored for attribute 'shape': desired '(5, 0)' vs stored '(4, 3)'.");
}));

test('a parent built with params= gives its children its params prefix and shared dict', () => fresh(() => {
  const a = new nn.Sequential();
  a.nameScope(() => a.add(new nn.Dense(2, { inUnits: 3 })));
  const b = new nn.Sequential({ params: a.params });
  b.nameScope(() => b.add(new nn.Dense(2, { inUnits: 3 })));
  assert.is(b.prefix, 'sequential1_');
  assert.is(b[0].prefix, 'sequential1_dense0_');
  assert.is(b[0].params.prefix, 'sequential0_dense0_');
  // the shared dict (a.params) holds no parameters itself, so nothing is actually shared
  assert.is.not(b[0].weight, a[0].weight);
  assert.is(b[0].weight.name, 'sequential0_dense0_weight');
}));

test('params holds only a block\'s own parameters; collectParams adds children depth first', () => fresh(() => {
  class Net extends nn.Block {
    scale: gluon.Parameter;
    inner: nn.Sequential;
    head: nn.Dense;
    constructor() {
      super();
      this.scale = this.params.get('scale', { shape: [1] });
      this.inner = this.nameScope(() => new nn.Sequential());
      this.inner.nameScope(() => this.inner.add(new nn.Dense(2), new nn.Dense(3)));
      this.head = this.nameScope(() => new nn.Dense(1));
    }
  }
  const net = new Net();
  assert.equal([...net.params.keys()], ['net0_scale']);
  assert.is(net.inner.params.size, 0);
  assert.equal([...net.collectParams().keys()], [
    'net0_scale', 'net0_sequential0_dense0_weight', 'net0_sequential0_dense0_bias',
    'net0_sequential0_dense1_weight', 'net0_sequential0_dense1_bias', 'net0_dense0_weight', 'net0_dense0_bias',
  ]);
  assert.equal(net._childEntries().map(([k]) => k), ['inner', 'head']);
  assert.equal(net._regParamEntries().map(([k]) => k), ['scale']);
}));

test('children: attribute assignment order, with registerChild interleaved where it was called', () => fresh(() => {
  class Net extends nn.Block {
    a: nn.Dense;
    b: nn.Dense;
    constructor() {
      super();
      this.a = new nn.Dense(1);
      this.registerChild(new nn.Dense(2));
      this.b = new nn.Dense(3);
    }
  }
  const net = new Net();
  assert.equal(net._childEntries().map(([k, c]) => `${k}:${c.prefix}`), ['a:dense0_', '1:dense1_', 'b:dense2_']);
  assert.equal([...net.collectParams().keys()].filter((k) => k.endsWith('weight')), ['dense0_weight', 'dense1_weight', 'dense2_weight']);
  // the generic repr lists Block attributes only (MXNet iterates __dict__)
  assert.is(net.toString(), 'Net(\n  (a): Dense(None -> 1, linear)\n  (b): Dense(None -> 3, linear)\n)');
}));

test('a shared parameter appears once in collectParams', () => fresh(() => {
  const net = new nn.Sequential();
  const shared = new nn.Dense(4, { inUnits: 4 });
  net.add(shared, new nn.Dense(4, { params: shared.params }), shared);
  assert.equal([...net.collectParams().keys()], ['dense0_weight', 'dense0_bias']);
}));

test('collectParams(select) is Python re.match: anchored at the start, not a full match', () => fresh(() => {
  const net = new nn.Sequential();
  net.add(new nn.Dense(2), new nn.Dense(2));
  net[1].params.get('weight_x', { shape: [1] });
  const keys = (select?: string) => [...net.collectParams(select).keys()];
  assert.equal(keys('weight'), []);
  assert.equal(keys('.*weight'), ['dense0_weight', 'dense1_weight', 'dense1_weight_x']);
  assert.equal(keys('.*weight$'), ['dense0_weight', 'dense1_weight']);
  assert.equal(keys('dense1'), ['dense1_weight', 'dense1_bias', 'dense1_weight_x']);
  assert.equal(keys('ense'), []);
  assert.equal(keys('.*(bias|_x)'), ['dense0_bias', 'dense1_bias', 'dense1_weight_x']);
  assert.equal(keys('(?P<d>dense)0_(?P=d)?'), ['dense0_weight', 'dense0_bias']);
  assert.equal(keys('.*bias\\Z'), ['dense0_bias', 'dense1_bias']);
  assert.equal(keys(''), keys());
  assert.is(net.collectParams('.*bias').prefix, 'sequential0_');
  assert.throws(() => net.collectParams('(unclosed'), (e: Error) => e instanceof ValueError && e.message.includes("select '(unclosed'"));
}));

test('HybridBlock children must be HybridBlocks (MXNet\'s ValueError)', () => fresh(() => {
  const hs = new nn.HybridSequential<nn.HybridBlock>();
  hs.add(new nn.Dense(2), new nn.Activation('relu'));
  // a JS caller (or a cast) can still pass a plain Block: the check is at run time too
  assert.throws(() => hs.add(new nn.Sequential() as unknown as nn.HybridBlock),
    (e: Error) => e instanceof ValueError && e.message.startsWith('Children of HybridBlock must also be HybridBlock, but Sequential(') && e.message.endsWith('has type Sequential. If you are using Sequential, please try HybridSequential instead.'));
  assert.is(hs.length, 2);
}));

test('Sequential: add, length, net[i], at(-1), slice (same prefix, same children), iteration', () => fresh(() => {
  const net = new nn.Sequential();
  const layers = [new nn.Dense(1), new nn.Dense(2), new nn.Dense(3)];
  assert.is(net.add(layers[0]).add(layers[1], layers[2]), net);
  assert.is(net.length, 3);
  assert.is(net[2], layers[2]);
  assert.is(net.at(-1), layers[2]);
  assert.throws(() => net.at(3), (e: Error) => e instanceof ValueError);
  assert.equal([...net], layers);
  const tail = net.slice(1);
  assert.is(tail.prefix, 'sequential0_');
  assert.equal([...tail], layers.slice(1));
  assert.is(new nn.Sequential().prefix, 'sequential1_');
  // net[i] are not enumerable own properties (not mistaken for attributes)
  assert.equal(Object.keys(net).filter((k) => /^\d+$/.test(k)), []);
}));

test('reprs: Sequential, nested indentation, Dense with unknown inputs, Activation', () => fresh(() => {
  const net = new nn.Sequential<nn.Block>();
  const inner = new nn.HybridSequential<nn.HybridBlock>();
  inner.add(new nn.Dense(3, { inUnits: 5, activation: 'tanh' }), new nn.Activation('sigmoid'));
  net.add(new nn.Dense(5, { activation: 'softrelu' }), inner);
  assert.is(net.toString(), `Sequential(
  (0): Dense(None -> 5, Activation(softrelu))
  (1): HybridSequential(
    (0): Dense(5 -> 3, Activation(tanh))
    (1): Activation(sigmoid)
  )
)`);
  class Empty extends nn.Block {}
  assert.is(new Empty().toString(), 'Empty(\n\n)');
  assert.is(new nn.Sequential().toString(), 'Sequential(\n\n)');
}));

test('MXNet\'s warning for Blocks hidden in arrays or objects', () => fresh(() => {
  class Holder extends nn.Block {
    layers: nn.Dense[] = [new nn.Dense(2)];
    registered: nn.Dense[];
    constructor() {
      super();
      const d = new nn.Dense(2);
      this.registerChild(d);
      this.registered = [d];
    }
  }
  const warnings = captureWarnings(() => new Holder().collectParams());
  assert.equal(warnings, [
    '"Holder.layers" is an unregistered container with Blocks. Note that Blocks inside the list, tuple or dict will not be registered automatically. Make sure to register them using register_child() or switching to nn.Sequential/nn.HybridSequential instead. ',
  ]);
}));

test('Sequential.hybridize warns when every child is a HybridBlock', () => fresh(() => {
  const net = new nn.Sequential();
  net.add(new nn.Dense(2));
  const warnings = captureWarnings(() => net.hybridize());
  assert.equal(warnings, ["All children of this Sequential layer 'sequential0_' are HybridBlocks. Consider using HybridSequential for the best performance."]);
  assert.ok(net[0]._active);
}));

test('apply visits children depth first, then the block', () => fresh(() => {
  const net = new nn.Sequential<nn.Block>();
  const inner = new nn.Sequential();
  inner.add(new nn.Dense(1));
  net.add(inner, new nn.Dense(2));
  const seen: string[] = [];
  net.apply((b) => void seen.push(b.name));
  assert.equal(seen, ['dense0', 'sequential1', 'dense1', 'sequential0']);
}));

test('_collectParamsWithPrefix: the structured names saveParameters uses', () => fresh(() => {
  class Net extends nn.Block {
    body = new nn.Sequential<nn.Dense<boolean>>();
    out = new nn.Dense(1);
  }
  const net = new Net();
  net.body.add(new nn.Dense(2), new nn.Dense(3, { useBias: false }));
  assert.equal([...net._collectParamsWithPrefix().keys()], ['body.0.weight', 'body.0.bias', 'body.1.weight', 'out.weight', 'out.bias']);
}));

test.run();
