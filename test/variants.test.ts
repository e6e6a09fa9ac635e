// The opt-in wasm variants, each in a fresh Node process (the variant is chosen once per process,
// before the first op): worker threads must give bit-identical results to one thread; relaxed
// SIMD (FMA) must give close results where the engine has it, and fall back to the default
// build where it does not.
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
console.log(JSON.stringify({ info, backendAfter: backend(), c: fnv(c.toFloat32Array()), ct: fnv(ct.toFloat32Array()), cb: fnv(cb.toFloat32Array()), w: fnv(w),
  c0: c.toFloat32Array()[12345], w0: w[777], transposedSame: fnv(ct.toFloat32Array()) === fnv(c.toFloat32Array()) }));
`;

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
  assert.ok(single.transposedSame, 'A^T and B^T read by the packing give the same bits as plain A·B');
});

test('worker threads (ready({ threads: 2 })): bit-identical GEMMs and training to one thread', () => {
  const threaded = runChild({ threads: 2 });
  assert.equal(threaded.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.ok(threaded.backendAfter.parallelCalls >= 3, `the big products were split (${threaded.backendAfter.parallelCalls} parallel calls)`);
  for (const key of ['c', 'ct', 'cb', 'w']) assert.is(threaded[key], single[key], `${key} differs from the single-threaded run`);
});

test('relaxed SIMD: used where the engine validates it, close to the default; otherwise a fallback', () => {
  const fallback = runChild({ relaxedSimd: true });
  // Node 20 needs --experimental-wasm-relaxed-simd; newer engines have it on
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < 22) {
    assert.equal(fallback.info, { simd: 'default', threads: 1, parallelCalls: 0 }, 'no relaxed SIMD without the flag: the default build');
    assert.is(fallback.c, single.c);
  }
  const relaxed = runChild({ relaxedSimd: true }, ['--experimental-wasm-relaxed-simd']);
  assert.equal(relaxed.info, { simd: 'relaxed', threads: 1, parallelCalls: 0 });
  assert.ok(Math.abs(relaxed.c0 - single.c0) <= 1e-4 * Math.max(1, Math.abs(single.c0)), `GEMM ${relaxed.c0} vs ${single.c0}`);
  assert.ok(Math.abs(relaxed.w0 - single.w0) <= 1e-4, `trained weight ${relaxed.w0} vs ${single.w0}`);
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
  assert.match(lines[2], /ValueError: ready\(\): relaxedSimd and threads cannot be combined yet; choose one/);
  assert.match(lines[3], /ValueError: ready\(\): threads use the embedded shared-memory module; do not pass options.wasm with them/);
});

test.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.run();
