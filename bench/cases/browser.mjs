// Case family "browser": the GEMM and elementwise cases again inside headless Chromium (Debian's
// chromium through playwright-core, as the browser tests), where most users run the library and
// whose V8 is newer than Node 20's. gluon-wasm's script-tag build and TensorFlow.js's script-tag
// builds (wasm backend, SIMD, one thread) run in one page, interleaved as in Node
// (bench/browser/cases.mjs), for the ratios; the GEMMs run again in a page without tfjs
// (solo.html: see cases.mjs for why) for the share of the f32x4 peak, measured in the same
// rounds in both pages. Skipped, with a note, where no Chromium is found.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../examples/browser/server.mjs';
import { findChromium, launch, MISSING } from '../../test/browser/chromium.mjs';
import { startIsolatedProxy } from '../../test/browser/isolated-server.mjs';
import { addPeakShare, makeRow, target } from '../lib/report.mjs';
import { ratioStats } from '../lib/timing.mjs';
import { PEAK_FLOPS_PER_ITER, PEAK_ITERS } from '../lib/ours.mjs';
import { compileProbe } from '../limits/compile.mjs';
import { LIMITS_GEMM, limitRows } from './limits.mjs';

const PEAK_FLOPS = PEAK_FLOPS_PER_ITER * PEAK_ITERS;

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

const SHAPES = [
  { id: 'gemm-256', m: 256, n: 256, k: 256 },
  { id: 'gemm-512', m: 512, n: 512, k: 512 },
  { id: 'gemm-1024', m: 1024, n: 1024, k: 1024 },
  { id: 'gemm-mlp1', m: 128, n: 256, k: 784, label: '128x784·784x256 (MLP)' },
];

export async function run(ctx) {
  const executablePath = findChromium();
  if (!executablePath) {
    console.error(`\nbench: browser family skipped: ${MISSING}`);
    return [];
  }
  const probe = compileProbe();
  const server = await startServer({
    routes: { '/limits/probe.wasm': async () => ({ body: probe, type: 'application/wasm' }) },
    mounts: {
      '/dist/': join(root, 'dist'),
      '/bench/': join(root, 'bench'),
      '/tfjs/': dirname(require.resolve('@tensorflow/tfjs/dist/tf.min.js')),
      '/tfjs-wasm/': dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js')),
    },
  });
  const browser = await launch(executablePath);
  try {
    const engine = `Chromium ${browser.version()}`;
    const page = (name, extra = {}) => runPage(browser, `${server.url}bench/browser/${name}`, { rounds: ctx.rounds, batchMs: ctx.batchMs, shapes: SHAPES, peakIters: PEAK_ITERS, ...extra });
    // first: no tfjs has run in this browser yet
    const solo = await page('solo.html', { limits: { url: '/limits/probe.wasm', gemm: LIMITS_GEMM, peakFlopsPerIter: PEAK_FLOPS_PER_ITER } });
    const withTfjs = await page('index.html');
    const threads = await threadRows(browser, server.url, ctx, engine);
    return [
      ...SHAPES.map((s) => gemmRow(s, withTfjs.gemm[s.id], `${engine}: GEMM`, '≥1.25× wasm')),
      ...SHAPES.map((s) => gemmRow(s, solo.gemm[s.id], `${engine}, no tfjs in the page: GEMM`, '≥85% peak')),
      ...['add', 'relu'].map((id) => elementwiseRow(id, withTfjs.elementwise[id], engine)),
      ...limitRows(solo.limits, 'browser', `${engine}, no tfjs in the page: `),
      ...threads,
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

async function runPage(browser, url, pageCtx) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  try {
    await page.goto(url);
    await page.waitForFunction(() => typeof globalThis.runBrowserBench === 'function', null, { timeout: 30000 }).catch(() => {
      throw new Error(`bench (browser): ${url} did not load: ${errors.map(String).join('; ') || 'timeout'}`);
    });
    return await page.evaluate((c) => globalThis.runBrowserBench(c), pageCtx);
  } finally {
    await page.close();
  }
}

/**
 * Worker threads in the browser: a ?threads=1 and a ?threads=2 page, both cross-origin isolated
 * (through the test suite's COOP/COEP proxy), open side by side and timed in turn each round.
 */
async function threadRows(browser, upstream, ctx, engine) {
  const proxy = await startIsolatedProxy(upstream);
  const pages = [];
  try {
    for (const n of [1, 2]) {
      const page = await browser.newPage();
      pages.push(page);
      await page.goto(`${proxy.url}bench/browser/threads.html?threads=${n}`);
      await page.waitForFunction(() => globalThis.threadsReady !== undefined, null, { timeout: 30000 });
      const info = await page.evaluate(() => globalThis.threadsReady);
      if (info.threads !== n) throw new Error(`bench (browser threads): asked for ${n} threads, backend() says ${JSON.stringify(info)}`);
    }
    const rows = [];
    for (const s of [512, 1024]) {
      const reps = [];
      for (const page of pages) {
        await page.bringToFront();
        const ms = await page.evaluate((sz) => { globalThis.gemmBatch(sz, 2); return globalThis.gemmBatch(sz, 2); }, s);
        reps.push(Math.max(1, Math.round(ctx.batchMs / ms)));
      }
      const ms = [[], []];
      for (let r = 0; r < ctx.rounds; r++) {
        for (const i of r % 2 ? [1, 0] : [0, 1]) {
          // the page in front: Chromium lowers a background tab's priority, workers included
          await pages[i].bringToFront();
          ms[i].push(await pages[i].evaluate(([sz, n]) => globalThis.gemmBatch(sz, n), [s, reps[i]]));
        }
      }
      const split = await pages[1].evaluate(() => globalThis.gluonWasm.backend().parallelCalls);
      const row = makeRow({
        family: 'browser', id: `browser-threads2-gemm${s}`, label: `${engine}, 2 threads (Web Workers): GEMM ${s}x${s}·${s}x${s}`,
        unit: { name: 'GFLOPS', perCall: (2 * s ** 3) / 1e9 }, ms: { ours: ms[1] }, notes: [`${split} split calls`],
      });
      row.vsDefault = ratioStats(ms[0], ms[1]);
      row.notes.push(`${row.vsDefault.median.toFixed(2)}× one thread in the same rounds`);
      target(row, '2 threads ≥1.5× one', row.vsDefault.median, '>=', 1.5);
      rows.push(row);
    }
    return rows;
  } finally {
    for (const page of pages) await page.close();
    await proxy.close();
  }
}

/** A GEMM row with its share of the peak measured in the same rounds; `gate` names the target it is judged by. */
function gemmRow(s, { flops, ms }, prefix, gate) {
  const label = `${prefix} ${s.label ?? `${s.m}x${s.k}·${s.k}x${s.n}`}`;
  const id = `browser-${gate.includes('peak') ? 'solo-' : ''}${s.id}`;
  const row = makeRow({ family: 'browser', id, label, unit: { name: 'GFLOPS', perCall: flops / 1e9 }, ms: { ours: ms.ours, 'tfjs-wasm': ms['tfjs-wasm'] } });
  addPeakShare(row, { ours: ms.ours, peak: ms.peak }, flops, PEAK_FLOPS);
  if (gate === '≥1.25× wasm') target(row, gate, row.speedup['tfjs-wasm']?.median, '>=', 1.25);
  else target(row, gate, row.pctPeak.median, '>=', 0.85);
  return row;
}

function elementwiseRow(id, { bytes, ms }, engine) {
  const row = makeRow({ family: 'browser', id: `browser-ew-${id}`, label: `${engine}: ${id} 1M f32`, unit: { name: 'GB/s', perCall: bytes / 1e9 }, ms });
  target(row, '≥1.2× wasm', row.speedup['tfjs-wasm']?.median, '>=', 1.2);
  return row;
}
