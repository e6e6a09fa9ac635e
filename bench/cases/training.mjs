// Case family 5: one training step of the MLP 784-256-10 (softmax cross-entropy, batch 128, SGD
// lr 0.1), ms per step, and memory before and after 200 steps. Both sides start from the same
// weights (ours, copied into tfjs in its (in, units) layout) and train on the same batch, so the
// losses they report must agree: a side that skipped work would drift away.
import { median } from '../lib/timing.mjs';
import { makeRow, target } from '../lib/report.mjs';
import { use } from '../lib/tfjs.mjs';
import { oursTrainer, tfjsTrainer, TRAIN } from '../lib/models.mjs';

const STEPS = 200; // ours and tfjs-wasm; tfjs-cpu (~10x slower) runs fewer, timed the same way
const WARMUP = 8;

export async function run(ctx) {
  const { lib, tf } = ctx;
  const { nd } = lib;
  const { batch, inUnits, classes } = TRAIN;
  const rounds = ctx.quick ? 4 : 12;
  const perRound = Math.floor((STEPS - WARMUP) / rounds); // 16 steps a round at 12 rounds
  const cpuPerRound = ctx.quick ? 1 : 2;

  const x = nd.random.uniform({ shape: [batch, inUnits] });
  const labels = Float32Array.from({ length: batch }, (_, i) => (i * 7 + 3) % classes);
  const y = nd.array(labels);
  const memOurs = () => { const m = nd.memory(); return { arrays: m.arrays, bytes: m.bytes, wasmBytes: m.wasmBytes }; };
  const ours = oursTrainer(lib, x, y);
  const init = ours.weights();
  // "before" is taken once each side's net, data and optimizer exist, so before -> after is what
  // 200 steps leave behind
  const before = { ours: memOurs() };

  const sides = { ours: { step: () => ours.step(), losses: [], ms: [] } };
  for (const backend of ['wasm', 'cpu']) {
    await use(tf, backend);
    const be = tf.findBackend(backend);
    const memTf = () => ({
      dataIds: be.numDataIds(),
      ...(backend === 'wasm' ? { wasmHeapBytes: be.wasm.HEAPU8.byteLength } : {}),
    });
    const tx = tf.tensor2d(x.toFloat32Array(), [batch, inUnits]);
    const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), classes));
    const t = tfjsTrainer(tf, tx, onehot, init);
    before[`tfjs-${backend}`] = memTf();
    sides[`tfjs-${backend}`] = { step: () => t.step(), losses: [], ms: [], backend, mem: memTf, dispose: () => { t.dispose(); tx.dispose(); onehot.dispose(); } };
  }

  const stepsOf = (name) => (name === 'tfjs-cpu' ? cpuPerRound : perRound);
  const enter = (s) => (s.backend ? use(tf, s.backend) : undefined);
  const count = Object.fromEntries(Object.keys(sides).map((k) => [k, 0]));
  for (const [name, s] of Object.entries(sides)) {
    await enter(s);
    for (let i = 0; i < (name === 'tfjs-cpu' ? 2 : WARMUP); i++) { s.losses.push(s.step()); count[name]++; }
  }
  // after warm-up: the first steps allocate gradients, the tape's buffers and kernel scratch; only
  // growth from here on would be a leak
  const warm = { ours: memOurs() };
  for (const name of ['tfjs-wasm', 'tfjs-cpu']) warm[name] = sides[name].mem();
  const names = Object.keys(sides);
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const s = sides[name];
      await enter(s);
      const n = stepsOf(name);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) s.losses.push(s.step());
      s.ms.push((performance.now() - t0) / n);
      count[name] += n;
    }
  }
  const after = { ours: memOurs() };
  for (const name of ['tfjs-wasm', 'tfjs-cpu']) after[name] = sides[name].mem();

  const row = makeRow({
    family: 'training', id: 'train-step', label: `train step MLP 784-256-10 b${batch}`, unit: { name: 'ms/step', perCall: null },
    ms: Object.fromEntries(names.map((n) => [n, sides[n].ms])), reps: Object.fromEntries(names.map((n) => [n, stepsOf(n)])),
  });
  row.steps = count;
  row.memory = { before, afterWarmup: warm, after, warmupSteps: { ours: WARMUP, 'tfjs-wasm': WARMUP, 'tfjs-cpu': 2 } };
  row.loss = Object.fromEntries(names.map((n) => [n, { first: sides[n].losses[0], last: sides[n].losses.at(-1) }]));
  // same start, same data, same number of steps: ours and tfjs-wasm must land on the same loss
  const lo = row.loss.ours.last, lt = row.loss['tfjs-wasm'].last;
  row.lossAgrees = Math.abs(lo - lt) <= 1e-3 * Math.max(1, Math.abs(lt)) && count.ours === count['tfjs-wasm'];
  if (!row.lossAgrees) row.notes.push(`LOSS MISMATCH ours ${lo} vs tfjs-wasm ${lt}`);
  target(row, '≤1/5 wasm time', row.speedup['tfjs-wasm']?.median, '>=', 5);

  for (const s of Object.values(sides)) s.dispose?.();
  x.dispose();
  y.dispose();
  return [row];
}

export function memoryLines(row) {
  const { before, afterWarmup: warm, after, warmupSteps: w } = row.memory;
  const o = (m) => `${m.arrays} arrays, ${(m.bytes / 2 ** 20).toFixed(2)} MiB data, wasm memory ${(m.wasmBytes / 2 ** 20).toFixed(1)} MiB`;
  const t = (m) => `${m.dataIds} tensors' data${m.wasmHeapBytes != null ? `, wasm heap ${(m.wasmHeapBytes / 2 ** 20).toFixed(1)} MiB` : ''}`;
  return [
    `memory, ours      before: ${o(before.ours)}; after ${w.ours} steps: ${o(warm.ours)}; after ${row.steps.ours}: ${o(after.ours)}`,
    `memory, tfjs-wasm before: ${t(before['tfjs-wasm'])}; after ${w['tfjs-wasm']} steps: ${t(warm['tfjs-wasm'])}; after ${row.steps['tfjs-wasm']}: ${t(after['tfjs-wasm'])}`,
    `memory, tfjs-cpu  before: ${t(before['tfjs-cpu'])}; after ${w['tfjs-cpu']} steps: ${t(warm['tfjs-cpu'])}; after ${row.steps['tfjs-cpu']}: ${t(after['tfjs-cpu'])}`,
    `loss (same init, same batch): ours ${row.loss.ours.first.toFixed(4)} -> ${row.loss.ours.last.toFixed(4)}, ` +
      `tfjs-wasm ${row.loss['tfjs-wasm'].first.toFixed(4)} -> ${row.loss['tfjs-wasm'].last.toFixed(4)}, ` +
      `tfjs-cpu ${row.loss['tfjs-cpu'].first.toFixed(4)} -> ${row.loss['tfjs-cpu'].last.toFixed(4)} ` +
      `(${row.lossAgrees ? 'ours and tfjs-wasm agree' : 'DISAGREE'})`,
  ];
}
