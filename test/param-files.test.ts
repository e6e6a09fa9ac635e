// Parameter files: real MXNet files load into the networks their READMEs describe (structural,
// legacy-prefixed and arg:/aux: names; V1 and V2 records), save→load round trips are bit-exact,
// a strict load reports every missing and unexpected name at once, and a failed load changes
// nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Sequential, Dense, Block } from '../src/gluon/nn';
import { saveParameters, loadParameters, saveParameterDict, loadParameterDict } from '../src/gluon/param-files';
import { load } from '../src/nd/serialize';
import { array, ones } from '../src/nd/creation';
import { uniform } from '../src/nd/random';
import { memory } from '../src/nd/memory';
import { ShapeError, ValueError } from '../src/wasm';
import type { NDArray } from '../src/nd/ndarray';
import { assertBitEqual, isErr } from './helpers/reference';

const FIXTURES = '../shared/fixtures/mxnet';
const bytes = (path: string) => new Uint8Array(readFileSync(`${FIXTURES}/${path}`));
const fileArrays = (path: string) => load(bytes(path)) as Record<string, NDArray>;

function mlp(units: number[], activations: (string | null)[], prefixes?: string[]): Sequential<Dense> {
  const net = new Sequential<Dense>();
  units.forEach((u, i) => net.add(new Dense(u, { activation: activations[i] as 'relu' | null, prefix: prefixes?.[i] })));
  return net;
}

test('structural names (0.weight …): MNIST MLP 784-128-64-10 trained by MXNet', () => {
  const net = mlp([128, 64, 10], ['relu', 'relu', null]);
  loadParameters(net, bytes('cyrusmvahid-aim-418-labs/net.params'));
  const file = fileArrays('cyrusmvahid-aim-418-labs/net.params');
  assert.equal([...net[0].weight.data().shape], [128, 784]);
  assert.equal([...net[2].bias.data().shape], [10]);
  assertBitEqual(net[1].weight.data().toFloat32Array(), file['1.weight'].toFloat32Array());
  assertBitEqual(net[2].bias.data().toFloat32Array(), file['2.bias'].toFloat32Array());
  // the loaded network runs: a forward on a batch gives (batch, 10)
  assert.equal([...net.forward(uniform({ shape: [4, 784] })).shape], [4, 10]);
});

class NamedMLP extends Block {
  hidden = new Dense(256, { activation: 'relu' });
  output = new Dense(10);
  override forward(x: NDArray): NDArray {
    return this.output.forward(this.hidden.forward(x));
  }
}

test('attribute names (hidden.weight …): the d2l MLP, from V2 and V3 files', () => {
  for (const path of ['samuel-wei-d2l-zh-1.0-bundle/mlp.params', 'lovemineyue-mytest/mlp.params', 'pratapwarrohit13-mxnet/mlp.params', 'hisashi-y-d2l-en-release/mlp.params']) {
    const net = new NamedMLP();
    loadParameters(net, bytes(path));
    const file = fileArrays(path);
    assert.equal([...net.hidden.weight.data().shape], [256, 20], path);
    assertBitEqual(net.output.weight.data().toFloat32Array(), file['output.weight'].toFloat32Array(), path);
    assertBitEqual(net.hidden.bias.data().toFloat32Array(), file['hidden.bias'].toFloat32Array(), path);
  }
});

test('legacy prefixed names (dense0_weight …): V1 testnet.params and a V2 file', () => {
  const net = mlp([256, 256, 1], ['relu', 'relu', null], ['dense0_', 'dense1_', 'dense2_']);
  loadParameters(net, bytes('zackchase-straight-dope-2017-v1format/testnet.params'));
  assert.equal([...net[0].weight.data().shape], [256, 100]);
  assert.equal([...net[2].weight.data().shape], [1, 256]);
  const file = fileArrays('zackchase-straight-dope-2017-v1format/testnet.params');
  assertBitEqual(net[1].weight.data().toFloat32Array(), file.dense1_weight.toFloat32Array());
  const small = mlp([10, 2], ['relu', null], ['dense0_', 'dense1_']);
  loadParameters(small, bytes('wk738126046-ML/mlp.params'));
  assert.equal([...small[0].weight.data().shape], [10, 10]);
  assert.equal([...small[1].weight.data().shape], [2, 10]);
});

test('export names (arg:dense0_weight …) from HybridBlock.export', () => {
  const net = mlp([256, 128, 2], ['relu', 'relu', null], ['dense0_', 'dense1_', 'dense2_']);
  loadParameters(net, bytes('lovemineyue-mytest/my_mlp-0000.params'));
  assert.equal([...net[0].weight.data().shape], [256, 512]);
  const file = fileArrays('lovemineyue-mytest/my_mlp-0000.params');
  assertBitEqual(net[2].bias.data().toFloat32Array(), file['arg:dense2_bias'].toFloat32Array());
});

test('save → load round trip is bit-exact and uses structural names', () => {
  const a = mlp([5, 3], ['relu', null]);
  a.initialize();
  a.forward(uniform({ shape: [2, 4] }));
  const saved = saveParameters(a);
  assert.equal(Object.keys(load(saved)), ['0.weight', '0.bias', '1.weight', '1.bias']);
  const b = mlp([5, 3], ['relu', null]);
  loadParameters(b, saved);
  for (let i = 0; i < 2; i++) {
    assertBitEqual(b[i].weight.data().toFloat32Array(), a[i].weight.data().toFloat32Array());
    assertBitEqual(b[i].bias.data().toFloat32Array(), a[i].bias.data().toFloat32Array());
  }
  assert.equal(saveParameters(b), saved, 'saving the loaded net gives the same bytes');
});

test('strict load lists every missing and unexpected name at once; options relax it', () => {
  const src = mlp([4, 3, 2], ['relu', 'relu', null]);
  src.initialize();
  src.forward(ones([1, 6]));
  const saved = saveParameters(src);
  const small = mlp([4, 3], ['relu', null]);
  assert.throws(() => loadParameters(small, saved), isErr(ValueError, /Parameter '2.weight', '2.bias' loaded from file '<\d+ bytes>' are not present in the block/));
  // both kinds at once, in one error
  assert.throws(
    () => loadParameters(new NamedMLP(), bytes('cyrusmvahid-aim-418-labs/net.params')),
    isErr(ValueError, /'hidden.weight', 'hidden.bias', 'output.weight', 'output.bias' are missing in file .* Parameter '0.weight', '0.bias', '1.weight', '1.bias', '2.weight', '2.bias' loaded from file/),
  );
  const big = mlp([4, 3, 2, 2], ['relu', 'relu', null, null]);
  assert.throws(() => loadParameters(big, saved), isErr(ValueError, /Parameter '3.weight', '3.bias' are missing in file '<\d+ bytes>'.*allowMissing/));
  loadParameters(small, saved, { ignoreExtra: true });
  assertBitEqual(small[1].bias.data().toFloat32Array(), src[1].bias.data().toFloat32Array());
  loadParameters(big, saved, { allowMissing: true });
  assertBitEqual(big[2].weight.data().toFloat32Array(), src[2].weight.data().toFloat32Array());
});

test('a shape mismatch names the parameter and both shapes, and changes no parameter', () => {
  const src = mlp([4, 3], ['relu', null]);
  src.initialize();
  src.forward(ones([1, 6]));
  const saved = saveParameters(src);
  const dst = mlp([4, 3], ['relu', null]);
  dst.initialize();
  dst.forward(ones([1, 5])); // 0.weight is (4, 5): incompatible with the file's (4, 6)
  const before = dst[1].weight.data().toFloat32Array();
  const mem = memory();
  assert.throws(() => loadParameters(dst, saved), isErr(ShapeError, /Failed loading Parameter '.*weight' from saved params: shape incompatible expected \(4, 5\) vs saved \(4, 6\)/));
  assertBitEqual(dst[1].weight.data().toFloat32Array(), before, 'the compatible layer was not loaded either');
  assert.equal(memory(), mem, 'nothing leaked');
});

test('ParameterDict save/load with stripPrefix and restorePrefix', () => {
  const net = new Sequential<Dense>({ prefix: 'model_' });
  net.nameScope(() => net.add(new Dense(3, { inUnits: 2 }), new Dense(1, { inUnits: 3 })));
  net.initialize();
  const params = net.collectParams();
  assert.equal([...params.keys()], ['model_dense0_weight', 'model_dense0_bias', 'model_dense1_weight', 'model_dense1_bias']);
  const saved = saveParameterDict(params, undefined, 'model_');
  assert.equal(Object.keys(load(saved)), ['dense0_weight', 'dense0_bias', 'dense1_weight', 'dense1_bias']);
  assert.throws(() => saveParameterDict(params, undefined, 'other_'), isErr(ValueError, /Prefix 'other_' is to be striped before saving/));
  const copy = new Sequential<Dense>({ prefix: 'model_' });
  copy.nameScope(() => copy.add(new Dense(3, { inUnits: 2 }), new Dense(1, { inUnits: 3 })));
  copy.initialize();
  loadParameterDict(copy.collectParams(), saved, { restorePrefix: 'model_' });
  assertBitEqual(copy[0].weight.data().toFloat32Array(), net[0].weight.data().toFloat32Array());
  // the legacy path of loadParameters: no '.' in the names, the block's prefix is restored
  const third = new Sequential<Dense>({ prefix: 'model_' });
  third.nameScope(() => third.add(new Dense(3), new Dense(1)));
  loadParameters(third, saved);
  assertBitEqual(third[1].weight.data().toFloat32Array(), net[1].weight.data().toFloat32Array());
  assert.equal(third[0].weight.data().shape, [3, 2], 'deferred shapes come from the file');
  array([0]).dispose();
});

test.run();
