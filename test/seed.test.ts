// The seed session (/work/shared/seed/model-parameters.txt), translated as in API.md, against
// the text MXNet 1.x printed there: X and the weights character for character, every repr, and
// Y to within 1e-6 (MKL-DNN's summation order differs from ours). The translation below is
// type-checked in strict mode by the last tests (no casts: net[0].weight.data() must compile).
//
// uvu runs every suite in one process, so the in-process run starts from a fresh NameManager and
// random.seed(0) (MXNet's engine j gets seed 127*0 + j = j: a fresh process's state); one test
// also runs the seed in a real fresh process (the demo script) and compares its output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { nd, nn, gluon, NDArray } from '../src/index';
import { withNameManager } from '../src/gluon/naming';
import * as seedTranscript from './helpers/seed-transcript.mjs';

// ------------------------------------------------------------------ MXNet's output (the seed)
const { X_TEXT, Y_VALUES, W0_TEXT } = seedTranscript;

/** The part of the 256 zeros the seed shows (its cell output is cut off there). */
const B0_SHOWN = `
[0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.
 0. 0. 0. 0. 0. 0. 0.`;

const GRAD_TEXT = `
[[0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]
 ...
 [0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]
 [0. 0. 0. ... 0. 0. 0.]]
<NDArray 256x20 @cpu(0)>`;

const B1_TEXT = `
[0. 0. 0. 0. 0. 0. 0. 0. 0. 0.]
<NDArray 10 @cpu(0)>`;

const PARAMS_TEXT = `dense0_ (
  Parameter dense0_weight (shape=(256, 20), dtype=float32)
  Parameter dense0_bias (shape=(256,), dtype=float32)
)`;
const WEIGHT_REPR = 'Parameter dense0_weight (shape=(256, 20), dtype=float32)';
const BIAS_REPR = 'Parameter dense0_bias (shape=(256,), dtype=float32)';

const COLLECT_TEXT = `sequential0_ (
  Parameter dense0_weight (shape=(256, 20), dtype=float32)
  Parameter dense0_bias (shape=(256,), dtype=float32)
  Parameter dense1_weight (shape=(10, 256), dtype=float32)
  Parameter dense1_bias (shape=(10,), dtype=float32)
)`;

const COLLECT_WEIGHT_TEXT = `sequential0_ (
  Parameter dense0_weight (shape=(256, 20), dtype=float32)
  Parameter dense1_weight (shape=(10, 256), dtype=float32)
)`;

const ONES_TEXT = `
[[1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]
 [1. 1. 1. 1. 1. 1. 1. 1.]]
<NDArray 8x8 @cpu(0)>`;

/** numpy's text for 256 zeros: 24 per line at linewidth 75 (the seed's visible lines continue so). */
function zerosText(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i += 24) rows.push(Array(Math.min(24, n - i)).fill('0.').join(' '));
  return `\n[${rows.join('\n ')}]\n<NDArray ${n} @cpu(0)>`;
}

function assertClose(actual: NDArray, expected: number[][], tol: number): void {
  const got = actual.toArray() as number[][];
  assert.equal(actual.shape, [expected.length, expected[0].length]);
  expected.forEach((row, i) => row.forEach((v, j) => {
    assert.ok(Math.abs(got[i][j] - v) <= tol, `Y[${i}][${j}] = ${got[i][j]}, MXNet printed ${v}`);
  }));
}

// ------------------------------------------------------------------ the seed, translated
function seedSession() {
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }));
  net.add(new nn.Dense(10));
  const before = [net[0].weight.toString(), net[1].weight.toString(), net.collectParams().toString()];
  net.initialize();

  const X = nd.random.uniform({ shape: [2, 20] });
  const Y = net.forward(X);
  const out = {
    X, Y, before,
    params: net[0].params, weight: net[0].weight, bias: net[0].bias,
    weightData: net[0].weight.data(), biasData: net[0].bias.data(),
    grad: net[0].weight.grad(), bias1: net[1].bias.data(),
    collected: net.collectParams(), weights: net.collectParams('.*weight'),
    net,
  };

  const net2 = new nn.Sequential();
  const shared = new nn.Dense(8, { activation: 'relu' });
  net2.add(new nn.Dense(8, { activation: 'relu' }), shared, new nn.Dense(8, { activation: 'relu', params: shared.params }), new nn.Dense(10));
  net2.initialize();
  const X2 = nd.random.uniform({ shape: [2, 20] });
  const Y2 = net2.forward(X2);
  const same = net2[1].weight.data().equal(net2[2].weight.data());
  return { ...out, net2, shared, X2, Y2, same };
}

const run = withNameManager(() => {
  nd.random.seed(0);
  return seedSession();
});

test('In [2]-[3]: X is MXNet\'s nd.random.uniform(shape=(2, 20)), character for character', () => {
  assert.is(run.X.toString(), X_TEXT);
});

test('In [3]: Y = net(X) matches MXNet within 1e-6 (weights drawn at the first forward, after X)', () => {
  assertClose(run.Y, Y_VALUES, 1e-6);
});

test('before the first forward the weights have deferred shapes (printed as 0), the biases known ones', () => {
  assert.is(run.before[0], 'Parameter dense0_weight (shape=(256, 0), dtype=float32)');
  assert.is(run.before[1], 'Parameter dense1_weight (shape=(10, 0), dtype=float32)');
  assert.is(run.before[2], `sequential0_ (
  Parameter dense0_weight (shape=(256, 0), dtype=float32)
  Parameter dense0_bias (shape=(256,), dtype=float32)
  Parameter dense1_weight (shape=(10, 0), dtype=float32)
  Parameter dense1_bias (shape=(10,), dtype=float32)
)`);
});

test('In [4]: net[0].params is a ParameterDict printed as MXNet prints it', () => {
  assert.ok(run.params instanceof gluon.ParameterDict);
  assert.is(run.params.toString(), PARAMS_TEXT);
});

test('In [5]: net[0].weight and net[0].bias reprs', () => {
  assert.is(run.weight.toString(), WEIGHT_REPR);
  assert.is(run.bias.toString(), BIAS_REPR);
  assert.is(String(run.weight), WEIGHT_REPR);
});

test('In [6]: net[0].weight.data() is MXNet\'s Uniform(0.07) draw, character for character', () => {
  assert.is(run.weightData.toString(), W0_TEXT);
});

test('In [6]: net[0].bias.data() is 256 zeros (the seed shows its beginning)', () => {
  const text = run.biasData.toString();
  assert.ok(text.startsWith(B0_SHOWN), 'the visible part of the seed output');
  assert.is(text, zerosText(256));
  assert.ok(run.biasData.toFloat32Array().every((v) => v === 0));
});

test('In [7]: net[0].weight.grad() is all zeros before any backward pass', () => {
  assert.is(run.grad.toString(), GRAD_TEXT);
  assert.ok(run.grad.toFloat32Array().every((v) => v === 0));
});

test('In [8]: net[1].bias.data()', () => {
  assert.is(run.bias1.toString(), B1_TEXT);
});

test('In [9]: net.collectParams()', () => {
  assert.is(run.collected.toString(), COLLECT_TEXT);
});

test("In [10]: net.collectParams('.*weight')", () => {
  assert.is(run.weights.toString(), COLLECT_WEIGHT_TEXT);
});

test('In [14]: the second and third layers share one weight: equal() is all ones', () => {
  assert.is(run.same.toString(), ONES_TEXT);
  assert.is(run.net2[1].weight, run.net2[2].weight);
  assert.is(run.net2[1].bias, run.net2[2].bias);
  assert.is(run.net2[2].params.prefix, run.shared.params.prefix);
});

test('In [14]: names and shapes of the sharing net (MXNet: shared first, so dense2; the sharer is dense4 with dense2_ params)', () => {
  assert.is(run.net2.prefix, 'sequential1_');
  assert.equal([0, 1, 2, 3].map((i) => run.net2[i].prefix), ['dense3_', 'dense2_', 'dense4_', 'dense5_']);
  assert.is(run.net2.collectParams().toString(), `sequential1_ (
  Parameter dense3_weight (shape=(8, 20), dtype=float32)
  Parameter dense3_bias (shape=(8,), dtype=float32)
  Parameter dense2_weight (shape=(8, 8), dtype=float32)
  Parameter dense2_bias (shape=(8,), dtype=float32)
  Parameter dense5_weight (shape=(10, 8), dtype=float32)
  Parameter dense5_bias (shape=(10,), dtype=float32)
)`);
  assert.is(run.net2.toString(), `Sequential(
  (0): Dense(20 -> 8, Activation(relu))
  (1): Dense(8 -> 8, Activation(relu))
  (2): Dense(8 -> 8, Activation(relu))
  (3): Dense(8 -> 10, linear)
)`);
  assert.equal(run.Y2.shape, [2, 10]);
});

test('the seed net prints as MXNet prints it', () => {
  assert.is(run.net.toString(), `Sequential(
  (0): Dense(20 -> 256, Activation(relu))
  (1): Dense(256 -> 10, linear)
)`);
});

// ------------------------------------------------------------------ a real fresh process
test('npm run demo\'s script in a fresh process prints the seed\'s outputs', async () => {
  const root = process.cwd();
  const bundle = await build({
    entryPoints: [join(root, 'examples/demo.mjs')],
    bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', loader: { '.wasm': 'binary' }, logLevel: 'silent',
    plugins: [{
      name: 'dist-to-src',
      setup(b) {
        b.onResolve({ filter: /dist\/index\.mjs$/ }, () => ({ path: resolve(root, 'src/index.ts') }));
      },
    }],
  });
  const child = spawnSync(process.execPath, ['--input-type=module', '-'], { input: bundle.outputFiles[0].text, encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr.slice(0, 2000));
  const out = child.stdout;
  const tuple = (...reprs: string[]) => `(${reprs.map((r) => r.replace(/\n/g, '\n ')).join(', ')})`;
  // IPython's display of the tuples, as the seed shows them (Y's digits are compared apart)
  assert.ok(out.includes(`(${X_TEXT.replace(/\n/g, '\n ')}, \n [[`), 'X, Y starts with X');
  assert.ok(out.includes(tuple(PARAMS_TEXT, 'gluon.ParameterDict')), 'net[0].params');
  assert.ok(out.includes(`(${WEIGHT_REPR},\n ${BIAS_REPR})`), 'net[0].weight, net[0].bias');
  assert.ok(out.includes(tuple(W0_TEXT, zerosText(256))), 'weight and bias data');
  assert.ok(out.includes(tuple(W0_TEXT, B0_SHOWN).slice(0, -1)), 'the visible part of the seed cell');
  for (const text of [GRAD_TEXT, B1_TEXT, COLLECT_TEXT, COLLECT_WEIGHT_TEXT, ONES_TEXT]) assert.ok(out.includes(text), text);
  const yText = /<NDArray 2x20 @cpu\(0\)>, \n \[\[([^<]*)\n <NDArray 2x10 @cpu\(0\)>\)/.exec(out);
  assert.ok(yText, 'Y printed after X');
  const ys = yText![1].replace(/[[\]]/g, ' ').trim().split(/\s+/).map(Number);
  Y_VALUES.flat().forEach((v, i) => assert.ok(Math.abs(ys[i] - v) <= 1e-6, `Y value ${i}: ${ys[i]} vs ${v}`));
});

// ------------------------------------------------------------------ strict typing of the seed
test('the seed translation (and the gluon tests) type-check in strict mode without casts', () => {
  const root = process.cwd();
  // inside the project (.test-build is git-ignored) so that @types/node resolves
  const config = join(root, '.test-build', `tsconfig.seed.${process.pid}.json`);
  mkdirSync(join(root, '.test-build'), { recursive: true });
  writeFileSync(config, JSON.stringify({
    extends: join(root, 'tsconfig.json'),
    compilerOptions: { noEmit: true, rootDir: root, declaration: false, emitDeclarationOnly: false },
    // this file and what it imports (plus the *.wasm module declaration); the gluon tests too
    include: [join(root, 'src/wasm/wasm-module.d.ts'), ...['seed', 'gluon-naming', 'gluon-params', 'init', 'gluon-data', 'nd-args', 'leaky-relu'].map((t) => join(root, `test/${t}.test.ts`))],
  }));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { encoding: 'utf8' });
  rmSync(config, { force: true });
  assert.is(tsc.status, 0, tsc.stdout + tsc.stderr);
});

/** Type-level facts, checked by the tsc test above (never called). */
export function typeChecks(): void {
  const net = new nn.Sequential();
  // add() takes any block, as MXNet's does; the element type (Dense by default) only types net[i]
  net.add(new nn.Dense(3), new nn.Activation('relu'), new nn.Dropout(0.5), new nn.Dense(2, { useBias: false }));
  net[0].weight.data();
  // @ts-expect-error add() takes blocks only
  net.add(nd.zeros([1]));
  const hybrid = new nn.HybridSequential();
  hybrid.add(new nn.Dense(3), new nn.Activation('relu'));
  // @ts-expect-error a HybridSequential takes HybridBlocks only
  hybrid.add(new nn.Sequential());
  const mixed = new nn.Sequential<nn.Block>();
  mixed.add(new nn.Dense(3), new nn.Activation('relu'));
  // @ts-expect-error a Block has no weight: narrow with instanceof first
  mixed[0].weight.data();
  const first = mixed[0];
  if (first instanceof nn.Dense) first.weight.data();
  // the common layers' forward is typed (HybridBlock's forward returns any)
  const out: NDArray = new nn.Dense(3).forward(nd.ones([1, 2]));
  // @ts-expect-error Dense.forward returns an NDArray
  const notString: string = new nn.Dense(3).forward(nd.ones([1, 2]));
  // @ts-expect-error BatchNorm.forward returns an NDArray
  const notString2: string = new nn.BatchNorm().forward(nd.ones([1, 2]));
  // a built-in optimizer's options are typed through the Trainer; a registered name takes any
  new gluon.Trainer(net.collectParams(), 'sgd', { learningRate: 0.1, momentum: 0.9 });
  new gluon.Trainer(net.collectParams(), 'Adam', { beta1: 0.9 });
  new gluon.Trainer(net.collectParams(), 'myOptimizer', { whatever: 1 });
  // @ts-expect-error snake_case: learningRate
  new gluon.Trainer(net.collectParams(), 'sgd', { learning_rate: 0.1 });
  // @ts-expect-error adam has no momentum
  new gluon.Trainer(net.collectParams(), 'adam', { momentum: 0.9 });
  // positional MXNet arguments, then an options object (Python's x.sum(1, keepdims=True))
  const v = nd.ones([2, 3]);
  v.sum(1, { keepdims: true }); v.argmax(1, { keepdims: true }); nd.dot(v, v, false, { transposeB: true }); v.split(3, 1, { squeezeAxis: true });
  // @ts-expect-error keepdims, not keep_dims
  v.sum({ axis: 1, keep_dims: true });
  // toArray's element type is named at the call, not cast
  const m: number[][] = nd.ones([2, 2]).toArray<number[][]>();
  const cell: number = m[0][1];
  // @ts-expect-error without the type argument the nesting is unknown
  const unknownNesting: number = nd.ones([2, 2]).toArray()[0][1];
  // nd.load's form (dict or list) is named at the call
  const named = nd.load<Record<string, NDArray>>(nd.save({ w: nd.ones([2]) }));
  named.w.toArray();
  // @ts-expect-error the form is unknown without the type argument
  nd.load(nd.save({ w: nd.ones([2]) })).w;
  void out; void notString; void notString2; void cell; void unknownNesting;
  const noBias = new nn.Dense(3, { useBias: false });
  const nothing: null = noBias.bias;
  // @ts-expect-error with useBias: false the bias is null
  noBias.bias.data();
  void nothing;
}

test.run();
