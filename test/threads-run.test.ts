// runParallel's contract on 2 threads in this process (Node only: worker_threads; the browser
// suite covers Web Workers): every job runs, the call returns only when all are done, and it
// still waits for the workers when this thread's own share throws (they write memory the caller
// may free as soon as the call returns).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alloc, f32, free, ready, runParallel, threadCount, backend } from '../src/wasm';

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

test.run();
