// The session every loading path runs — Node ESM, Node CommonJS, the script-tag build in
// Chromium, an esbuild bundle in Chromium — so their outputs can be compared character for
// character: the seed transcript (/work/shared/seed/model-parameters.txt, cells 2-10 and 14),
// then a few training steps whose parameters are returned as float32 bit patterns.
//
// Plain script on purpose: CommonJS `require`, ESM default import and a classic <script> all
// load it (no import/export syntax, no Node APIs). It must run in a fresh process or page: the
// seed's names (dense0_) and random numbers assume MXNet's fresh-process state.
(function (root, define) {
  if (typeof module === 'object' && module.exports) module.exports = define();
  else root.gluonSession = define();
})(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  /** One printed cell: its input line, then what it displays (each value's repr). */
  function cell(lines, input, ...values) {
    lines.push(`In: ${input}`);
    for (const v of values) lines.push(String(v));
    lines.push('');
  }

  /** Float32 bits of an array, as hex: equal strings mean bit-identical values. */
  function bits(arr) {
    const f = arr.toFloat32Array();
    const u = new Uint32Array(f.buffer, f.byteOffset, f.length);
    let out = '';
    for (let i = 0; i < u.length; i++) out += u[i].toString(16).padStart(8, '0');
    return out;
  }

  /** FNV-1a over a hex string: a short fingerprint for the printed text. */
  function fnv(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  }

  function seed(g, lines) {
    const { nd, nn } = g;
    const net = new nn.Sequential();
    net.add(new nn.Dense(256, { activation: 'relu' }));
    net.add(new nn.Dense(10));
    net.initialize();
    const X = nd.random.uniform({ shape: [2, 20] });
    const Y = net.forward(X);
    cell(lines, 'X, Y', X, Y);
    cell(lines, 'net[0].params', net[0].params);
    cell(lines, 'net[0].weight, net[0].bias', net[0].weight, net[0].bias);
    cell(lines, 'net[0].weight.data(), net[0].bias.data()', net[0].weight.data(), net[0].bias.data());
    cell(lines, 'net[0].weight.grad()', net[0].weight.grad());
    cell(lines, 'net[1].bias.data()', net[1].bias.data());
    cell(lines, 'net.collectParams()', net.collectParams());
    cell(lines, "net.collectParams('.*weight')", net.collectParams('.*weight'));

    const net2 = new nn.Sequential();
    const shared = new nn.Dense(8, { activation: 'relu' });
    net2.add(new nn.Dense(8, { activation: 'relu' }), shared, new nn.Dense(8, { activation: 'relu', params: shared.params }), new nn.Dense(10));
    net2.initialize();
    net2.forward(nd.random.uniform({ shape: [2, 20] }));
    cell(lines, 'net[1].weight.data().equal(net[2].weight.data())', net2[1].weight.data().equal(net2[2].weight.data()));
    cell(lines, 'net', net2);
    return { X: String(X), Y: Y.toArray() };
  }

  /**
   * Adam on a 100-37-10 MLP (odd sizes reach every GEMM edge path), softmax cross-entropy,
   * batch 24 of normal inputs, for `steps` steps: every kernel of a training step, in wasm.
   */
  function train(g, lines, steps) {
    const { nd, nn, gluon, autograd, init } = g;
    nd.random.seed(7);
    const net = new nn.Sequential();
    net.add(new nn.Dense(37, { activation: 'relu' }), new nn.Dense(10));
    net.initialize(new init.Xavier());
    const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
    const trainer = new gluon.Trainer(net.collectParams(), 'adam', { learningRate: 0.01 });
    const x = nd.random.normal({ shape: [24, 100] });
    const y = nd.array(Array.from({ length: 24 }, (_, i) => (i * 7) % 10));
    const losses = [];
    for (let step = 1; step <= steps; step++) {
      const loss = autograd.record(() => lossFn.forward(net.forward(x), y));
      loss.backward();
      trainer.step(24);
      const mean = loss.mean();
      losses.push(bits(mean));
      lines.push(`step ${step}: mean loss ${mean.asScalar()} (float32 bits ${bits(mean)})`);
    }
    const params = {};
    const dict = net.collectParams();
    for (const [name, param] of dict.entries()) params[name] = bits(param.data());
    for (const [name, hex] of Object.entries(params)) lines.push(`${name}: ${hex.length / 8} float32s, fingerprint ${fnv(hex)}`);
    return { params, losses };
  }

  /** Runs the whole session with the library object `g` ({ nd, nn, gluon, autograd, init }). */
  function runSession(g, { steps = 5 } = {}) {
    const lines = ['# seed transcript'];
    const seedOut = seed(g, lines);
    lines.push('# training steps');
    const trained = train(g, lines, steps);
    return { text: lines.join('\n'), X: seedOut.X, Y: seedOut.Y, params: trained.params, memory: g.nd.memory() };
  }

  return { runSession };
});
