// Deterministic batch helpers for the MNIST demos, in Node (examples/mnist-*.mjs, through
// mnist-data.mjs) and in the browser page (app.js): a seeded generator, a shuffle and a
// one-pixel-shift augmentation. No Node or DOM APIs.
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
