// One fresh process on one wasm build (bench/cases/variants.mjs spawns it):
//   node [--experimental-wasm-relaxed-simd] bench/variant-child.mjs '{"threads":2}'
// Prints JSON: the median ms of each task after warm-up, the build ready() chose (info) and
// backend() at the end (after: how many kernel calls were split over the threads).
import * as lib from '../dist/index.node.mjs';
import { oursTrainer, TRAIN } from './lib/models.mjs';

const { ready, backend, nd } = lib;

const options = JSON.parse(process.argv[2] ?? '{}');
const info = await ready(options);

function time(fn, minMs = 300) {
  for (let i = 0; i < 3; i++) fn();
  const samples = [];
  const end = performance.now() + minMs;
  while (performance.now() < end || samples.length < 5) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

const out = { info };
for (const s of [512, 1024]) {
  const a = nd.random.uniform({ shape: [s, s] }), b = nd.random.uniform({ shape: [s, s] });
  out[`gemm${s}`] = time(() => nd.tidy(() => { nd.dot(a, b).toFloat32Array(); }));
}
{
  const x = nd.random.uniform({ shape: [128, 784] }), w = nd.random.uniform({ shape: [256, 784] });
  out.dense = time(() => nd.tidy(() => { nd.dot(x, w, { transposeB: true }).toFloat32Array(); }));
}
{
  // the training step of the "training" case (bench/lib/models.mjs), here on this build
  const x = nd.random.uniform({ shape: [TRAIN.batch, TRAIN.inUnits] });
  const y = nd.array(Array.from({ length: TRAIN.batch }, (_, i) => i % TRAIN.classes));
  const model = oursTrainer(lib, x, y);
  out.train = time(() => model.step());
}
out.after = backend();
console.log(JSON.stringify(out));
process.exit(0);
