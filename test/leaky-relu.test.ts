// nn.LeakyReLU(alpha) against its definition in plain JS (MXNet's LeakyReLU op, act_type 'leaky':
// y = x > 0 ? x : alpha * x, dy/dx = x > 0 ? 1 : alpha), its repr and naming, its argument check,
// and flat memory in an inference loop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nd, nn, autograd } from '../src/index';
import { ValueError } from '../src/wasm';
import { withNameManager } from '../src/gluon/naming';
import { isErr } from './helpers/reference';

const XS = [-2.5, -1, -0.25, 0, 0.5, 3];

test('forward and gradient follow the definition, for alpha below and above 1', () => {
  for (const alpha of [0, 0.1, 1.5]) {
    const layer = new nn.LeakyReLU(alpha);
    const x = nd.array(XS);
    x.attachGrad();
    const y = autograd.record(() => layer.forward(x));
    y.backward(nd.array([1, 2, 3, 4, 5, 6]));
    const want = XS.map((v) => Math.fround(v > 0 ? v : Math.fround(alpha * v)));
    assert.equal(y.toArray(), want, `forward, alpha ${alpha}`);
    assert.equal(x.grad!.toArray(), XS.map((v, i) => Math.fround((i + 1) * (v > 0 ? 1 : alpha))), `gradient, alpha ${alpha} (alpha at 0, as MXNet)`);
  }
});

test('repr, naming and the alpha check (MXNet asserts alpha >= 0)', () => {
  withNameManager(() => {
    const a = new nn.LeakyReLU(0.1), b = new nn.LeakyReLU(0);
    assert.is(a.toString(), 'LeakyReLU(0.1)');
    assert.is(a.name, 'leakyrelu0');
    assert.is(b.name, 'leakyrelu1');
  });
  for (const bad of [-0.1, NaN, Infinity, '0.1']) {
    assert.throws(() => new nn.LeakyReLU(bad as number), isErr(ValueError, `nn.LeakyReLU: the slope alpha must be a finite number no less than 0, got ${String(bad)}`));
  }
  assert.throws(() => new nn.LeakyReLU(0.1, { slope: 2 } as never), isErr(ValueError, "nn.LeakyReLU: unknown option 'slope'; expected one of prefix, params"));
});

test('inside a Sequential, an inference loop keeps nd.memory() flat', () => {
  const net = new nn.Sequential();
  net.add(new nn.Dense(8, { inUnits: 4 }), new nn.LeakyReLU(0.2), new nn.Dense(2));
  net.initialize();
  const x = nd.ones([3, 4]);
  net.forward(x).dispose();
  const before = nd.memory();
  for (let i = 0; i < 200; i++) net.forward(x).dispose();
  assert.equal(nd.memory(), before);
  x.dispose();
});

test.run();
