// Cold start, run in a fresh process per measurement by bench/cases/cold-start.mjs:
//   node bench/cold-start.mjs ours | tfjs-wasm | tfjs-cpu
// Times from just before the library's import to the first result of the seed network
// (2x20 -> Dense 256 relu -> Dense 10) read back in JS, and prints one JSON line.
const which = process.argv[2];
const t0 = performance.now();
let importMs, result;
if (which === 'ours') {
  const lib = await import('../dist/index.mjs');
  importMs = performance.now() - t0;
  const { oursSeedNet, SEED } = await import('./lib/models.mjs');
  const net = oursSeedNet(lib);
  result = net.forward(lib.nd.random.uniform({ shape: [SEED.batch, SEED.inUnits] })).toFloat32Array();
} else if (which === 'tfjs-wasm' || which === 'tfjs-cpu') {
  const { loadTfjs } = await import('./lib/tfjs.mjs');
  const { tf } = await loadTfjs([which.slice(5)]);
  importMs = performance.now() - t0; // import + backend initialisation (wasm compile for tfjs-wasm)
  const { tfjsSeedNet, SEED } = await import('./lib/models.mjs');
  const net = tfjsSeedNet(tf);
  result = net.forward(tf.randomUniform([SEED.batch, SEED.inUnits])).dataSync();
} else {
  throw new Error('usage: node bench/cold-start.mjs ours|tfjs-wasm|tfjs-cpu');
}
const t1 = performance.now();
if (result.length !== 20 || !result.every(Number.isFinite)) throw new Error('cold start: bad result');
process.stdout.write(JSON.stringify({ which, importMs, firstResultMs: t1 - t0 }) + '\n');
