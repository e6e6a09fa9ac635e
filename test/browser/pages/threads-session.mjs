// What the threads pages compute, and what browser.test.mjs computes in Node with the default
// build as the reference: a 512x512 product, then three SGD steps of an MLP 784-256-10 on a
// batch of 128 (its forward and gradient products are large enough to be split over workers).
// Returns FNV-1a fingerprints of every float32 result (equal fingerprints: bit-identical), and
// the largest gap between 64 sampled product entries and the same sums in float64.
export function runThreadsSession(g) {
  const { nd, nn, gluon, autograd } = g;
  nd.random.seed(7);
  const a = nd.random.uniform({ low: -1, high: 1, shape: [512, 512] });
  const b = nd.random.uniform({ low: -1, high: 1, shape: [512, 512] });
  const c = nd.dot(a, b);
  const av = a.toFloat32Array(), bv = b.toFloat32Array(), cv = c.toFloat32Array();
  let worstGap = 0;
  for (let s = 0; s < 64; s++) {
    const i = (s * 97) % 512, j = (s * 131 + 5) % 512;
    let ref = 0;
    for (let k = 0; k < 512; k++) ref += av[i * 512 + k] * bv[k * 512 + j];
    worstGap = Math.max(worstGap, Math.abs(cv[i * 512 + j] - ref));
  }
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }), new nn.Dense(10));
  net.initialize();
  const x = nd.random.uniform({ shape: [128, 784] });
  const y = nd.array(Array.from({ length: 128 }, (_, i) => i % 10));
  const trainer = new gluon.Trainer(net.collectParams(), 'sgd', { learningRate: 0.1 });
  const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
  const losses = [];
  for (let step = 0; step < 3; step++) {
    const loss = autograd.record(() => lossFn.forward(net.forward(x), y));
    loss.backward();
    trainer.step(128);
    losses.push(loss.mean().asScalar());
  }
  return {
    c: fnv(cv),
    cSample: Array.from(cv.subarray(0, 4)),
    worstGap,
    weights: [net[0].weight, net[0].bias, net[1].weight, net[1].bias].map((p) => fnv(p.data().toFloat32Array())),
    losses,
  };
}

/** FNV-1a over the float32 bit patterns. */
function fnv(floats) {
  const words = new Uint32Array(floats.buffer, floats.byteOffset, floats.length);
  let h = 0x811c9dc5;
  for (const w of words) h = Math.imul(h ^ w, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
