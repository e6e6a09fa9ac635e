// runParallel's contract on 2 threads in this process (Node only: worker_threads; the browser
// suite covers Web Workers): every job runs, the call returns only when all are done, and it
// still waits for the workers when this thread's own share throws (they write memory the caller
// may free as soon as the call returns).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alloc, f32, free, ready, runParallel, threadCount, backend, WasmError } from '../src/wasm';
import { isErr } from './helpers/reference';

const N = 1 << 22; // 16 MiB a copy: long enough that an early return would catch the worker mid-job

test.before(async () => {
  if (!process.versions.node) throw new Error('Node only');
  await ready({ threads: 2 });
});

test('two jobs of copy_f32: each thread copies its half, the call returns with both done', () => {
  assert.is(threadCount(), 2);
  const src = alloc(N * 4), dst = alloc(N * 4);
  const s = f32(src, N);
  for (let i = 0; i < N; i++) s[i] = i % 1000;
  f32(dst, N).fill(-1);
  const half = N / 2;
  const before = backend().parallelCalls;
  runParallel('copy_f32', [[src, dst, half], [src + half * 4, dst + half * 4, half]], () => {
    // this thread's share, run through the same export the workers call
    f32(dst, half).set(f32(src, half));
  });
  assert.is(backend().parallelCalls, before + 1);
  const d = f32(dst, N);
  for (const i of [0, half - 1, half, half + 12345, N - 1]) assert.is(d[i], i % 1000, `dst[${i}]`);
  free(src, N * 4);
  free(dst, N * 4);
});

test('when this thread\'s share throws, the worker\'s job is still complete before the error reaches the caller', () => {
  const src = alloc(N * 4), dst = alloc(N * 4);
  f32(src, N).fill(7);
  f32(dst, N).fill(0);
  const boom = new Error('this thread failed');
  let caught: unknown = null;
  try {
    runParallel('copy_f32', [[src, dst, 0], [src, dst, N]], () => {
      throw boom;
    });
  } catch (err) {
    caught = err;
  }
  assert.is(caught, boom, 'the caller gets this thread\'s own error');
  // read right after the throw: with an early return the worker would still be copying
  const d = f32(dst, N);
  assert.is(d[N - 1], 7, 'the worker had finished its whole job');
  assert.is(d[N >> 1], 7);
  free(src, N * 4);
  free(dst, N * 4);
});

test('bad calls throw WasmError before any worker starts: too many jobs, an unknown kernel, too many arguments', () => {
  const dst = alloc(64);
  f32(dst, 16).fill(5);
  const calls = backend().parallelCalls;
  const job = [dst, dst, 16];
  assert.throws(() => runParallel('copy_f32', [job, job, job], () => {}), isErr(WasmError, /threads: 3 jobs need 2 workers, 1 running/));
  assert.throws(() => runParallel('no_such_kernel', [job, job], () => {}), isErr(WasmError, /threads: no kernel named no_such_kernel/));
  const long = new Array(25).fill(0);
  let ranHere = false;
  assert.throws(() => runParallel('copy_f32', [job, long], () => { ranHere = true; }), isErr(WasmError, /threads: copy_f32 takes 25 arguments, at most 24 fit/));
  assert.is(ranHere, false, 'nothing ran');
  assert.is(backend().parallelCalls, calls, 'no call was counted');
  free(dst, 64);
});

test('a job that fails in the worker surfaces as WasmError after this thread\'s share is done', () => {
  const src = alloc(64), dst = alloc(64);
  f32(src, 16).fill(3);
  let ranHere = false;
  // a source far past the end of wasm memory: the worker's load traps (out of bounds)
  assert.throws(() => runParallel('copy_f32', [[src, dst, 16], [0xfffffff0, dst, 16]], (job) => { ranHere = true; f32(job[1], 16).set(f32(job[0], 16)); }),
    isErr(WasmError, /threads: copy_f32 failed in a worker/));
  assert.ok(ranHere);
  assert.equal(Array.from(f32(dst, 16)), new Array(16).fill(3));
  free(src, 64);
  free(dst, 64);
});

test.run();
