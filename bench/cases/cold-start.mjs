// Case family 6: cold start — import to first result in a fresh Node process (bench/cold-start.mjs),
// the three sides spawned in turn, round after round.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeRow, target } from '../lib/report.mjs';
import { summarize } from '../lib/timing.mjs';

const script = fileURLToPath(new URL('../cold-start.mjs', import.meta.url));
const SIDES = ['ours', 'tfjs-wasm', 'tfjs-cpu'];

function spawnOnce(which) {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [script, which], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const wallMs = performance.now() - t0;
  const line = out.trim().split('\n').at(-1);
  return { ...JSON.parse(line), wallMs };
}

export async function run(ctx) {
  const rounds = ctx.quick ? 2 : 5;
  const runs = Object.fromEntries(SIDES.map((s) => [s, []]));
  spawnOnce('ours'); // one untimed spawn each: brings the files into the page cache
  spawnOnce('tfjs-wasm');
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 ? [...SIDES].reverse() : SIDES) runs[s].push(spawnOnce(s));
  }
  const ms = Object.fromEntries(SIDES.map((s) => [s, runs[s].map((x) => x.firstResultMs)]));
  const row = makeRow({ family: 'cold-start', id: 'cold-start', label: 'cold start: import → first result', unit: { name: 'ms', perCall: null }, ms, reps: null });
  row.importMs = Object.fromEntries(SIDES.map((s) => [s, summarize(runs[s].map((x) => x.importMs))]));
  row.processWallMs = Object.fromEntries(SIDES.map((s) => [s, summarize(runs[s].map((x) => x.wallMs))]));
  target(row, '≤1/2 wasm time', row.speedup['tfjs-wasm']?.median, '>=', 2);
  return [row];
}
