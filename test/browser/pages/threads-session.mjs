// The session every thread/build variant runs: in the threads pages (Chromium), as their Node
// reference in browser.test.mjs, and in test/variant-child.mjs (Node, one process per build).
// A 512x384 · 384x520 product (large enough to be split over workers) and its transposed forms,
// three SGD steps of an MLP 784-256-10 on a batch of 128, and a convolution with its gradients.
// Returns FNV-1a fingerprints of the float32 results (equal fingerprints: bit-identical), a few
// sampled values, and the largest relative gap between 64 product entries and float64 sums.
export function runThreadsSession(g) {
  const { nd, nn, gluon, autograd } = g;
  nd.random.seed(7);
  const [m, k, n] = [512, 384, 520];
  const a = nd.random.uniform({ low: -1, high: 1, shape: [m, k] });
  const b = nd.random.uniform({ low: -1, high: 1, shape: [k, n] });
  const c = nd.dot(a, b);
  const av = a.toFloat32Array(), bv = b.toFloat32Array(), cv = c.toFloat32Array();
  let worstGap = 0;
  for (let s = 0; s < 64; s++) {
    const i = (s * 97) % m, j = (s * 131 + 5) % n;
    let ref = 0;
    for (let p = 0; p < k; p++) ref += av[i * k + p] * bv[p * n + j];
    worstGap = Math.max(worstGap, Math.abs(cv[i * n + j] - ref) / Math.max(1, Math.abs(ref)));
  }
  // the same product with the operands stored transposed: the packing reads them in place
  const ct = nd.dot(a.T, b, { transposeA: true }).toFloat32Array();
  const cb = nd.dot(a, b.T, { transposeB: true }).toFloat32Array();

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
  const w0 = net[0].weight.data().toFloat32Array();

  // a convolution whose GEMMs are split too (forward and both gradients)
  const cx = nd.random.uniform({ low: -1, high: 1, shape: [4, 32, 24, 24] });
  const cw = nd.random.uniform({ low: -1, high: 1, shape: [64, 32, 3, 3] });
  cx.attachGrad();
  cw.attachGrad();
  const cy = autograd.record(() => nd.conv2d(cx, cw, null, { padding: 1 }));
  cy.backward();

  return {
    c: fnv(cv),
    ct: fnv(ct),
    cb: fnv(cb),
    c0: cv[12345],
    worstGap,
    weights: [net[0].weight, net[0].bias, net[1].weight, net[1].bias].map((p) => fnv(p.data().toFloat32Array())),
    w0: w0[777],
    losses,
    conv: [cy.toFloat32Array(), cx.grad.toFloat32Array(), cw.grad.toFloat32Array()].map(fnv).join(':'),
  };
}

/** FNV-1a over the float32 bit patterns. */
function fnv(floats) {
  const words = new Uint32Array(floats.buffer, floats.byteOffset, floats.length);
  let h = 0x811c9dc5;
  for (const w of words) h = Math.imul(h ^ w, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
