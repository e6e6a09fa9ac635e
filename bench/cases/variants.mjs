// Case family 7: the opt-in builds against the default one, each in fresh processes spawned in
// turn (the build is chosen once per process): worker threads (ready({ threads: 2 })), relaxed
// SIMD (ready({ relaxedSimd: true }); Node 20 needs --experimental-wasm-relaxed-simd) and both
// (ready({ relaxedSimd: true, threads: 2 }): the relaxed shared-memory build on 2 threads).
// Ratios are per round (same round, back to back), then the median.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeRow, target } from '../lib/report.mjs';
import { ratioStats } from '../lib/timing.mjs';

const script = fileURLToPath(new URL('../variant-child.mjs', import.meta.url));
const VARIANTS = {
  default: { options: {}, flags: [] },
  threads2: { options: { threads: 2 }, flags: [] },
  relaxed: { options: { relaxedSimd: true }, flags: ['--experimental-wasm-relaxed-simd'] },
  relaxedThreads2: { options: { relaxedSimd: true, threads: 2 }, flags: ['--experimental-wasm-relaxed-simd'] },
};
const TASKS = [
  { key: 'gemm512', label: 'GEMM 512x512·512x512', gflop: (2 * 512 ** 3) / 1e9 },
  { key: 'gemm1024', label: 'GEMM 1024x1024·1024x1024', gflop: (2 * 1024 ** 3) / 1e9 },
  { key: 'dense', label: 'Dense forward x128x784·(w256x784)^T', gflop: (2 * 128 * 784 * 256) / 1e9 },
  { key: 'train', label: 'train step MLP 784-256-10 b128', gflop: null },
];

function spawnVariant(name) {
  const v = VARIANTS[name];
  const out = execFileSync(process.execPath, [...v.flags, script, JSON.stringify(v.options)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1));
}

export async function run(ctx) {
  const rounds = ctx.quick ? 1 : 3;
  const runs = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? Object.keys(VARIANTS).reverse() : Object.keys(VARIANTS);
    for (const name of order) runs[name].push(spawnVariant(name));
  }
  const rows = [];
  for (const [name, label] of [['threads2', '2 threads'], ['relaxed', 'relaxed SIMD'], ['relaxedThreads2', 'relaxed SIMD + 2 threads']]) {
    const { info, after } = runs[name][0];
    for (const t of TASKS) {
      const ms = { ours: runs[name].map((x) => x[t.key]) };
      const row = makeRow({
        family: 'variants', id: `${name}-${t.key}`, label: `${label}: ${t.label}`,
        unit: t.gflop ? { name: 'GFLOPS', perCall: t.gflop } : { name: 'ms/step', perCall: null }, ms, reps: null,
        notes: [`build ${info.simd}, ${info.threads} thread${info.threads > 1 ? 's' : ''}${info.threads > 1 ? ` (${after.parallelCalls} split calls)` : ''}`],
      });
      row.vsDefault = ratioStats(runs.default.map((x) => x[t.key]), ms.ours);
      row.notes.push(`${row.vsDefault.median.toFixed(2)}× the default build`);
      if (name === 'threads2' && t.key.startsWith('gemm')) target(row, '2 threads ≥1.5× one', row.vsDefault.median, '>=', 1.5);
      rows.push(row);
    }
  }
  return rows;
}
