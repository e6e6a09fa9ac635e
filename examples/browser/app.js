// The example page: the seed network, then an MLP trained on real digits in this tab with a
// live chart. It loads the library as an ES module from dist/ (the same file bundlers get);
// the script-tag build (dist/gluon-wasm.min.js, global `gluonWasm`) works the same way.
import { nd, nn, gluon, autograd, init, ready } from '/dist/index.mjs';
import { drawChart } from './chart.js';
import { mulberry32, shuffle } from './batches.js';

const $ = (id) => document.getElementById(id);
// What the browser test reads (test/browser/browser.test.mjs); handy in the console too.
const state = (window.example = { seedShown: false, steps: 0, losses: [], evals: [], done: false, error: null });

window.addEventListener('error', (e) => { state.error = String(e.error?.stack ?? e.message); });
window.addEventListener('unhandledrejection', (e) => { state.error = String(e.reason?.stack ?? e.reason); });

// The module is about 70 KiB, far under Chrome's 8 MiB limit for synchronous compiles on the main
// thread, so ops work at once; awaiting ready() is what portable code does anyway.
await ready();
$('status-line').textContent = 'gluon-wasm loaded: ES module /dist/index.mjs, wasm kernels live.';

showSeed();
await trainDigits();

function showSeed() {
  $('seed-code').textContent = `import { nd, nn } from 'gluon-wasm';

const net = new nn.Sequential();
net.add(new nn.Dense(256, { activation: 'relu' }));
net.add(new nn.Dense(10));
net.initialize(); // default initialization: uniform(-0.07, 0.07) weights, zero biases

const X = nd.random.uniform({ shape: [2, 20] });
const Y = net.forward(X);`;
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }));
  net.add(new nn.Dense(10));
  net.initialize();
  const X = nd.random.uniform({ shape: [2, 20] });
  const Y = net.forward(X);
  $('seed-xy').textContent = `${X}\n${Y}`;
  $('seed-params').textContent = String(net.collectParams());
  $('seed-weights').textContent = `${net[0].weight.data()}\n${net[0].bias.data()}`;
  state.seedShown = true;
}

async function loadDigits() {
  const meta = await (await fetch('/data/digits.json')).json();
  const packed = new Uint16Array(await (await fetch('/data/digits.u16')).arrayBuffer());
  // per class: the first 85% train, the rest test (as examples/mnist-data.mjs splits in Node)
  const train = { x: [], y: [] };
  const test = { x: [], y: [] };
  let offset = 0;
  meta.counts.forEach((count, digit) => {
    const firstTest = Math.round(count * 0.85);
    for (let i = 0; i < count; i++, offset += meta.pixels) {
      const target = i < firstTest ? train : test;
      target.x.push(offset);
      target.y.push(digit);
    }
  });
  const pack = ({ x, y }) => {
    const images = new Float32Array(x.length * meta.pixels);
    x.forEach((from, i) => {
      for (let p = 0; p < meta.pixels; p++) images[i * meta.pixels + p] = packed[from + p] / meta.scale;
    });
    return { x: images, y: Float32Array.from(y), count: y.length };
  };
  return { train: pack(train), test: pack(test), pixels: meta.pixels };
}

async function trainDigits() {
  const { train, test, pixels } = await loadDigits();
  $('train-count').textContent = train.count.toLocaleString('en-US');
  $('test-count').textContent = test.count.toLocaleString('en-US');

  const epochs = 5, batchSize = 64, evalEvery = 20;
  nd.random.seed(42);
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }), new nn.Dense(10));
  net.initialize(new init.Xavier());
  const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
  const trainer = new gluon.Trainer(net.collectParams(), 'adam', { learningRate: 0.001 });
  const testX = nd.array(test.x, { shape: [test.count, pixels] });
  const testY = nd.array(test.y);
  const shown = pickShownDigits(test, 16);

  let paused = false;
  let resume = null;
  const button = $('pause');
  button.disabled = false;
  button.onclick = () => {
    paused = !paused;
    button.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) resume?.();
  };

  const evaluate = () => {
    const predictions = nd.tidy(() => net.forward(testX).argmax({ axis: 1 }).toFloat32Array());
    let correct = 0;
    predictions.forEach((p, i) => { if (p === test.y[i]) correct++; });
    state.evals.push({ step: state.steps, accuracy: correct / test.count });
    drawDigits(shown, test, predictions);
  };
  evaluate();

  const rand = mulberry32(7);
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const batchX = new Float32Array(batchSize * pixels);
  const batchY = new Float32Array(batchSize);
  const started = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, rand);
    for (let start = 0; start + batchSize <= train.count; start += batchSize) {
      for (let i = 0; i < batchSize; i++) {
        const k = order[start + i];
        batchX.set(train.x.subarray(k * pixels, (k + 1) * pixels), i * pixels);
        batchY[i] = train.y[k];
      }
      const loss = nd.tidy(() => {
        const x = nd.array(batchX, { shape: [batchSize, pixels] });
        const y = nd.array(batchY);
        const l = autograd.record(() => lossFn.forward(net.forward(x), y));
        l.backward();
        trainer.step(batchSize);
        return l.mean().asScalar();
      });
      state.steps++;
      state.losses.push(loss);
      if (state.steps % evalEvery === 0) evaluate();
      const seconds = (performance.now() - started) / 1000;
      const last = state.evals[state.evals.length - 1];
      $('train-status').textContent = `epoch ${epoch}/${epochs} · step ${state.steps} · loss ${loss.toFixed(3)} · ` +
        `test accuracy ${(100 * last.accuracy).toFixed(1)}% (step ${last.step}) · ` +
        `${Math.round((state.steps * batchSize) / seconds).toLocaleString('en-US')} examples/s`;
      drawChart($('chart'), state.losses, state.evals, epochs * Math.floor(train.count / batchSize));
      await new Promise((r) => setTimeout(r, 0)); // let the page paint and take clicks
      if (paused) await new Promise((r) => { resume = r; });
    }
  }
  evaluate();
  drawChart($('chart'), state.losses, state.evals, state.steps);
  testX.dispose();
  testY.dispose();
  const final = state.evals[state.evals.length - 1];
  $('train-status').textContent = `done: ${epochs} epochs, ${state.steps} steps, test accuracy ${(100 * final.accuracy).toFixed(2)}% ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  button.disabled = true;
  state.done = true;
}

/** n test digits spread over the classes, the same ones on every load. */
function pickShownDigits(test, n) {
  return Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * test.count) / n));
}

function drawDigits(indices, test, predictions) {
  const box = $('digits');
  if (box.children.length === 0) {
    for (const k of indices) {
      const cell = document.createElement('div');
      cell.className = 'digit';
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 28;
      const image = canvas.getContext('2d').createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        const v = Math.round(255 * test.x[k * 784 + p]);
        image.data.set([v, v, v, 255], p * 4);
      }
      canvas.getContext('2d').putImageData(image, 0, 0);
      const label = document.createElement('div');
      cell.append(canvas, label);
      box.append(cell);
    }
  }
  indices.forEach((k, i) => {
    const label = box.children[i].lastChild;
    const right = predictions[k] === test.y[k];
    label.className = right ? 'right' : 'wrong';
    label.textContent = `says ${predictions[k]}${right ? ' ✓' : ` (is ${test.y[k]})`}`;
  });
}
