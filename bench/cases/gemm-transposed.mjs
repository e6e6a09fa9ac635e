// Case family 2: the transposed products Dense needs with MXNet's (units, inUnits) weights.
//   A·B^T  dot(x, w, { transposeB: true }), x 128x784, w 256x784   — every Dense forward
//   A^T·B  dot(dy, x, { transposeA: true }), dy 128x256, x 128x784 — the weight gradient
// Each is timed in the same rounds as our plain A·B of the same (m, n, k), so "within 10% of
// plain" is a per-round ratio, not a comparison across seconds.
import { interleave, ratioStats } from '../lib/timing.mjs';
import { addPeakShare, makeRow, target } from '../lib/report.mjs';
import { gemmContenders } from '../lib/gemm.mjs';
import { peakProbe } from '../lib/ours.mjs';

const SHAPES = [
  { id: 'gemm-abt', label: 'A·B^T x128x784 · (w256x784)^T', m: 128, n: 256, k: 784, tb: true },
  { id: 'gemm-atb', label: 'A^T·B (dy128x256)^T · x128x784', m: 256, n: 784, k: 128, ta: true },
];

export async function run(ctx) {
  const rows = [];
  for (const s of SHAPES) {
    const t = await gemmContenders(ctx, { ...s, backends: ['wasm', 'cpu'] });
    const plain = await gemmContenders(ctx, { m: s.m, n: s.n, k: s.k, name: 'ours-plain', backends: [] });
    const peak = peakProbe();
    const contenders = [...t.contenders, ...plain.contenders, peak];
    const { ms, reps } = await interleave(contenders, { rounds: ctx.rounds, batchMs: ctx.batchMs });
    t.dispose();
    plain.dispose();
    const row = makeRow({ family: 'gemm-transposed', id: s.id, label: s.label, unit: { name: 'GFLOPS', perCall: t.flops / 1e9 }, ms, reps });
    row.vsPlain = ratioStats(ms.ours, ms['ours-plain']); // time ratio: transposed / plain
    row.plain = row.value['ours-plain'];
    delete row.value['ours-plain'];
    addPeakShare(row, ms, t.flops, peak.flopsPerCall);
    target(row, `time ≤1.10× plain (${row.vsPlain.median.toFixed(2)}×)`, row.vsPlain.median, '<=', 1.1);
    target(row, '≥10× wasm', row.speedup['tfjs-wasm']?.median, '>=', 10);
    rows.push(row);
  }
  return rows;
}
