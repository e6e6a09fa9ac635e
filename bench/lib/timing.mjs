// Interleaved timing. The machine is noisy (2 shared cores; throughput swings up to 2x between
// seconds), so every contender of a case runs one timed batch per round, in turn, and ratios are
// taken per round (same second, same noise) before the median is taken across rounds.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

export function summarize(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs.length };
}

/**
 * A contender: { name, enter?: async () => void (e.g. switch the tfjs backend; not timed),
 *   once: () => void — one call of the operation, result disposed;
 *   last: () => void — one call whose result is read back to JS and checked, then disposed }.
 * A batch of `reps` calls runs once() reps-1 times and last() once, so every timed batch ends by
 * reading a result back: nothing lazy can escape the clock.
 */
function timeBatch(c, reps) {
  const t0 = performance.now();
  for (let i = 1; i < reps; i++) c.once();
  c.last();
  return (performance.now() - t0) / reps;
}

/**
 * Warms each contender up for about `warmupMs` (at least two calls: V8 needs thousands of calls
 * of a tiny op before its JIT tiers settle, a big GEMM needs one), sizes its batch to about
 * `batchMs`, then runs `rounds` rounds of one batch per contender in turn.
 * Returns { ms: { [name]: ms per call for each round }, reps: { [name]: calls per batch } }.
 */
export async function interleave(contenders, { rounds, batchMs, warmupMs = Math.max(100, 3 * batchMs), maxReps = 100000 }) {
  const reps = {};
  const size = (ms) => Math.max(1, Math.min(maxReps, Math.round(batchMs / Math.max(ms, 1e-4))));
  for (const c of contenders) {
    await c.enter?.();
    const t0 = performance.now();
    let ms = await timeBatch(c, 1);
    ms = await timeBatch(c, 1);
    // keep going in growing batches until the warm-up time is spent; the last batch sizes reps
    for (let n = 2; performance.now() - t0 < warmupMs; n = Math.min(n * 2, size(ms))) ms = await timeBatch(c, n);
    reps[c.name] = size(ms);
  }
  const out = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    // alternate the order each round so neither side always runs right after the other
    const order = r % 2 ? [...contenders].reverse() : contenders;
    for (const c of order) {
      await c.enter?.();
      out[c.name].push(await timeBatch(c, reps[c.name]));
    }
  }
  return { ms: out, reps };
}

/**
 * For cases whose calls take well under a millisecond: three times the rounds at a third of the
 * batch time (same total), so each per-round ratio pairs batches only ~15 ms apart and a burst of
 * load from another process spoils fewer pairs.
 */
export function shortBatches(ctx) {
  return { rounds: ctx.rounds * 3, batchMs: Math.max(5, Math.round(ctx.batchMs / 3)) };
}

/** Per-round ratios a[i] / b[i], summarized. */
export function ratioStats(a, b) {
  return summarize(a.map((x, i) => x / b[i]));
}
