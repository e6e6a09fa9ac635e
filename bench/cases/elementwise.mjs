// Case family 3: memory-bound elementwise ops on 1,048,576 floats (4 MiB per operand), as GB/s
// of operand traffic: add reads two arrays and writes one (12 MiB), relu reads one, writes one.
import { interleave, shortBatches } from '../lib/timing.mjs';
import { makeRow, target } from '../lib/report.mjs';
import { use } from '../lib/tfjs.mjs';

const N = 1 << 20;

const OPS = [
  { id: 'add', label: 'add 1M f32', arrays: 3, ours: (nd, a, b) => nd.add(a, b), tfjs: (tf, a, b) => tf.add(a, b), ref: (x, y) => x + y },
  { id: 'relu', label: 'relu 1M f32', arrays: 2, ours: (nd, a) => nd.relu(a), tfjs: (tf, a) => tf.relu(a), ref: (x) => Math.max(x, 0) },
];

export async function run(ctx) {
  const { lib: { nd }, tf } = ctx;
  const rows = [];
  for (const op of OPS) {
    const a = nd.random.uniform(-1, 1, [N]);
    const b = nd.random.uniform(-1, 1, [N]);
    const aData = a.toFloat32Array(), bData = b.toFloat32Array();
    const probe = (v) => {
      // spot-check a few positions against plain JS so a no-op kernel cannot pass
      for (const i of [0, 1, N >> 1, N - 1]) {
        const want = Math.fround(op.ref(aData[i], bData[i]));
        if (v[i] !== want) throw new Error(`bench: ${op.id}[${i}] = ${v[i]}, want ${want}`);
      }
    };
    const contenders = [{
      name: 'ours',
      once: () => op.ours(nd, a, b).dispose(),
      last: () => { const c = op.ours(nd, a, b); probe(c.toFloat32Array()); c.dispose(); },
    }];
    const tensors = [];
    for (const backend of ['wasm', 'cpu']) {
      await use(tf, backend);
      const ta = tf.tensor1d(aData), tb = tf.tensor1d(bData);
      tensors.push(ta, tb);
      contenders.push({
        name: `tfjs-${backend}`,
        enter: () => use(tf, backend),
        once: () => op.tfjs(tf, ta, tb).dispose(),
        last: () => { const c = op.tfjs(tf, ta, tb); probe(c.dataSync()); c.dispose(); },
      });
    }
    const { ms, reps } = await interleave(contenders, shortBatches(ctx));
    a.dispose();
    b.dispose();
    for (const t of tensors) t.dispose();
    const row = makeRow({ family: 'elementwise', id: `ew-${op.id}`, label: op.label, unit: { name: 'GB/s', perCall: (op.arrays * 4 * N) / 1e9 }, ms, reps });
    target(row, '≥1.2× wasm', row.speedup['tfjs-wasm']?.median, '>=', 1.2);
    rows.push(row);
  }
  return rows;
}
