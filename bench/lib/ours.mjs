// gluon-wasm as a user sees it: the built bundle's public API only (dist/index.mjs, built by
// `node scripts/build.mjs --no-types`). The f32x4 peak is the one exception: fma_peak_f32 is a
// kernel, not API, so it is read from a separate instance of the same dist/gluon.wasm.
import { readFileSync } from 'node:fs';

export const lib = await import('../../dist/index.mjs');

/** fma_peak_f32's flops per iteration: 8 f32x4 accumulators, one mul + one add each (assembly/gemm.ts). */
export const PEAK_FLOPS_PER_ITER = 8 * 4 * 2;
export const PEAK_ITERS = 1 << 18;

let peakKernel;
/** A contender-shaped peak probe: fma_peak_f32 from a separate instance of dist/gluon.wasm. */
export function peakProbe() {
  if (peakKernel === undefined) {
    const bytes = readFileSync(new URL('../../dist/gluon.wasm', import.meta.url));
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { abort: () => { throw new Error('wasm abort'); }, seed: () => 0 },
    });
    peakKernel = exports.fma_peak_f32;
  }
  let sink = 0;
  return {
    name: 'peak',
    flopsPerCall: PEAK_FLOPS_PER_ITER * PEAK_ITERS,
    once: () => { sink += peakKernel(PEAK_ITERS); },
    last: () => {
      sink += peakKernel(PEAK_ITERS);
      if (!Number.isFinite(sink)) throw new Error('bench: fma_peak_f32 returned a non-finite value');
    },
  };
}
