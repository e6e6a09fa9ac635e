// Rows of the result table: raw per-round ms in, unit values, per-round speedups and target
// verdicts out; plus the text table.
import { summarize, ratioStats } from './timing.mjs';

const THEIRS = ['tfjs-wasm', 'tfjs-cpu'];

/**
 * ms: { ours: number[], 'tfjs-wasm'?: number[], 'tfjs-cpu'?: number[] } (ms per call, per round).
 * unit: { name, perCall } — perCall is the work of one call in the unit's numerator (e.g. GFLOP),
 * or null for a plain time unit (value = ms, lower is better).
 */
export function makeRow({ family, id, label, unit, ms, reps, notes = [] }) {
  const toValue = (x) => (unit.perCall == null ? x : unit.perCall / (x / 1000));
  const value = {};
  for (const [who, xs] of Object.entries(ms)) {
    if (!xs?.length) continue;
    const s = summarize(xs);
    const a = toValue(s.min), b = toValue(s.max);
    value[who] = { median: toValue(s.median), min: Math.min(a, b), max: Math.max(a, b), samples: s.samples };
  }
  const speedup = {};
  for (const t of THEIRS) if (ms[t]?.length && ms.ours?.length) speedup[t] = ratioStats(ms[t], ms.ours);
  return { family, id, label, unit: unit.name, higherIsBetter: unit.perCall != null, ms, reps, value, speedup, targets: [], notes };
}

/**
 * The share of the f32x4 peak per round (our GFLOPS over the peak's, same round) and the peak's
 * GFLOPS, from the 'peak' contender's times (bench/lib/ours.mjs); the peak leaves row.value.
 */
export function addPeakShare(row, ms, flopsPerCall, peakFlopsPerCall) {
  row.pctPeak = ratioStats(ms.peak.map((p) => p / peakFlopsPerCall), ms.ours.map((o) => o / flopsPerCall));
  row.peakGflops = makeRow({ id: 'peak', unit: { name: 'GFLOPS', perCall: peakFlopsPerCall / 1e9 }, ms: { ours: ms.peak } }).value.ours;
  delete row.value.peak;
  return row;
}

/** Adds a verdict: `value` is compared with `bound` ('>=' or '<='); text says what the target is. */
export function target(row, text, value, op, bound) {
  const met = value == null || Number.isNaN(value) ? null : op === '>=' ? value >= bound : value <= bound;
  row.targets.push({ text, value, bound, op, met });
  return row;
}

const fmtNum = (x) => {
  if (x == null || Number.isNaN(x)) return '—';
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 100 ? x.toFixed(1) : a >= 10 ? x.toFixed(2) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
};
const fmtCell = (v) => (v ? `${fmtNum(v.median)} (${fmtNum(v.min)}–${fmtNum(v.max)})` : '—');
const fmtX = (s) => (s ? `${fmtNum(s.median)}×` : '—');

export function formatTable(rows) {
  const head = ['case', 'unit', 'ours med (min–max)', 'tfjs-wasm med (min–max)', 'tfjs-cpu med (min–max)', 'vs wasm', 'vs cpu', '% peak', 'targets'];
  const body = rows.map((r) => [
    r.label,
    r.unit,
    fmtCell(r.value.ours),
    fmtCell(r.value['tfjs-wasm']),
    fmtCell(r.value['tfjs-cpu']),
    fmtX(r.speedup['tfjs-wasm']),
    fmtX(r.speedup['tfjs-cpu']),
    r.pctPeak ? `${(r.pctPeak.median * 100).toFixed(0)}%` : '',
    r.targets.map((t) => `${t.text} ${t.met == null ? '?' : t.met ? 'MET' : 'NOT MET'}`).join('; ') + (r.notes.length ? `  [${r.notes.join('; ')}]` : ''),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

