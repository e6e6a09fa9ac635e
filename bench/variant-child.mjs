// One fresh process on one wasm build (bench/cases/variants.mjs spawns it):
//   node [--experimental-wasm-relaxed-simd] bench/variant-child.mjs '{"threads":2}'
// Prints JSON: the median ms of each task after warm-up, the build ready() chose (info) and
// backend() at the end (after: how many kernel calls were split over the threads).
import { ready, backend, nd, nn, gluon, autograd } from '../dist/index.node.mjs';

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
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }), new nn.Dense(10));
  net.initialize();
  const x = nd.random.uniform({ shape: [128, 784] });
  const y = nd.array(Array.from({ length: 128 }, (_, i) => i % 10));
  const trainer = new gluon.Trainer(net.collectParams(), 'sgd', { learningRate: 0.1 });
  const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
  out.train = time(() => nd.tidy(() => {
    autograd.record(() => lossFn.forward(net.forward(x), y)).backward();
    trainer.step(128);
  }));
}
out.after = backend();
console.log(JSON.stringify(out));
process.exit(0);
