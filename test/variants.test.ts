// The opt-in wasm variants, each in a fresh Node process (the variant is chosen once per process,
// before the first op): worker threads must give bit-identical results to one thread; relaxed
// SIMD (FMA) must give close results where the engine has it, and fall back to the default
// build where it does not; both together must run the relaxed shared-memory build on the threads
// (bit-identical to relaxed on one thread), or fall back to the default shared-memory build.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DIST = resolve('dist/index.node.mjs'); // Node's import entry (the CommonJS build: threads need it)

// A fresh process: choose the variant, then a big GEMM (threaded when allowed), its transposed
// forms, and three training steps of an MLP; print fingerprints of every result.
const CHILD = `
import { ready, backend, nd, nn, gluon, autograd } from ${JSON.stringify(DIST)};
const options = JSON.parse(process.argv[2]);
const info = await ready(options);
const fnv = (arr) => { const u = new Uint32Array(arr.buffer, arr.byteOffset, arr.length); let h = 0x811c9dc5; for (const w of u) { h ^= w; h = Math.imul(h, 0x01000193) >>> 0; } return h; };
nd.random.seed(1);
const a = nd.random.uniform({ low: -1, high: 1, shape: [512, 384] });
const b = nd.random.uniform({ low: -1, high: 1, shape: [384, 520] });
const c = nd.dot(a, b);
// the product against float64 sums of the same float32 inputs, at 64 sampled entries
const av = a.toFloat32Array(), bv = b.toFloat32Array(), cv = c.toFloat32Array();
let worstGap = 0;
for (let s = 0; s < 64; s++) {
  const i = (s * 97) % 512, j = (s * 131 + 5) % 520;
  let ref = 0;
  for (let k = 0; k < 384; k++) ref += av[i * 384 + k] * bv[k * 520 + j];
  worstGap = Math.max(worstGap, Math.abs(cv[i * 520 + j] - ref) / Math.max(1, Math.abs(ref)));
}
const ct = nd.dot(a.T, b, { transposeA: true });
const cb = nd.dot(a, b.T, { transposeB: true });
const net = new nn.Sequential();
net.add(new nn.Dense(256, { activation: 'relu' }), new nn.Dense(10));
net.initialize();
const x = nd.random.uniform({ shape: [128, 784] });
const y = nd.array(Array.from({ length: 128 }, (_, i) => i % 10));
const trainer = new gluon.Trainer(net.collectParams(), 'sgd', { learningRate: 0.1 });
const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
for (let s = 0; s < 3; s++) { autograd.record(() => lossFn.forward(net.forward(x), y)).backward(); trainer.step(128); }
const w = net[0].weight.data().toFloat32Array();
// a convolution big enough for its GEMMs to be split (forward and the three gradients)
const cx = nd.random.uniform({ low: -1, high: 1, shape: [4, 32, 24, 24] }), cw = nd.random.uniform({ low: -1, high: 1, shape: [64, 32, 3, 3] });
cx.attachGrad(); cw.attachGrad();
const cy = autograd.record(() => nd.conv2d(cx, cw, null, { padding: 1 }));
cy.backward();
const conv = fnv(cy.toFloat32Array()) + ':' + fnv(cx.grad.toFloat32Array()) + ':' + fnv(cw.grad.toFloat32Array());
console.log(JSON.stringify({ info, backendAfter: backend(), c: fnv(c.toFloat32Array()), ct: fnv(ct.toFloat32Array()), cb: fnv(cb.toFloat32Array()), w: fnv(w),
  c0: c.toFloat32Array()[12345], w0: w[777], worstGap, conv, transposedSame: fnv(ct.toFloat32Array()) === fnv(c.toFloat32Array()) }));
`;

const RELAXED_FLAG = ['--experimental-wasm-relaxed-simd'];
// Node 20 needs the flag; newer engines have relaxed SIMD on
const relaxedByDefault = Number(process.versions.node.split('.')[0]) >= 22;

let dir = '';
function runChild(options: object, nodeFlags: string[] = []) {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'gluon-variants-'));
    writeFileSync(join(dir, 'child.mjs'), CHILD);
  }
  const out = spawnSync(process.execPath, [...nodeFlags, join(dir, 'child.mjs'), JSON.stringify(options)], { encoding: 'utf8' });
  assert.is(out.status, 0, out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

const single = runChild({});

test('the default build: deterministic SIMD, one thread', () => {
  assert.equal(single.info, { simd: 'default', threads: 1, parallelCalls: 0 });
  assert.ok(single.worstGap < 1e-5, `product off its float64 sums by ${single.worstGap} (relative)`);
  assert.ok(single.transposedSame, 'A^T and B^T read by the packing give the same bits as plain A·B');
});

test('worker threads (ready({ threads: 2 })): bit-identical GEMMs and training to one thread', () => {
  const threaded = runChild({ threads: 2 });
  assert.equal(threaded.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.ok(threaded.backendAfter.parallelCalls >= 3, `the big products were split (${threaded.backendAfter.parallelCalls} parallel calls)`);
  for (const key of ['c', 'ct', 'cb', 'w', 'conv']) assert.is(threaded[key], single[key], `${key} differs from the single-threaded run`);
});

test('relaxed SIMD: used where the engine validates it, close to the default; otherwise a fallback', () => {
  const fallback = runChild({ relaxedSimd: true });
  if (!relaxedByDefault) {
    assert.equal(fallback.info, { simd: 'default', threads: 1, parallelCalls: 0 }, 'no relaxed SIMD without the flag: the default build');
    assert.is(fallback.c, single.c);
  }
  const relaxed = runChild({ relaxedSimd: true }, RELAXED_FLAG);
  assert.equal(relaxed.info, { simd: 'relaxed', threads: 1, parallelCalls: 0 });
  assert.ok(Math.abs(relaxed.c0 - single.c0) <= 1e-4 * Math.max(1, Math.abs(single.c0)), `GEMM ${relaxed.c0} vs ${single.c0}`);
  assert.ok(Math.abs(relaxed.w0 - single.w0) <= 1e-4, `trained weight ${relaxed.w0} vs ${single.w0}`);
});

test('relaxed SIMD + worker threads: the relaxed shared-memory build on 2 threads, bit-identical to relaxed on one', () => {
  const both = runChild({ relaxedSimd: true, threads: 2 }, RELAXED_FLAG);
  assert.equal(both.info, { simd: 'relaxed', threads: 2, parallelCalls: 0 });
  assert.equal(both.backendAfter, { simd: 'relaxed', threads: 2, parallelCalls: both.backendAfter.parallelCalls });
  assert.ok(both.backendAfter.parallelCalls >= 3, `the big products were split (${both.backendAfter.parallelCalls} parallel calls)`);
  assert.ok(both.worstGap < 1e-5, `product off its float64 sums by ${both.worstGap} (relative)`);
  assert.ok(Math.abs(both.c0 - single.c0) <= 1e-4 * Math.max(1, Math.abs(single.c0)), `GEMM ${both.c0} vs ${single.c0}`);
  assert.ok(Math.abs(both.w0 - single.w0) <= 1e-4, `trained weight ${both.w0} vs ${single.w0}`);
  const relaxedOne = runChild({ relaxedSimd: true }, RELAXED_FLAG);
  for (const key of ['c', 'ct', 'cb', 'w']) assert.is(both[key], relaxedOne[key], `${key} differs from relaxed SIMD on one thread`);
});

test('relaxed SIMD + worker threads where the engine rejects relaxed SIMD: the default shared-memory build, bit-identical to one thread', () => {
  if (relaxedByDefault) return; // no engine here rejects it
  const fallback = runChild({ relaxedSimd: true, threads: 2 });
  assert.equal(fallback.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.ok(fallback.backendAfter.parallelCalls >= 3, `the big products were split (${fallback.backendAfter.parallelCalls} parallel calls)`);
  for (const key of ['c', 'ct', 'cb', 'w']) assert.is(fallback[key], single[key], `${key} differs from the single-threaded default run`);
});

test('ready({ threads, sharedWasm }) in Node: a module that is not the shared build is refused; the embedded one then starts', () => {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { readFileSync } from 'node:fs';
    import { ready, backend, nd } from ${JSON.stringify(DIST)};
    try { await ready({ threads: 2, sharedWasm: readFileSync(${JSON.stringify(resolve('dist/gluon.wasm'))}) }); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); }
    try { await ready({ threads: 2, sharedWasm: 42 }); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); }
    await ready({ threads: 2, sharedWasm: readFileSync(${JSON.stringify(resolve('dist/gluon-shared.wasm'))}) });
    console.log(JSON.stringify(backend()), JSON.stringify(nd.dot(nd.ones([2, 3]), nd.ones([3, 2])).toArray()));
  `], { encoding: 'utf8' });
  assert.is(out.status, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  assert.match(lines[0], /ValueError: ready\(\): options.sharedWasm is not a shared-memory build \(it does not import env.memory\)/);
  assert.match(lines[1], /WasmError: ready\(\): options.sharedWasm must be a URL string, URL, Uint8Array, ArrayBuffer or WebAssembly.Module, got \[object Number\]/);
  assert.is(lines[2], '{"simd":"default","threads":2,"parallelCalls":0} [[3,3],[3,3]]');
});

test('bad options are refused with a clear error', () => {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { ready, nd } from ${JSON.stringify(DIST)};
    nd.zeros([1]);
    try { await ready({ threads: 2 }); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); }
    try { await ready({ threads: 0.5 }); } catch (e) { console.log(e.name + ': ' + e.message); }
    try { await ready({ threads: 2, relaxedSimd: true }); } catch (e) { console.log(e.name + ': ' + e.message); }
    try { await ready({ threads: 2, wasm: new Uint8Array(8) }); } catch (e) { console.log(e.name + ': ' + e.message); }
  `], { encoding: 'utf8' });
  const lines = out.stdout.trim().split('\n');
  assert.match(lines[0], /WasmError: ready\(\): the default wasm module is already live/);
  assert.match(lines[1], /ValueError: ready\(\): threads must be a positive integer, got 0.5/);
  assert.match(lines[2], /WasmError: ready\(\): the default wasm module is already live \(1 thread\)/);
  assert.match(lines[3], /ValueError: ready\(\): options.wasm is the one-thread default module; with threads pass the shared-memory module as options.sharedWasm/);
});

test('ready() while another ready() is in progress: a plain call waits for it, another build is refused', () => {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { ready, backend } from ${JSON.stringify(DIST)};
    const first = ready({ threads: 2 });
    const same = ready();
    const other = ready({ threads: 3 }).then(() => 'no error', (e) => e.name + ': ' + e.message);
    const relaxed = ready({ relaxedSimd: true }).then(() => 'no error', (e) => e.name + ': ' + e.message);
    console.log(await other);
    console.log(await relaxed);
    console.log(JSON.stringify(await first), JSON.stringify(await same), JSON.stringify(backend()));
  `], { encoding: 'utf8' });
  assert.is(out.status, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  assert.is(lines[0], 'WasmError: ready(): a ready({"threads":2,"relaxedSimd":false}) is in progress; {"threads":3,"relaxedSimd":false} cannot be honoured as well');
  assert.is(lines[1], 'WasmError: ready(): a ready({"threads":2,"relaxedSimd":false}) is in progress; {"threads":1,"relaxedSimd":true} cannot be honoured as well');
  const info = '{"simd":"default","threads":2,"parallelCalls":0}';
  assert.is(lines[2], `${info} ${info} ${info}`);
});

test.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.run();
