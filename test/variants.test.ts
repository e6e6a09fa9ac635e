// The opt-in wasm variants, each in a fresh Node process (the variant is chosen once per process,
// before the first op): worker threads must give bit-identical results to one thread; relaxed
// SIMD (FMA) must give close results where the engine has it, and fall back to the default
// build where it does not; both together must run the relaxed shared-memory build on the threads
// (bit-identical to relaxed on one thread), or fall back to the default shared-memory build.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const DIST = resolve('dist/index.node.mjs'); // Node's import entry (the CommonJS build: threads need it)

const RELAXED_FLAG = ['--experimental-wasm-relaxed-simd'];
// Node 20 needs the flag; newer engines have relaxed SIMD on
const relaxedByDefault = Number(process.versions.node.split('.')[0]) >= 22;

/** The shared session in a fresh process on the build `options` choose (test/variant-child.mjs). */
function runChild(options: object, nodeFlags: string[] = []) {
  const out = spawnSync(process.execPath, [...nodeFlags, 'test/variant-child.mjs', JSON.stringify(options)], { encoding: 'utf8' });
  assert.is(out.status, 0, out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

const single = runChild({});

test('the default build: deterministic SIMD, one thread', () => {
  assert.equal(single.info, { simd: 'default', threads: 1, parallelCalls: 0 });
  assert.ok(single.worstGap < 1e-5, `product off its float64 sums by ${single.worstGap} (relative)`);
  assert.ok(single.ct === single.c && single.cb === single.c, 'A^T and B^T read by the packing give the same bits as plain A·B');
});

test('worker threads (ready({ threads: 2 })): bit-identical GEMMs and training to one thread', () => {
  const threaded = runChild({ threads: 2 });
  assert.equal(threaded.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.ok(threaded.backendAfter.parallelCalls >= 3, `the big products were split (${threaded.backendAfter.parallelCalls} parallel calls)`);
  for (const key of ['c', 'ct', 'cb', 'weights', 'losses', 'conv']) assert.equal(threaded[key], single[key], `${key} differs from the single-threaded run`);
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
  for (const key of ['c', 'ct', 'cb', 'weights', 'losses', 'conv']) assert.equal(both[key], relaxedOne[key], `${key} differs from relaxed SIMD on one thread`);
});

test('relaxed SIMD + worker threads where the engine rejects relaxed SIMD: the default shared-memory build, bit-identical to one thread', () => {
  if (relaxedByDefault) return; // no engine here rejects it
  const fallback = runChild({ relaxedSimd: true, threads: 2 });
  assert.equal(fallback.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.ok(fallback.backendAfter.parallelCalls >= 3, `the big products were split (${fallback.backendAfter.parallelCalls} parallel calls)`);
  for (const key of ['c', 'ct', 'cb', 'weights', 'losses', 'conv']) assert.equal(fallback[key], single[key], `${key} differs from the single-threaded default run`);
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

test('ready({ threads, workerStartTimeout }): a worker that does not report in time rejects clearly (workers stopped), bad values are refused, a retry starts', () => {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { ready, backend, nd } from ${JSON.stringify(DIST)};
    const attempt = async (options) => { try { await ready(options); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); } };
    for (const bad of [0, -5, NaN, Infinity, 2 ** 31, '100']) await attempt({ threads: 2, workerStartTimeout: bad });
    await attempt({ threads: 2, workerStartTimeout: 0.001 }); // no worker instantiates a module within 1 µs
    await attempt({ threads: 2, workerStartTimeout: 60000 });
    console.log(JSON.stringify(backend()), JSON.stringify(nd.dot(nd.ones([2, 3]), nd.ones([3, 2])).toArray()));
  `], { encoding: 'utf8' });
  assert.is(out.status, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  for (const [i, bad] of ['0', '-5', 'NaN', 'Infinity', String(2 ** 31), '100'].entries()) {
    assert.is(lines[i], `ValueError: ready(): workerStartTimeout must be a number of milliseconds in (0, 2147483647], got ${bad}`);
  }
  assert.is(lines[6], 'WasmError: threads: worker 1 of 1 failed to start: it did not report within 0.001 ms');
  assert.is(lines[7], 'no error');
  assert.is(lines[8], '{"simd":"default","threads":2,"parallelCalls":0} [[3,3],[3,3]]');
});

test('ready({ wasm }) with bytes that are not a wasm module: a WasmError naming the step, not the engine\'s CompileError; a retry works', () => {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { ready, backend, nd } from ${JSON.stringify(DIST)};
    try { await ready({ wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) }); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); }
    await ready();
    console.log(JSON.stringify(backend()), JSON.stringify(nd.ones([2]).toArray()));
  `], { encoding: 'utf8' });
  assert.is(out.status, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  assert.match(lines[0], /^WasmError: ready\(\): compiling the wasm module failed \(.+\); pass a module of this package's version \(gluon-wasm\/wasm and the gluon-\*\.wasm files beside it\)$/);
  assert.is(lines[1], '{"simd":"default","threads":1,"parallelCalls":0} [1,1]');
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

test.run();
