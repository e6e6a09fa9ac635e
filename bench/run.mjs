// npm run bench: gluon-wasm vs TensorFlow.js (wasm and cpu backends) in one process.
//   node bench/run.mjs [--out file.json] [--only gemm,training,...] [--rounds N] [--quick]
// Each case warms every side up, then runs ours and theirs alternately, one timed batch each per
// round; the table gives median (min–max) per side and the median of the per-round speedups
// (theirs' time / ours), with the issue's targets marked MET / NOT MET. Only those interleaved
// ratios are trustworthy on this machine: absolute figures swing up to 2x between seconds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { lib } from './lib/ours.mjs';
import { loadTfjs } from './lib/tfjs.mjs';
import { formatTable } from './lib/report.mjs';
import { summarize } from './lib/timing.mjs';
import { memoryLines } from './cases/training.mjs';

const FAMILIES = {
  gemm: () => import('./cases/gemm.mjs'),
  'gemm-transposed': () => import('./cases/gemm-transposed.mjs'),
  elementwise: () => import('./cases/elementwise.mjs'),
  overhead: () => import('./cases/overhead.mjs'),
  training: () => import('./cases/training.mjs'),
  'cold-start': () => import('./cases/cold-start.mjs'),
  variants: () => import('./cases/variants.mjs'),
  conv: () => import('./cases/conv.mjs'),
  limits: () => import('./cases/limits.mjs'),
  browser: () => import('./cases/browser.mjs'),
};

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const quick = argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(arg('--out', `${here}/results/latest.json`));
const only = arg('--only', '').split(',').filter(Boolean);
for (const f of only) if (!FAMILIES[f]) throw new Error(`--only: unknown case family '${f}'; one of ${Object.keys(FAMILIES).join(', ')}`);

const { tf, info: tfjsInfo } = await loadTfjs();
const ctx = {
  lib,
  tf,
  quick,
  rounds: Number(arg('--rounds', quick ? 3 : 13)),
  batchMs: quick ? 15 : 40,
};

const env = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  cpu: `${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}`,
  platform: `${process.platform}-${process.arch}`,
  ...tfjsInfo,
  tfjsBackends: 'wasm (XNNPACK, SIMD, 1 thread) and cpu (plain JS)',
  ours: 'gluon-wasm dist/index.mjs; seed forward via gluon nn, training via gluon nn + loss + Trainer',
  rounds: ctx.rounds,
  batchMs: ctx.batchMs,
};
console.log(
  `gluon-wasm bench — node ${env.node} (V8 ${env.v8}), ${env.cpu}\n` +
    `tfjs ${env.tfjs}, tfjs-backend-wasm ${env.tfjsBackendWasm} using ${env.wasmBinary} (SIMD, non-threaded), tfjs-backend-cpu\n` +
    `ours: ${env.ours}; ${ctx.rounds} interleaved rounds of ~${ctx.batchMs} ms batches per side\n`,
);

const rows = [];
const t0 = performance.now();
for (const [family, load] of Object.entries(FAMILIES)) {
  if (only.length && !only.includes(family)) continue;
  const ts = performance.now();
  process.stderr.write(`running ${family} ...`);
  const mod = await load();
  rows.push(...(await mod.run(ctx)));
  process.stderr.write(` ${((performance.now() - ts) / 1000).toFixed(1)} s\n`);
}
const totalS = (performance.now() - t0) / 1000;

console.log(formatTable(rows));
console.log('');
const peaks = rows.filter((r) => r.peakGflops).map((r) => r.peakGflops.median);
if (peaks.length) {
  const p = summarize(peaks);
  console.log(`f32x4 mul+add peak (fma_peak_f32, 8 chains x 4 lanes x 2 flops/iter): median ${p.median.toFixed(1)} GFLOPS over the GEMM rows (min ${p.min.toFixed(1)}, max ${p.max.toFixed(1)}); "% peak" is per round`);
}
for (const r of rows.filter((r) => r.vsPlain)) {
  console.log(`${r.label}: ours ${r.value.ours.median.toFixed(1)} GFLOPS vs ours plain A·B same m,n,k ${r.plain.median.toFixed(1)} GFLOPS (time ratio ${r.vsPlain.median.toFixed(2)})`);
}
const train = rows.find((r) => r.family === 'training');
if (train) for (const l of memoryLines(train)) console.log(l);
const cold = rows.find((r) => r.family === 'cold-start');
if (cold) {
  const f = (s) => `import ${cold.importMs[s].median.toFixed(0)} ms, process wall ${cold.processWallMs[s].median.toFixed(0)} ms`;
  console.log(`cold start medians: ours ${f('ours')}; tfjs-wasm ${f('tfjs-wasm')}; tfjs-cpu ${f('tfjs-cpu')}`);
}
const verdicts = rows.flatMap((r) => r.targets.map((t) => ({ row: r.label, ...t })));
const met = verdicts.filter((v) => v.met).length;
console.log(`targets met: ${met} of ${verdicts.length}; total ${totalS.toFixed(0)} s`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ env, totalSeconds: totalS, rows }, null, 2) + '\n');
console.log(`wrote ${out}`);
