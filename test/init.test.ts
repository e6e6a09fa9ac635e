// Initializers against MXNet 1.x (gluon-1x.md §4, §9, §11): the published Uniform(0.07) draw of a
// fresh process, the draw order of deferred initialization, each initializer's statistics and
// bounds, Xavier's formula for every factorType (float64 reference), MSRAPrelu, Constant/Zero/One,
// names and JSON for create(), and that Gluon only ever calls initWeight(name, arr).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UNIFORM_2X20_NUMPY, repr } from './helpers/seed-transcript.mjs';
import { nd, nn, init, gluon, Parameter, NDArray, ValueError, NotInitializedError } from '../src/index';
import { withNameManager } from '../src/gluon/naming';

const fresh = <T>(fn: () => T): T => withNameManager(fn);

function stats(a: Float32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0, min = Infinity, max = -Infinity;
  for (const v of a) {
    s += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, std: Math.sqrt(q / a.length), min, max };
}

/** Initializes a fresh Parameter of `shape` with `initializer` and returns its values. */
function draw(initializer: init.Initializer | string, shape: number[], name = 'w'): Float32Array {
  const p = new Parameter(name, { shape });
  p.initialize(initializer);
  return p.data().toFloat32Array();
}

function assertUniform(v: Float32Array, scale: number, what: string): void {
  const s = stats(v);
  assert.ok(s.min >= -scale && s.max < scale, `${what}: within [-${scale}, ${scale}): ${s.min} ${s.max}`);
  assert.ok(s.min < -0.99 * scale && s.max > 0.99 * scale, `${what}: reaches the bounds: ${s.min} ${s.max}`);
  const sd = scale / Math.sqrt(3);
  assert.ok(Math.abs(s.mean) < (5 * sd) / Math.sqrt(v.length), `${what}: mean ${s.mean}`);
  assert.ok(Math.abs(s.std / sd - 1) < 0.03, `${what}: std ${s.std} vs ${sd}`);
}

function assertNormal(v: Float32Array, sigma: number, what: string): void {
  const s = stats(v);
  assert.ok(Math.abs(s.mean) < (5 * sigma) / Math.sqrt(v.length), `${what}: mean ${s.mean}`);
  assert.ok(Math.abs(s.std / sigma - 1) < 0.03, `${what}: std ${s.std} vs ${sigma}`);
  assert.ok(s.max > 3 * sigma && s.min < -3 * sigma, `${what}: has tails`);
}

// ------------------------------------------------------------------ MXNet's own numbers

test('Uniform(0.07) in a fresh state: the 40 values MXNet 1.x prints (gluon-1x.md §9)', () => {
  nd.random.seed(0);
  const p = new Parameter('w', { shape: [2, 20], dtype: 'float32' });
  p.initialize();
  assert.is(p.data().toString(), repr(UNIFORM_2X20_NUMPY, '2x20'));
});

test('deferred init draws at the first forward, layer by layer, after the input was drawn', () => fresh(() => {
  nd.random.seed(0);
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }), new nn.Dense(10));
  net.initialize();
  const X = nd.random.uniform({ shape: [2, 20] });
  net.forward(X);
  nd.random.seed(0);
  const x = nd.random.uniform(0, 1, [2, 20]);
  const w0 = nd.random.uniform(-0.07, 0.07, [256, 20]);
  const w1 = nd.random.uniform(-0.07, 0.07, [10, 256]);
  assert.equal(X.toFloat32Array(), x.toFloat32Array());
  assert.equal(net[0].weight.data().toFloat32Array(), w0.toFloat32Array());
  assert.equal(net[1].weight.data().toFloat32Array(), w1.toFloat32Array());
}));

// ------------------------------------------------------------------ statistics

test('Uniform: the default scale 0.07 and a given one; bounds, mean, std', () => {
  nd.random.seed(5);
  assertUniform(draw(new init.Uniform(), [100, 100]), 0.07, 'Uniform()');
  assertUniform(draw(new init.Uniform(0.5), [100, 100]), 0.5, 'Uniform(0.5)');
  assertUniform(draw(new init.Uniform({ scale: 2 }), [10000]), 2, 'Uniform({ scale: 2 })');
  assert.is(new init.Uniform().scale, 0.07);
});

test('Normal: the default sigma 0.01 and a given one; mean, std', () => {
  nd.random.seed(6);
  assertNormal(draw(new init.Normal(), [100, 100]), 0.01, 'Normal()');
  assertNormal(draw(new init.Normal(0.3), [100, 100]), 0.3, 'Normal(0.3)');
  assert.is(new init.Normal().sigma, 0.01);
  // the same draws as nd.random.normal(0, sigma) after the same seed
  nd.random.seed(9);
  const a = draw(new init.Normal(0.3), [7, 9]);
  nd.random.seed(9);
  assert.equal(a, nd.random.normal(0, 0.3, [7, 9]).toFloat32Array());
});

test('Constant, Zero, One and their registered names', () => {
  assert.equal(Array.from(draw(new init.Constant(0.25), [3])), [0.25, 0.25, 0.25]);
  assert.equal(Array.from(draw(new init.Constant(nd.array([1, 2, 3])), [2, 3])), [1, 2, 3, 1, 2, 3], 'an array value broadcasts');
  assert.equal(Array.from(draw(new init.Zero(), [2])), [0, 0]);
  assert.equal(Array.from(draw(new init.One(), [2])), [1, 1]);
  for (const [name, v] of [['zeros', 0], ['zero', 0], ['ones', 1], ['one', 1], ['ONES', 1]] as const) {
    assert.equal(Array.from(draw(name, [2])), [v, v], name);
  }
  assert.ok(init.create('zeros') instanceof init.Zero);
  assert.ok(init.create('Xavier') instanceof init.Xavier);
});

test('create(): JSON forms with MXNet\'s snake_case keys, unknown names', () => {
  const u = init.create('["uniform", {"scale": 0.5}]');
  assert.ok(u instanceof init.Uniform && u.scale === 0.5);
  const x = init.create('["xavier", {"rnd_type": "gaussian", "factor_type": "in", "magnitude": 2}]');
  assert.ok(x instanceof init.Xavier);
  assert.equal([x.rndType, x.factorType, x.magnitude], ['gaussian', 'in', 2]);
  const n = init.create('{"initializer": "normal", "sigma": 2}');
  assert.ok(n instanceof init.Normal && n.sigma === 2);
  assert.throws(() => init.create('foo'), (e: Error) => e instanceof ValueError && e.message === 'foo is not registered. Please register with initializer.register first');
  assert.throws(() => draw('glorot', [2, 2]), (e: Error) => e instanceof ValueError && e.message.startsWith('glorot is not registered'));
});

// ------------------------------------------------------------------ Xavier and MSRAPrelu

/** MXNet's formula in float64, written out independently. */
function xavierScale(shape: number[], factorType: 'avg' | 'in' | 'out', magnitude: number): number {
  const hw = shape.length > 2 ? shape.slice(2).reduce((a, b) => a * b, 1) : 1;
  const fanIn = shape[1] * hw, fanOut = shape[0] * hw;
  const factor = { avg: (fanIn + fanOut) / 2, in: fanIn, out: fanOut }[factorType];
  return Math.sqrt(magnitude / factor);
}

test('Xavier: MXNet\'s defaults (uniform, avg, 3) and the scale for each factorType', () => {
  const x = new init.Xavier();
  assert.equal([x.rndType, x.factorType, x.magnitude], ['uniform', 'avg', 3]);
  // Dense weight (units, in): avg of 64 and 32 -> sqrt(3 / 48) = 0.25
  assert.is(x.scaleFor('w', [64, 32]), 0.25);
  for (const factorType of ['avg', 'in', 'out'] as const) {
    for (const shape of [[64, 32], [16, 8, 3, 3], [5, 7, 2]]) {
      for (const magnitude of [3, 2, 0.5]) {
        const xi = new init.Xavier({ factorType, magnitude });
        assert.is(xi.scaleFor('w', shape), xavierScale(shape, factorType, magnitude), `${factorType} ${shape} ${magnitude}`);
      }
    }
  }
  assert.is(new init.Xavier({ factorType: 'in' }).scaleFor('w', [16, 8, 3, 3]), Math.sqrt(3 / 72));
  assert.is(new init.Xavier({ factorType: 'out' }).scaleFor('w', [16, 8, 3, 3]), Math.sqrt(3 / 144));
});

test('Xavier draws: U[-scale, scale) for uniform, N(0, scale²) for gaussian, MXNet\'s random stream', () => {
  nd.random.seed(7);
  assertUniform(draw(new init.Xavier(), [100, 200]), Math.sqrt(3 / 150), 'uniform avg');
  assertUniform(draw(new init.Xavier({ factorType: 'in' }), [50, 20, 3, 3]), Math.sqrt(3 / 180), 'uniform in, conv');
  assertNormal(draw(new init.Xavier({ rndType: 'gaussian', factorType: 'out', magnitude: 2 }), [100, 200]), Math.sqrt(2 / 100), 'gaussian out');
  nd.random.seed(8);
  const a = draw(new init.Xavier({ factorType: 'in' }), [30, 40]);
  nd.random.seed(8);
  const s = Math.sqrt(3 / 40);
  assert.equal(a, nd.random.uniform(-s, s, [30, 40]).toFloat32Array());
});

test('Xavier refuses vectors (MXNet\'s message, with the parameter name) and bad options', () => {
  const p = new Parameter('dense0_bias', { shape: [5] });
  assert.throws(() => p.initialize(new init.Xavier()),
    (e: Error) => e instanceof ValueError && e.message === 'Xavier initializer cannot be applied to vector dense0_bias. It requires at least 2D.');
  assert.throws(() => p.data(), (e: Error) => e instanceof NotInitializedError, 'nothing half-initialized');
  assert.throws(() => new init.Xavier({ rndType: 'normal' as 'gaussian' }), (e: Error) => e instanceof ValueError && e.message.includes('Unknown random type'));
  assert.throws(() => new init.Xavier({ factorType: 'fan' as 'avg' }), (e: Error) => e instanceof ValueError && e.message.includes('Incorrect factor type'));
});

test('MSRAPrelu: gaussian Xavier with magnitude 2 / (1 + slope²)', () => {
  const m = new init.MSRAPrelu();
  assert.equal([m.rndType, m.factorType, m.slope], ['gaussian', 'avg', 0.25]);
  assert.is(m.magnitude, 2 / (1 + 0.25 ** 2));
  const m2 = new init.MSRAPrelu({ factorType: 'in', slope: 0 });
  assert.is(m2.scaleFor('w', [10, 50]), Math.sqrt(2 / 50));
  nd.random.seed(10);
  assertNormal(draw(m, [200, 100]), Math.sqrt((2 / 1.0625) / 150), 'MSRAPrelu()');
  assert.ok(init.create('msraprelu') instanceof init.MSRAPrelu);
});

// ------------------------------------------------------------------ how Gluon calls initializers

class Recorder extends init.Initializer {
  calls: string[] = [];
  initWeight(name: string, arr: NDArray): void {
    this.calls.push(name);
    arr.setData(0.5);
  }
}

test('a custom Initializer: initWeight called once per parameter with its name, at the first forward for deferred ones', () => fresh(() => {
  const rec = new Recorder();
  const net = new nn.Sequential();
  net.add(new nn.Dense(3), new nn.Dense(2, { inUnits: 3 }));
  net.initialize(rec);
  assert.equal(rec.calls, ['dense1_weight'], 'known shape: at initialize(); biases keep their own zeros');
  net.forward(nd.ones([1, 4]));
  assert.equal(rec.calls, ['dense1_weight', 'dense0_weight']);
  net.forward(nd.ones([1, 4]));
  assert.equal(rec.calls.length, 2);
  assert.equal(Array.from(net[0].weight.data().toFloat32Array().slice(0, 3)), [0.5, 0.5, 0.5]);
  assert.equal(Array.from(net[0].bias.data().toFloat32Array()), [0, 0, 0]);
}));

test('no name-suffix dispatch in Gluon: a *_bias parameter without its own init gets the global initializer', () => fresh(() => {
  const rec = new Recorder();
  class Net extends nn.Block {
    myBias: gluon.Parameter;
    constructor() {
      super();
      this.myBias = this.params.get('my_bias', { shape: [4] });
    }
  }
  const net = new Net();
  net.initialize(rec);
  assert.equal(rec.calls, ['net0_my_bias']);
  assert.equal(Array.from(net.myBias.data().toFloat32Array()), [0.5, 0.5, 0.5, 0.5]);
}));

test('precedence: initialize(init) > the parameter\'s own init > the Block-level init', () => fresh(() => {
  const d = new nn.Dense(2, { inUnits: 2, weightInitializer: 'ones', biasInitializer: new init.Constant(3) });
  d.initialize(new init.Constant(9));
  assert.equal(d.weight.data().toArray(), [[1, 1], [1, 1]]);
  assert.equal(d.bias.data().toArray(), [3, 3]);
  d.weight.initialize(new init.Constant(4), { forceReinit: true });
  assert.equal(d.weight.data().toArray(), [[4, 4], [4, 4]]);
  const plain = new nn.Dense(2, { inUnits: 2 });
  plain.initialize('ones');
  assert.equal([plain.weight.data().toArray(), plain.bias.data().toArray()], [[[1, 1], [1, 1]], [0, 0]]);
}));

test('register(): a custom class becomes creatable by its lower-cased name and aliases', () => {
  class HalfInit extends init.Initializer {
    initWeight(_name: string, arr: NDArray): void {
      arr.setData(0.5);
    }
  }
  init.register(HalfInit, 'half');
  assert.ok(init.create('halfinit') instanceof HalfInit);
  assert.equal(Array.from(draw('half', [2])), [0.5, 0.5]);
});

test('an initializer\'s temporary arrays are freed; a failing one leaves the parameter as it was', () => {
  class Temps extends init.Initializer {
    initWeight(_name: string, arr: NDArray): void {
      arr.setData(nd.add(nd.ones(arr.shape), nd.ones(arr.shape)));
    }
  }
  const p = new Parameter('t', { shape: [3] });
  const before = nd.memory().arrays;
  p.initialize(new Temps());
  assert.is(nd.memory().arrays - before, 2, 'data and grad only');
  assert.equal(Array.from(p.data().toFloat32Array()), [2, 2, 2]);
  class Broken extends init.Initializer {
    initWeight(): void {
      throw new Error('boom');
    }
  }
  const d = p.data();
  assert.throws(() => p.initialize(new Broken(), { forceReinit: true }), /boom/);
  assert.is(p.data(), d);
  assert.equal(Array.from(d.toFloat32Array()), [2, 2, 2]);
});

test.run();
