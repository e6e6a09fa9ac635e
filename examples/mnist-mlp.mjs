// Train an MLP (784-256-10, relu) on real handwritten digits with gluon-wasm, Gluon style:
// autograd.record → loss.backward() → trainer.step(batchSize). Prints one line per epoch.
// Run: npm run build && node examples/mnist-mlp.mjs [epochs]
import { nd, nn, gluon, init } from '../dist/index.mjs';
import { loadDigits, mulberry32, shiftImage, shuffle } from './mnist-data.mjs';
import { trainStep } from './train-step.mjs';

function trainMnistMlp({ epochs, batchSize = 64, learningRate = 0.001 }) {
  const log = console.log;
  const { train, test } = loadDigits();
  log(`MLP 784-256-10 (relu) on ${train.count} real MNIST digits, testing on ${test.count} held-out digits`);
  nd.random.seed(42);
  const net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }), new nn.Dense(10));
  net.initialize(new init.Xavier());
  const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
  const trainer = new gluon.Trainer(net.collectParams(), 'adam', { learningRate });

  const testX = nd.array(test.x, { shape: [test.count, train.pixels] });
  const testY = nd.array(test.y);
  const accuracy = (x, y) => nd.tidy(() => net.forward(x).argmax({ axis: 1 }).equal(y).mean().asScalar());

  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const rand = mulberry32(7);
  const batchX = new Float32Array(batchSize * train.pixels);
  const batchY = new Float32Array(batchSize);
  const started = performance.now();
  let testAcc = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, rand);
    if (epoch > 1 && epoch % 5 === 1) trainer.setLearningRate(trainer.learningRate / 2); // step decay
    const t0 = performance.now();
    let lossSum = 0, correct = 0, seen = 0;
    for (let start = 0; start + batchSize <= train.count; start += batchSize) {
      for (let i = 0; i < batchSize; i++) {
        const k = order[start + i];
        // augmentation: shift each training digit by up to one pixel (8,500 digits are few for 200k weights)
        shiftImage(train.x, k, batchX, i, Math.floor(rand() * 3) - 1, Math.floor(rand() * 3) - 1);
        batchY[i] = train.y[k];
      }
      const step = trainStep({ net, lossFn, trainer, batchX, batchY, shape: [batchSize, train.pixels] });
      lossSum += step.loss;
      correct += step.correct;
      seen += batchSize;
    }
    const seconds = (performance.now() - t0) / 1000;
    testAcc = accuracy(testX, testY);
    log(
      `epoch ${String(epoch).padStart(2)}  loss ${(lossSum / seen).toFixed(4)}  train acc ${(100 * correct / seen).toFixed(2)}%  ` +
        `test acc ${(100 * testAcc).toFixed(2)}%  ${Math.round(seen / seconds).toLocaleString('en-US')} examples/s`,
    );
  }
  const total = (performance.now() - started) / 1000;
  log(`test accuracy ${(100 * testAcc).toFixed(2)}% on ${test.count} unseen digits after ${epochs} epochs in ${total.toFixed(1)} s; nd.memory(): ${JSON.stringify(nd.memory())}`);
  testX.dispose();
  testY.dispose();
}

// a plain script (no `import.meta.url === argv[1]` test: it fails for paths that need URL escaping)
trainMnistMlp({ epochs: Number(process.argv[2] ?? 20) });
