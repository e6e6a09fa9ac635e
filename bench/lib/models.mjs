// The two networks of the bench, written once per library so the cases and the cold-start child
// build exactly the same thing. Nothing here imports a library: each builder gets the namespace.
//
//  seed net   2x20 -> Dense 256 relu -> Dense 10            (the seed transcript's network)
//  train net  784 -> Dense 256 relu -> Dense 10, softmax CE, SGD, batch 128
//
// Our side is the gluon API (nn.Sequential of nn.Dense, gluon.loss, gluon.Trainer).
// TF.js uses its own fastest public path: tf.fused.matMul (one kernel for matmul + bias + relu,
// what tf.layers.dense calls) with (in, units) kernels, tf.losses.softmaxCrossEntropy and
// tf.train.sgd's minimize().

export const SEED = { batch: 2, inUnits: 20, hidden: 256, classes: 10 };
export const TRAIN = { batch: 128, inUnits: 784, hidden: 256, classes: 10, learningRate: 0.1 };

/** (rows, cols) row-major -> (cols, rows) row-major: MXNet's (units, in) to TF's (in, units). */
function transpose2d(data, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

// ------------------------------------------------------------------------------------ ours

/** Seed net on our side; forward(x) returns an NDArray (2, 10). */
export function oursSeedNet(lib) {
  const { nn } = lib;
  const { inUnits, hidden, classes } = SEED;
  const net = new nn.Sequential();
  net.add(new nn.Dense(hidden, { activation: 'relu', inUnits }));
  net.add(new nn.Dense(classes, { inUnits: hidden }));
  net.initialize();
  return { forward: (x) => net.forward(x) };
}

/**
 * Training MLP on our side. step() runs forward under autograd.record, backward, the SGD update,
 * reads the per-sample losses back and returns their mean. weights() gives the current values
 * in MXNet layout (so TF.js can start from the very same numbers).
 */
export function oursTrainer(lib, x, y) {
  const { nn, gluon, autograd } = lib;
  const { batch, inUnits, hidden, classes, learningRate } = TRAIN;
  const net = new nn.Sequential();
  net.add(new nn.Dense(hidden, { activation: 'relu', inUnits }));
  net.add(new nn.Dense(classes, { inUnits: hidden }));
  net.initialize();
  const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
  const trainer = new gluon.Trainer(net.collectParams(), 'sgd', { learningRate });
  const params = () => ({ w1: net[0].weight.data(), b1: net[0].bias.data(), w2: net[1].weight.data(), b2: net[1].bias.data() });
  return {
    step() {
      const loss = autograd.record(() => lossFn.forward(net.forward(x), y));
      loss.backward();
      trainer.step(batch);
      const v = loss.toFloat32Array();
      loss.dispose();
      let s = 0;
      for (const e of v) s += e;
      return s / v.length;
    },
    weights() {
      const p = params();
      return Object.fromEntries(Object.entries(p).map(([k, a]) => [k, { data: a.toFloat32Array(), shape: [...a.shape] }]));
    },
  };
}

// ------------------------------------------------------------------------------------ tfjs

/** Seed net with tfjs ops; forward(x) returns a Tensor (2, 10). Call under tf.tidy. */
export function tfjsSeedNet(tf) {
  const { inUnits, hidden, classes } = SEED;
  const w1 = tf.randomUniform([inUnits, hidden], -0.07, 0.07);
  const b1 = tf.zeros([hidden]);
  const w2 = tf.randomUniform([hidden, classes], -0.07, 0.07);
  const b2 = tf.zeros([classes]);
  return {
    forward: (x) => tf.fused.matMul({ a: tf.fused.matMul({ a: x, b: w1, bias: b1, activation: 'relu' }), b: w2, bias: b2 }),
  };
}

/** The seed net through the Layers API (model.predict), what a tf.sequential user would write. */
export function tfjsSeedLayers(tf) {
  const { inUnits, hidden, classes } = SEED;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [inUnits] }),
      tf.layers.dense({ units: classes }),
    ],
  });
  return { forward: (x) => model.predict(x) };
}

/**
 * Training MLP with tfjs; starts from `init` (our weights, MXNet layout) when given. step() returns
 * the mean loss read back with dataSync.
 */
export function tfjsTrainer(tf, x, onehot, init) {
  const { inUnits, hidden, classes, learningRate } = TRAIN;
  const from = (w, rows, cols) => tf.tensor2d(transpose2d(w.data, rows, cols), [cols, rows]);
  const variable = (t) => { const v = tf.variable(t); t.dispose(); return v; };
  const w1 = variable(init ? from(init.w1, hidden, inUnits) : tf.randomUniform([inUnits, hidden], -0.07, 0.07));
  const b1 = variable(init ? tf.tensor1d(init.b1.data) : tf.zeros([hidden]));
  const w2 = variable(init ? from(init.w2, classes, hidden) : tf.randomUniform([hidden, classes], -0.07, 0.07));
  const b2 = variable(init ? tf.tensor1d(init.b2.data) : tf.zeros([classes]));
  const vars = [w1, b1, w2, b2];
  const opt = tf.train.sgd(learningRate);
  const lossFn = () => {
    const h = tf.fused.matMul({ a: x, b: w1, bias: b1, activation: 'relu' });
    const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
    return tf.losses.softmaxCrossEntropy(onehot, logits); // mean over the batch
  };
  return {
    step() {
      const cost = opt.minimize(lossFn, true, vars);
      const v = cost.dataSync()[0];
      cost.dispose();
      return v;
    },
    dispose() {
      for (const v of vars) v.dispose();
      opt.dispose();
    },
  };
}
