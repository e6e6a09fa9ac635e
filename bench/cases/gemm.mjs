// Case family 1: plain GEMM f32 (nd.dot vs tf.matMul), square sizes and the MLP's two forward
// shapes, as GFLOPS and as a share of the f32x4 multiply-add peak measured in the same rounds.
import { interleave } from '../lib/timing.mjs';
import { addPeakShare, makeRow, target } from '../lib/report.mjs';
import { gemmContenders } from '../lib/gemm.mjs';
import { peakProbe } from '../lib/ours.mjs';

// tfjs-cpu is a plain JS triple loop: ~0.3 s at 512 and seconds at 1024 here, so 1024 skips it.
const CPU_MAX_FLOPS = 2 * 512 ** 3;

const SHAPES = [
  ...[64, 128, 256, 512, 1024].map((s) => ({ id: `gemm-${s}`, label: `GEMM ${s}x${s}·${s}x${s}`, m: s, n: s, k: s, gated: s >= 256 })),
  { id: 'gemm-mlp1', label: 'GEMM 128x784·784x256 (MLP)', m: 128, n: 256, k: 784, gated: true },
  { id: 'gemm-mlp2', label: 'GEMM 128x256·256x10 (MLP)', m: 128, n: 10, k: 256, gated: true },
];

export async function run(ctx) {
  const rows = [];
  for (const s of SHAPES) {
    const backends = 2 * s.m * s.n * s.k <= CPU_MAX_FLOPS ? ['wasm', 'cpu'] : ['wasm'];
    rows.push(await gemmRow(ctx, s, backends));
  }
  return rows;
}

/** Times one plain shape with the peak probe interleaved; adds the GEMM targets when gated. */
async function gemmRow(ctx, s, backends) {
  const g = await gemmContenders(ctx, { ...s, backends });
  const peak = peakProbe();
  const contenders = [...g.contenders, peak];
  const { ms, reps } = await interleave(contenders, { rounds: ctx.rounds, batchMs: ctx.batchMs });
  g.dispose();
  const row = makeRow({
    family: 'gemm', id: s.id, label: s.label, unit: { name: 'GFLOPS', perCall: g.flops / 1e9 }, ms, reps,
    notes: backends.includes('cpu') ? [] : ['tfjs-cpu skipped: seconds per call'],
  });
  addPeakShare(row, ms, g.flops, peak.flopsPerCall);
  if (s.gated) {
    target(row, '≥1.25× wasm', row.speedup['tfjs-wasm']?.median, '>=', 1.25);
    target(row, '≥85% peak', row.pctPeak?.median, '>=', 0.85);
  }
  return row;
}
