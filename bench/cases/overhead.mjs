// Case family 4: per-op overhead — the seed's network forward (2x20 -> Dense 256 relu -> Dense 10),
// forwards per second. Every forward is read back (toFloat32Array / dataSync) inside a tidy
// scope, as an inference loop would. Targets are against tfjs ops (tf.fused.matMul, its fastest
// path); tf.sequential().predict() is shown too, as the Layers-API counterpart of net.forward.
import { interleave, shortBatches } from '../lib/timing.mjs';
import { makeRow, target } from '../lib/report.mjs';
import { use } from '../lib/tfjs.mjs';
import { oursSeedNet, tfjsSeedLayers, tfjsSeedNet, SEED } from '../lib/models.mjs';

export async function run(ctx) {
  const { lib, tf } = ctx;
  const { nd } = lib;
  const x = nd.random.uniform({ shape: [SEED.batch, SEED.inUnits] });
  const xData = x.toFloat32Array();
  const net = oursSeedNet(lib);
  const check = (v) => { if (v.length !== SEED.batch * SEED.classes || !Number.isFinite(v[0])) throw new Error('bench: bad forward'); };
  const oursFwd = () => check(nd.tidy(() => net.forward(x).toFloat32Array()));
  const oursC = { name: 'ours', once: oursFwd, last: oursFwd };

  const rows = [];
  for (const [api, build] of [['ops', tfjsSeedNet], ['layers', tfjsSeedLayers]]) {
    const contenders = [oursC];
    const held = [];
    for (const backend of ['wasm', 'cpu']) {
      await use(tf, backend);
      const tx = tf.tensor2d(xData, [SEED.batch, SEED.inUnits]);
      const model = build(tf);
      held.push(tx);
      const fwd = () => {
        const y = tf.tidy(() => model.forward(tx));
        check(y.dataSync());
        y.dispose();
      };
      contenders.push({ name: `tfjs-${backend}`, enter: () => use(tf, backend), once: fwd, last: fwd });
    }
    const { ms, reps } = await interleave(contenders, shortBatches(ctx));
    for (const t of held) t.dispose();
    const label = api === 'ops' ? 'seed MLP forward (tfjs ops)' : 'seed MLP forward (tfjs layers)';
    const row = makeRow({ family: 'overhead', id: `forward-${api}`, label, unit: { name: 'fwd/s', perCall: 1 }, ms, reps });
    if (api === 'ops') target(row, '≥5× wasm', row.speedup['tfjs-wasm']?.median, '>=', 5);
    rows.push(row);
  }
  rows.push(await smallOpRow(ctx));
  x.dispose();
  return rows;
}

/** One small op (add of two 2x20 arrays, result read back): the cost of an op call itself. */
async function smallOpRow(ctx) {
  const { lib, tf } = ctx;
  const { nd } = lib;
  const a = nd.random.uniform({ shape: [2, 20] }), b = nd.random.uniform({ shape: [2, 20] });
  const ad = a.toFloat32Array(), bd = b.toFloat32Array();
  const check = (v) => { if (v.length !== 40 || !(Math.abs(v[7] - (ad[7] + bd[7])) < 1e-6)) throw new Error('bench: bad add'); };
  const oursAdd = () => {
    const y = nd.add(a, b);
    check(y.toFloat32Array());
    y.dispose();
  };
  const contenders = [{ name: 'ours', once: oursAdd, last: oursAdd }];
  const held = [];
  for (const backend of ['wasm', 'cpu']) {
    await use(tf, backend);
    const ta = tf.tensor2d(ad, [2, 20]), tb = tf.tensor2d(bd, [2, 20]);
    held.push(ta, tb);
    const theirs = () => {
      const y = tf.add(ta, tb);
      check(y.dataSync());
      y.dispose();
    };
    contenders.push({ name: `tfjs-${backend}`, enter: () => use(tf, backend), once: theirs, last: theirs });
  }
  const { ms, reps } = await interleave(contenders, shortBatches(ctx));
  for (const t of held) t.dispose();
  a.dispose();
  b.dispose();
  return makeRow({ family: 'overhead', id: 'small-op', label: 'small op: add 2x20 + read back', unit: { name: 'ops/s', perCall: 1 }, ms, reps });
}
