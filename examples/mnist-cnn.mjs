// Train a LeNet-style CNN on real handwritten digits with gluon-wasm, Gluon style:
// Conv2D → MaxPool2D → Conv2D → BatchNorm → MaxPool2D → Dense → Dense, trained with
// autograd.record → loss.backward() → trainer.step(batchSize). Prints one line per epoch (with
// a progress line while an epoch runs) and ends with the test accuracy and examples/s.
// Run: npm run demo:cnn   (or: npm run build && node examples/mnist-cnn.mjs [epochs])
import { nd, nn, gluon, init } from '../dist/index.mjs';
import { loadDigits, mulberry32, shiftImage, shuffle } from './mnist-data.mjs';
import { trainStep } from './train-step.mjs';

function buildLeNet() {
  const net = new nn.Sequential();
  net.add(
    new nn.Conv2D(16, 5, { activation: 'relu' }), // 1x28x28 → 16x24x24
    new nn.MaxPool2D({ poolSize: 2, strides: 2 }), // → 16x12x12
    new nn.Conv2D(32, 5), // → 32x8x8
    new nn.BatchNorm(), // per-channel batch statistics; running statistics for testing
    new nn.Activation('relu'),
    new nn.MaxPool2D({ poolSize: 2, strides: 2 }), // → 32x4x4
    new nn.Dense(128, { activation: 'relu' }),
    new nn.Dense(10),
  );
  return net;
}

function trainMnistCnn({ epochs, batchSize = 64, learningRate = 0.002 }) {
  const log = console.log, progress = defaultProgress;
  const { train, test } = loadDigits();
  log(`LeNet-style CNN on ${train.count} real MNIST digits, testing on ${test.count} held-out digits`);
  nd.random.seed(42);
  const net = buildLeNet();
  net.initialize(new init.Xavier());
  const lossFn = new gluon.loss.SoftmaxCrossEntropyLoss();
  const trainer = new gluon.Trainer(net.collectParams(), 'adam', { learningRate });

  const testX = nd.array(test.x, { shape: [test.count, 1, 28, 28] });
  const testY = nd.array(test.y);
  // predict mode (outside record): BatchNorm uses its running statistics
  const accuracy = () => {
    let correct = 0;
    for (let s = 0; s < test.count; s += 250) {
      const n = Math.min(250, test.count - s);
      // one tidy per chunk: each chunk's activations are freed before the next
      correct += nd.tidy(() => net.forward(testX.sliceAxis(0, s, s + n)).argmax({ axis: 1 }).equal(testY.sliceAxis(0, s, s + n)).sum().asScalar());
    }
    return correct / test.count;
  };

  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const rand = mulberry32(7);
  const batchX = new Float32Array(batchSize * train.pixels);
  const batchY = new Float32Array(batchSize);
  const started = performance.now();
  let trainSeconds = 0, trained = 0, testAcc = 0;
  log(net.toString());
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, rand);
    if (epoch > 1 && epoch % 3 === 1) trainer.setLearningRate(trainer.learningRate / 2); // step decay
    const t0 = performance.now();
    let lossSum = 0, correct = 0, seen = 0;
    const batches = Math.floor(train.count / batchSize);
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < batchSize; i++) {
        const k = order[b * batchSize + i];
        // augmentation: shift each training digit by up to two pixels
        shiftImage(train.x, k, batchX, i, Math.floor(rand() * 5) - 2, Math.floor(rand() * 5) - 2);
        batchY[i] = train.y[k];
      }
      const step = trainStep({ net, lossFn, trainer, batchX, batchY, shape: [batchSize, 1, 28, 28] });
      lossSum += step.loss;
      correct += step.correct;
      seen += batchSize;
      if (b % 20 === 19 || b === batches - 1) progress(`  epoch ${epoch}: ${seen}/${batches * batchSize} digits, loss ${(lossSum / seen).toFixed(4)}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    trainSeconds += seconds;
    trained += seen;
    testAcc = accuracy();
    progress('');
    log(
      `epoch ${String(epoch).padStart(2)}  loss ${(lossSum / seen).toFixed(4)}  train acc ${(100 * correct / seen).toFixed(2)}%  ` +
        `test acc ${(100 * testAcc).toFixed(2)}%  ${Math.round(seen / seconds).toLocaleString('en-US')} examples/s`,
    );
  }
  const total = (performance.now() - started) / 1000;
  const rate = Math.round(trained / trainSeconds);
  log(`test accuracy ${(100 * testAcc).toFixed(2)}% on ${test.count} unseen digits after ${epochs} epochs; ` +
    `training ${rate.toLocaleString('en-US')} examples/s; ${total.toFixed(1)} s in all; nd.memory(): ${JSON.stringify(nd.memory())}`);
  testX.dispose();
  testY.dispose();
}

/** Rewrites one status line on a terminal; silent when stdout is not a TTY (CI logs). */
function defaultProgress(line) {
  if (!process.stdout.isTTY) return;
  process.stdout.write(`\r${line.padEnd(72)}${line ? '' : '\r'}`);
}

// a plain script (no `import.meta.url === argv[1]` test: it fails for paths that need URL escaping)
trainMnistCnn({ epochs: Number(process.argv[2] ?? 12) });
