// Case family "limits": what bounds the two targets that are not met, measured in the same run.
// bench/limits/probe.ts (bench-only, compiled here by asc) holds:
//  - the shipped GEMM 4x8 micro-kernel (assembly/gemm.ts microBody) over one packed strip and
//    panel that stay in L1, and over a GEMM-sized B block streamed from L2: the kernel's own
//    ceiling, with no packing, no edges and no C traffic;
//  - the same kernel body with 3 and 4 loads a step instead of 6 (microBody's LA; fma_peak_f32,
//    the "peak", is the 2-load end of that line);
//  - a read-two-write-one loop with no arithmetic: the fastest this engine moves add's bytes.
// Rows: each loop's GFLOPS and share of the peak in the same rounds, next to nd.dot's GEMM 512;
// and add's streaming roof against tfjs-wasm's add (roof / theirs is the largest speedup an add
// kernel of ours could show). The browser family takes the same ceilings in Chromium.
import { interleave, ratioStats, shortBatches } from '../lib/timing.mjs';
import { addPeakShare, makeRow, target } from '../lib/report.mjs';
import { PEAK_FLOPS_PER_ITER, PEAK_ITERS } from '../lib/ours.mjs';
import { use } from '../lib/tfjs.mjs';
import { compileProbe } from '../limits/compile.mjs';
import { ceilingContenders, gemmContender, probeHeap, streamContenders } from '../limits/ceilings.mjs';

const N = 1 << 20; // add's size in the elementwise family
export const LIMITS_GEMM = 512;

export async function run(ctx) {
  const X = new WebAssembly.Instance(new WebAssembly.Module(compileProbe()), {}).exports;
  const alloc = probeHeap(X);
  const { nd } = ctx.lib;
  const a = nd.random.uniform({ shape: [LIMITS_GEMM, LIMITS_GEMM] }), b = nd.random.uniform({ shape: [LIMITS_GEMM, LIMITS_GEMM] });
  const contenders = [...ceilingContenders(X, alloc, { peakIters: PEAK_ITERS, peakFlopsPerIter: PEAK_FLOPS_PER_ITER }), gemmContender(nd, a, b)];
  const { ms, reps } = await interleave(contenders, { rounds: ctx.rounds, batchMs: ctx.batchMs });
  a.dispose();
  b.dispose();
  const flops = Object.fromEntries(contenders.map((c) => [c.name, c.flops]));
  return [...limitRows({ ms, reps, flops }, 'limits', ''), await addRoofRow(ctx, X, alloc)];
}

const CEILING_ROWS = [
  ['loads3', 'GEMM 4x8 micro-kernel, 3 loads a step (L1)'],
  ['loads4', 'GEMM 4x8 micro-kernel, 4 loads a step (L1)'],
  ['micro', 'GEMM 4x8 micro-kernel, 6 loads a step, all in L1'],
  ['microL2', 'GEMM 4x8 micro-kernel, B block from L2'],
  ['gemm', `GEMM ${LIMITS_GEMM}x${LIMITS_GEMM}·${LIMITS_GEMM}x${LIMITS_GEMM} (nd.dot), same rounds`],
];

/** Rows of the ceilings: { ms, reps, flops } by contender name (one of them 'peak'). */
export function limitRows({ ms, reps, flops }, family, prefix) {
  return CEILING_ROWS.map(([name, what]) => {
    const label = `${prefix}${name === 'gemm' ? '' : 'limit: '}${what}`;
    const row = makeRow({ family, id: `${family}-${name}`, label, unit: { name: 'GFLOPS', perCall: flops[name] / 1e9 }, ms: { ours: ms[name] }, reps: { ours: reps[name] } });
    addPeakShare(row, { ours: ms[name], peak: ms.peak }, flops[name], flops.peak);
    if (name === 'micro') target(row, 'kernel ceiling ≥85% peak', row.pctPeak.median, '>=', 0.85);
    return row;
  });
}

/**
 * add's streaming roof and the shipped add kernel on the same buffers (the probe's memory), with
 * nd.add and tfjs-wasm's add, on 1M floats in the same rounds. The row's "vs wasm" is roof / theirs:
 * the largest speedup an add kernel of ours could show in that run.
 */
async function addRoofRow(ctx, X, alloc) {
  const { lib: { nd }, tf } = ctx;
  const a = nd.random.uniform(-1, 1, [N]), b = nd.random.uniform(-1, 1, [N]);
  const aData = a.toFloat32Array(), bData = b.toFloat32Array();
  await use(tf, 'wasm');
  const ta = tf.tensor1d(aData), tb = tf.tensor1d(bData);
  const contenders = [
    ...streamContenders(X, alloc, aData, bData),
    { name: 'ours', once: () => nd.add(a, b).dispose(), last: () => { const y = nd.add(a, b); y.toFloat32Array(); y.dispose(); } },
    { name: 'tfjs-wasm', enter: () => use(tf, 'wasm'), once: () => tf.add(ta, tb).dispose(), last: () => { const y = tf.add(ta, tb); y.dataSync(); y.dispose(); } },
  ];
  const { ms, reps } = await interleave(contenders, shortBatches(ctx));
  for (const t of [a, b, ta, tb]) t.dispose();
  const unit = { name: 'GB/s', perCall: (3 * 4 * N) / 1e9 };
  const row = makeRow({ family: 'limits', id: 'limits-add-roof', label: 'limit: add roof (read 2, write 1, no arithmetic), 1M f32', unit, ms: { ours: ms.roof, 'tfjs-wasm': ms['tfjs-wasm'] }, reps });
  const kernel = ratioStats(ms.roof, ms.kernel).median;
  const add = ratioStats(ms['tfjs-wasm'], ms.ours).median;
  row.notes.push(`add_f32 on the same buffers ${(100 * kernel).toFixed(0)}% of the roof; nd.add ${add.toFixed(2)}× wasm`);
  target(row, 'roof ≥1.2× wasm add', row.speedup['tfjs-wasm']?.median, '>=', 1.2);
  return row;
}
