// Memory is part of correctness: tidy frees what it does not return, dispose is final, views
// share storage, recorded graphs are freed after backward, dropped arrays are collected, and a
// request that cannot fit throws a clear error without disturbing anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tidy, memory, keep } from '../src/nd/memory';
import { openScope, closeScope } from '../src/nd/scope';
import { array, arange, zeros, ones } from '../src/nd/creation';
import * as ew from '../src/nd/ops/elementwise';
import * as red from '../src/nd/ops/reduce';
import { record, trainMode } from '../src/nd/record';
import { batchNorm, layerNorm } from '../src/nd/ops/norm';
import { softmaxCrossEntropy, dropout } from '../src/nd/ops/nn';
import { take } from '../src/nd/ops/indexing';
import { DisposedError, ValueError, WasmError } from '../src/wasm';
import { isErr } from './helpers/reference';

test('a loop of 10,000 ops inside tidy leaves nd.memory() where it started', () => {
  const x = arange(1000);
  const before = memory();
  for (let i = 0; i < 10_000; i++) tidy(() => {
    red.sum(ew.add(ew.mul(x, 2), 1));
  });
  const after = memory();
  assert.is(after.arrays, before.arrays);
  assert.is(after.bytes, before.bytes);
  assert.is(after.wasmBytes, before.wasmBytes, 'the size-class free lists reuse blocks: memory did not grow');
});

test('a long loop inside one scope that disposes as it goes keeps the scope\'s list short', () => {
  const x = arange(8);
  const scope = openScope('the test scope that made it');
  for (let i = 0; i < 20_000; i++) ew.add(x, i).dispose();
  const kept = ew.add(x, 1); // still owned by the scope
  assert.ok(scope.arrays.length <= 600, `the scope still lists ${scope.arrays.length} handles`);
  closeScope(scope, new Set());
  assert.is(kept.isDisposed, true, 'the array still in the scope was freed when it closed');
  assert.is(x.isDisposed, false);
  x.dispose();
});

test('ops with a number operand or broadcasting stay right after wasm memory grows (their cached scratch views are remade)', () => {
  const x = arange(6).reshape(2, 3), row = array([10, 20, 30]);
  assert.equal(ew.add(x, 1).toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(ew.mul(x, row).toArray(), [[0, 20, 60], [30, 80, 150]]);
  const before = memory().wasmBytes;
  const big = zeros([(before >> 2) + (1 << 20)]); // larger than all of memory: it must grow
  assert.ok(memory().wasmBytes > before, 'memory grew');
  assert.equal(ew.add(x, 1).toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(ew.sub(7, x).toArray(), [[7, 6, 5], [4, 3, 2]]);
  assert.equal(ew.mul(x, row).toArray(), [[0, 20, 60], [30, 80, 150]]);
  [big, x, row].forEach((a) => a.dispose());
});

test('tidy returns its result (nested arrays and objects survive), frees the rest', () => {
  const before = memory().arrays;
  const out = tidy(() => {
    const a = ones([3]);
    const b = a.add(1);
    return { sum: b.sum(), list: [b.mul(2)] };
  });
  assert.is(memory().arrays, before + 2);
  assert.equal(out.list[0].toArray(), [4, 4, 4]);
  const kept = tidy(() => keep(zeros([2])));
  assert.is(kept.isDisposed, false, 'keep() survives tidy');
  [out.sum, out.list[0], kept].forEach((a) => a.dispose());
  assert.is(memory().arrays, before);
  tidy(() => {
    const inner = tidy(() => ones([2]));
    assert.is(inner.isDisposed, false, 'returned from the inner scope');
  });
  assert.is(memory().arrays, before, 'and freed by the outer scope');
  assert.throws(() => tidy(() => Promise.resolve(1)), (e: Error) => e instanceof ValueError && e.message === 'nd.tidy: fn must be synchronous (it returned a Promise)');
});

test('dispose: later use throws DisposedError naming the op; double dispose is harmless', () => {
  const a = array([1, 2, 3]);
  const before = memory();
  a.dispose();
  a.dispose();
  assert.is(memory().arrays, before.arrays - 1);
  assert.ok(memory().bytes < before.bytes);
  assert.throws(() => a.add(1), isErr(DisposedError, /add: NDArray 3 was used after dispose\(\)/));
  assert.throws(() => a.toArray(), isErr(DisposedError));
  assert.throws(() => a.sum(), isErr(DisposedError, /sum/));
});

test('views share storage: the block lives until the last view is disposed', () => {
  const before = memory();
  const a = arange(12);
  const v = a.reshape(3, 4);
  const row = v.slice([1], [2]);
  a.dispose();
  assert.equal(row.toArray(), [[4, 5, 6, 7]]);
  v.dispose();
  assert.equal(row.toArray(), [[4, 5, 6, 7]]);
  row.dispose();
  assert.equal(memory(), before);
});

test('training-style loop: record/backward without manual dispose stays flat', () => {
  const w = ones([64, 32]);
  w.attachGrad();
  const x = ones([8, 64]);
  const step = () => {
    const loss = record(() => red.mean(ew.square(ew.sub(x.dot(w), 1))));
    loss.backward();
    loss.dispose();
  };
  for (let i = 0; i < 5; i++) step();
  const before = memory();
  for (let i = 0; i < 1000; i++) step();
  assert.equal(memory(), before);
});

test('ops with temporaries for backward (statistics, probabilities, masks, indices) free them on every path', () => {
  const x = ones([4, 3, 2, 2]);
  const gamma = ones([3]), beta = zeros([3]), rm = zeros([3]), rv = ones([3]);
  const g2 = ones([2]), b2 = zeros([2]);
  const labels = array([0, 2, 1, 1]);
  x.attachGrad();
  const ops = () => [
    batchNorm(x, gamma, beta, rm, rv, { eps: 1e-5 }),
    layerNorm(x, g2, b2),
    softmaxCrossEntropy(x.reshape(4, 12), labels),
    dropout(x, 0.5),
    take(x, [1, 0, 3]),
  ];
  const trainSteps = (n: number) => {
    for (let i = 0; i < n; i++) {
      trainMode(() => {
        const loss = record(() => red.sum(ops().map((o) => red.sum(o)).reduce((a, b) => ew.add(a, b))));
        loss.backward();
        loss.dispose();
      });
    }
  };
  trainSteps(1); // warm-up: first use sets up scratch blocks and the generator's state
  const before = memory();
  tidy(() => void ops()); // not recording: the temporaries go at once
  assert.equal(memory(), before, 'inference');
  trainMode(() => record(() => void ops())); // recorded, no backward: the record scope frees them
  assert.equal(memory(), before, 'recorded without backward');
  const head = trainMode(() => record(() => red.sum(ops()[0])));
  head.dispose(); // a recorded head disposed without backward frees its whole graph
  assert.equal(memory(), before, 'head disposed without backward');
  trainSteps(3);
  assert.equal(memory(), before, 'after backward');
});

test('arrays dropped without dispose are freed by the garbage collector (backstop)', async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the tests with --expose-gc (scripts/test.mjs does)');
  const before = memory().arrays;
  (() => {
    for (let i = 0; i < 200; i++) ones([256]);
  })();
  assert.ok(memory().arrays >= before + 200);
  for (let i = 0; i < 20 && memory().arrays > before; i++) {
    gc();
    await new Promise((res) => setTimeout(res, 10));
  }
  // <= : arrays that earlier tests dropped may be collected in the same sweep
  assert.ok(memory().arrays <= before, `${memory().arrays} arrays alive, expected at most ${before}`);
});

test('a recorded head dropped without backward or dispose: the GC backstop frees its whole graph', async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the tests with --expose-gc (scripts/test.mjs does)');
  const x = ones([1024]);
  x.attachGrad();
  const before = memory();
  // a validation loss computed under record and never used: each graph holds exp(x), x*exp(x), ...
  (() => {
    for (let i = 0; i < 50; i++) record(() => red.sum(ew.mul(ew.exp(x), x)));
  })();
  assert.ok(memory().bytes >= before.bytes + 50 * 2 * 4096, 'the graphs hold their intermediates');
  for (let i = 0; i < 20 && memory().bytes > before.bytes; i++) {
    gc();
    await new Promise((res) => setTimeout(res, 10));
  }
  // <= : arrays that earlier tests dropped may be collected in the same sweep
  assert.ok(memory().bytes <= before.bytes, `${memory().bytes} bytes held, expected at most ${before.bytes}`);
  assert.ok(memory().arrays <= before.arrays, `${memory().arrays} arrays alive, expected at most ${before.arrays}`);
  x.dispose();
});

test('an allocation that cannot fit throws WasmError and changes nothing', () => {
  const before = memory();
  assert.throws(() => zeros([1 << 20, 1 << 12]), isErr(WasmError, /out of memory/));
  assert.throws(() => zeros([1e9, 1e9]), isErr(WasmError, /out of memory: a block of \d+ bytes does not fit in 4 GiB/), 'sizes past 2^32 are refused before any arithmetic');
  assert.throws(() => zeros([3, 1 << 30]), isErr(WasmError, /out of memory/));
  assert.equal(memory(), before);
  const a = ones([4]);
  assert.equal(a.toArray(), [1, 1, 1, 1], 'the heap still works');
  a.dispose();
});

test.run();
