// The library in a real browser: Debian's Chromium, headless, driven by playwright-core against
// pages served from 127.0.0.1. Pages load the installed tarball (npm pack → npm install) the
// three ways a browser user can: <script src> of the script-tag build, an esbuild bundle of a
// consumer app, and the ESM build with ready({ wasm: url }). Each runs the shared session and
// must print the same text as Node and end with bit-identical parameters. Worker threads run in
// pages served cross-origin isolated (COOP/COEP added by a proxy) and must match one thread in
// Node bit for bit, while pages without isolation, or with a broken worker, get clear errors.
// Then the uvu suites that need no Node API run inside Chromium, and the example page trains and
// is photographed.
// Run by `npm test` after the build; alone: `node test/browser/browser.test.mjs`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { builtinModules } from 'node:module';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { MISSING, findChromium, launch } from './chromium.mjs';
import { packAndInstall, runConsumer, repo } from '../packaging/install.mjs';
import { checkAgainstMxnet, X_TEXT } from '../packaging/seed-expected.mjs';
import { startServer } from '../../examples/browser/server.mjs';
import { digitRoutes } from '../../examples/browser/digits.mjs';
import { startIsolatedProxy } from './isolated-server.mjs';
import { runThreadsSession } from './pages/threads-session.mjs';

const r = (p) => join(repo, p);
const ARTIFACTS = r('test-artifacts');
const UNITS_OUT = r('.test-build/browser-units');
// where scripts/test.mjs reads the in-Chromium unit counts (alone, the suite just prints them)
const UNITS_SUMMARY = process.env.UNITS_SUMMARY ? r(process.env.UNITS_SUMMARY) : null;

const chromiumPath = findChromium();
let ctx, server, isolated, browser, nodeRun, bundleMeta, units, nodeThreadsRef;

test.before(async () => {
  if (UNITS_SUMMARY) rmSync(UNITS_SUMMARY, { force: true });
  if (!chromiumPath) return;
  ctx = packAndInstall();
  nodeRun = runConsumer(ctx.dir, 'esm.mjs');
  bundleMeta = await bundleConsumerApp(ctx.dir);
  units = await bundleUnitSuites();
  server = await startServer({
    mounts: {
      '/': r('examples/browser'),
      '/dist/': r('dist'),
      '/pkg/': join(ctx.dir, 'node_modules/gluon-wasm'),
      '/bundle/': join(ctx.dir, 'www'),
      '/session/': r('test/packaging'),
      '/test/': r('test/browser/pages'),
      '/units/': UNITS_OUT,
    },
    routes: digitRoutes(),
  });
  isolated = await startIsolatedProxy(server.url);
  // the threads pages' reference: the same session in Node on the installed package's default build
  nodeThreadsRef = runThreadsSession(await import(pathToFileURL(join(ctx.dir, 'node_modules/gluon-wasm/dist/index.node.mjs')).href));
  browser = await launch(chromiumPath);
  console.log(`\n  ${browser.browserType().name()} ${browser.version()} (${chromiumPath}), pages on ${server.url}`);
});

test.after(async () => {
  await browser?.close();
  await isolated?.close();
  await server?.close();
  ctx?.cleanup();
});

/** esbuild (platform browser) bundles test/browser/app/main.mjs inside the consumer folder. */
async function bundleConsumerApp(dir) {
  cpSync(r('test/browser/app/main.mjs'), join(dir, 'main.mjs'));
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ['main.mjs'],
    outfile: 'www/app.js',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

/**
 * Bundles every test/*.test.ts that needs no Node API into one page entry that runs them with
 * uvu as its CLI does (UVU_DEFER, one queue slot per file). A suite needs Node when its import
 * graph reaches a Node builtin, or its test sources use Node globals.
 */
async function bundleUnitSuites() {
  const files = readdirSync(r('test')).filter((f) => f.endsWith('.test.ts')).sort();
  const probe = await build({
    absWorkingDir: repo,
    entryPoints: files.map((f) => `test/${f}`),
    outdir: 'probe',
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    loader: { '.wasm': 'binary' },
    metafile: true,
    logLevel: 'silent',
  });
  const builtins = new Set(builtinModules);
  const nodeOnly = {};
  for (const out of Object.values(probe.metafile.outputs)) {
    const name = out.entryPoint.replace(/^test\//, '');
    const viaImport = out.imports.filter((i) => i.external && (i.path.startsWith('node:') || builtins.has(i.path))).map((i) => i.path);
    const viaGlobal = Object.keys(out.inputs).filter((p) => p.startsWith('test/'))
      .filter((p) => /\b(process\.|Buffer\.|__dirname|__filename|require\()/.test(readFileSync(r(p), 'utf8')));
    if (viaImport.length || viaGlobal.length) nodeOnly[name] = [...new Set(viaImport), ...viaGlobal.map((p) => `Node globals in ${p}`)];
  }
  const suites = files.filter((f) => !nodeOnly[f]);
  rmSync(UNITS_OUT, { recursive: true, force: true });
  mkdirSync(UNITS_OUT, { recursive: true });
  const entry = join(UNITS_OUT, 'entry.src.mjs');
  writeFileSync(entry, [
    '// generated by test/browser/browser.test.mjs: runs the suites as uvu\'s CLI does',
    'globalThis.UVU_DEFER = 1;',
    'const suites = [',
    ...suites.map((f) => `  [${JSON.stringify(f)}, () => import(${JSON.stringify(relative(UNITS_OUT, r(`test/${f}`)))})],`),
    '];',
    'try {',
    "  const { exec } = await import('uvu');",
    '  for (let i = 0; i < suites.length; i++) {',
    '    globalThis.UVU_INDEX = i;',
    '    globalThis.UVU_QUEUE.push([suites[i][0]]);',
    '    await suites[i][1]();',
    '  }',
    '  await exec();',
    '} catch (err) {',
    "  console.log('UNITS CRASHED ' + (err && err.stack || err));",
    '}',
    'window.unitsDone = true;',
  ].join('\n').replace(/import\("(?!\.)/g, 'import("./'));
  await build({
    absWorkingDir: repo,
    entryPoints: { entry },
    outdir: UNITS_OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    loader: { '.wasm': 'binary' },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return { suites, nodeOnly };
}

function needBrowser() {
  if (!browser) assert.unreachable(MISSING);
}

/** Opens a page, fails on any page error or console error, waits for `window[key]`. */
async function openAndWait(path, key, timeout = 120_000, base = server.url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.stack ?? err}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  await page.goto(new URL(path, base).href);
  await page.waitForFunction((k) => window[k] !== undefined, key, { timeout });
  const value = await page.evaluate((k) => window[k], key);
  return { page, value, problems };
}

/**
 * Opens a page, waits for its window.result and closes it: no page problems other than the
 * `expected` ones (RegExps), no error reported by the page. Returns the result.
 */
async function pageResult(path, { base = server.url, expected = [], timeout = 120_000 } = {}) {
  const { page, value, problems } = await openAndWait(path, 'result', timeout, base);
  await page.close();
  assert.equal(problems.filter((p) => !expected.some((re) => re.test(p))), []);
  assert.is(value.error, undefined, value.error);
  return value;
}

/** The session result from a page must match Node's: text and every float32 bit. */
async function checkSessionPage(path) {
  needBrowser();
  const value = await pageResult(path);
  assert.is(checkAgainstMxnet(value), null);
  assert.fixture(value.text, nodeRun.text);
  for (const [name, hex] of Object.entries(nodeRun.params)) {
    assert.ok(value.params[name] === hex, `${name}: Chromium's float32 bits differ from Node's`);
  }
  assert.equal(Object.keys(value.params), Object.keys(nodeRun.params));
  return value;
}

test('Chromium is installed (the browser tests need it)', () => {
  assert.ok(chromiumPath, MISSING);
  needBrowser();
});

test('<script src> of the minified script-tag build: the seed and training match Node bit for bit', async () => {
  const value = await checkSessionPage('/test/script-tag.html');
  assert.ok(value.globalKeys.includes('nn') && value.globalKeys.includes('ready'), 'global gluonWasm lacks the API');
  const floats = Object.values(value.params).reduce((n, hex) => n + hex.length / 8, 0);
  console.log(`\n  bit-identical in Chromium and Node: ${Object.keys(value.params).length} parameter arrays, ${floats} float32s after 5 Adam steps`);
});

test('<script src> of the plain script-tag build: the same', async () => {
  await checkSessionPage('/test/script-tag-plain.html');
});

test('esbuild bundle (platform browser) of a consumer app: resolves the browser build, matches Node', async () => {
  needBrowser();
  const inputs = Object.keys(bundleMeta.inputs);
  assert.ok(inputs.includes('node_modules/gluon-wasm/dist/index.mjs'), `bundled inputs: ${inputs.join(', ')}`);
  assert.not.ok(inputs.some((p) => p.includes('index.cjs') || p.includes('gluon-wasm.js')), 'a second copy of the library was bundled');
  await checkSessionPage('/test/bundle.html');
});

test('ready({ wasm: url }) where synchronous compile is refused: clear error first, then the same results', async () => {
  const value = await checkSessionPage('/test/ready-url.html');
  assert.ok(value.firstOp.threw && value.firstOp.isWasmError, JSON.stringify(value.firstOp));
  assert.match(value.firstOp.message, 'await ready()');
});

const SHARED_URL = '/pkg/dist/gluon-shared.wasm'; // from the installed tarball: the file is shipped
const RELAXED_SHARED_URL = '/pkg/dist/gluon-relaxed-shared.wasm';
const RELAXED_URL = '/pkg/dist/gluon-relaxed.wasm';

/** Opens test/browser/pages/threads.html with ready(options); fails on any page problem. */
function threadsPage(lib, options, base = isolated.url) {
  return pageResult(`/test/threads.html?lib=${lib}&options=${encodeURIComponent(JSON.stringify(options))}`, { base });
}

/** The product matches float64 sums, and the session is Node's one-thread default bit for bit. */
function assertSameAsNode(session, where) {
  assert.ok(session.worstGap < 1e-5, `${where}: 512x384·384x520 product off its float64 sums by ${session.worstGap} (relative)`);
  for (const key of ['c', 'ct', 'cb', 'conv']) assert.is(session[key], nodeThreadsRef[key], `${where}: ${key}'s bits differ from Node's one thread`);
  assert.equal(session.weights, nodeThreadsRef.weights, `${where}: trained parameters' bits differ from Node's one thread`);
  assert.equal(session.losses, nodeThreadsRef.losses);
}

test('Web Workers: ready({ threads: 2, sharedWasm: url }) in a cross-origin isolated page splits the products, bit-identical to one thread', async () => {
  needBrowser();
  const threaded = await threadsPage('script', { threads: 2, sharedWasm: SHARED_URL });
  assert.ok(threaded.isolated, 'the proxy\'s COOP/COEP headers did not make the page crossOriginIsolated');
  assert.equal(threaded.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.is(threaded.after.threads, 2);
  assert.ok(threaded.after.parallelCalls > 0, `no product was split over the workers (${threaded.after.parallelCalls} parallel calls)`);
  assertSameAsNode(threaded.session, 'Chromium, 2 threads');
  const single = await threadsPage('esm', {});
  assert.equal(single.after, { simd: 'default', threads: 1, parallelCalls: 0 });
  assertSameAsNode(single.session, 'Chromium, 1 thread');
  console.log(`\n  Chromium, 2 Web Workers threads: ${threaded.after.parallelCalls} split products, bits equal to one thread (product ${threaded.session.c})`);
});

test('relaxedSimd on one thread in Chromium: the relaxed build from its URL (the browser bundles do not embed it), close to the float64 sums', async () => {
  needBrowser();
  const value = await threadsPage('esm', { relaxedSimd: true, relaxedWasm: RELAXED_URL }, server.url);
  assert.equal(value.info, { simd: 'relaxed', threads: 1, parallelCalls: 0 });
  assert.ok(value.session.worstGap < 1e-5, `512x384·384x520 product off its float64 sums by ${value.session.worstGap} (relative)`);
  value.session.losses.forEach((loss, i) => assert.ok(Math.abs(loss - nodeThreadsRef.losses[i]) < 1e-4, `step ${i} loss ${loss} vs ${nodeThreadsRef.losses[i]}`));
});

test('relaxedSimd + threads in Chromium: the relaxed shared-memory build on 2 threads, close to the float64 sums', async () => {
  needBrowser();
  const value = await threadsPage('esm', { threads: 2, relaxedSimd: true, sharedWasm: SHARED_URL, relaxedSharedWasm: RELAXED_SHARED_URL });
  assert.equal(value.info, { simd: 'relaxed', threads: 2, parallelCalls: 0 });
  assert.ok(value.after.parallelCalls > 0, `no product was split (${value.after.parallelCalls} parallel calls)`);
  assert.ok(value.session.worstGap < 1e-5, `512x384·384x520 product off its float64 sums by ${value.session.worstGap} (relative)`);
  value.session.losses.forEach((loss, i) => assert.ok(Math.abs(loss - nodeThreadsRef.losses[i]) < 1e-4, `step ${i} loss ${loss} vs ${nodeThreadsRef.losses[i]}`));
});

test('the library inside a Web Worker (which may block): threads from nested workers, bit-identical', async () => {
  needBrowser();
  const value = await pageResult('/test/threads-in-worker.html', { base: isolated.url });
  assert.ok(value.isolated);
  assert.equal(value.info, { simd: 'default', threads: 2, parallelCalls: 0 });
  assert.ok(value.after.parallelCalls > 0);
  assertSameAsNode(value.session, 'a Web Worker, 2 threads');
});

/** An error page's result: the problems it provokes on purpose are `expected`. */
function errorPage(path, base, expected) {
  return pageResult(path, { base, expected, timeout: 60_000 });
}

/** A refused ready(): the error's class (by name, checked against the class in the page) and message parts. */
function assertRefused(outcome, kind, ...parts) {
  assert.is(outcome.kind, kind, JSON.stringify(outcome));
  for (const part of parts) assert.match(outcome.message, part);
}

/** After the refusals the page still computes, on `threads` threads. */
function assertStillRuns(value, threads) {
  assert.equal(value.after, { simd: 'default', threads, parallelCalls: 0 });
  assert.equal(value.product, [[3, 3], [3, 3]]);
}

test('without COOP/COEP: ready({ threads: 2, sharedWasm }) rejects with a ValueError naming the headers; one thread still runs', async () => {
  needBrowser();
  const value = await errorPage('/test/threads-errors.html?cases=threads', server.url, []);
  assert.not.ok(value.isolated);
  assertRefused(value.outcomes.threads, 'ValueError', 'crossOriginIsolated is false', '"Cross-Origin-Opener-Policy: same-origin"', '"Cross-Origin-Embedder-Policy: require-corp"');
  assertStillRuns(value, 1);
});

test('isolated page: no shared module given, a wrong module, a 404, a failing or silent worker each reject clearly (never hang); then threads start', async () => {
  needBrowser();
  const cases = ['noRelaxedWasm', 'noSharedWasm', 'noRelaxedSharedWasm', 'notShared', 'missingFile', 'brokenWorker', 'silentWorker'];
  const value = await errorPage(`/test/threads-errors.html?cases=${cases.join(',')}`, isolated.url, [/status of 404/]);
  const o = value.outcomes;
  assertRefused(o.noRelaxedWasm, 'ValueError', 'pass ready({ relaxedSimd: true, relaxedWasm })', 'dist/gluon-relaxed.wasm');
  assertRefused(o.noSharedWasm, 'ValueError', 'pass ready({ threads, sharedWasm })', 'dist/gluon-shared.wasm');
  assertRefused(o.noRelaxedSharedWasm, 'ValueError', 'options.relaxedSharedWasm');
  assertRefused(o.notShared, 'ValueError', 'options.sharedWasm is not a shared-memory build');
  assertRefused(o.missingFile, 'WasmError', 'fetching options.sharedWasm (/pkg/dist/no-such.wasm) failed with HTTP 404');
  assertRefused(o.brokenWorker, 'WasmError', 'worker 1 of 1 failed to start: simulated script error');
  assertRefused(o.silentWorker, 'WasmError', 'worker 1 of 1 failed to start: it did not report within 1500 ms');
  assert.ok(o.silentWorker.seconds >= 1.4, `the silent worker was given its 1.5 s (rejected after ${o.silentWorker.seconds} s)`);
  assertStillRuns(value, 2); // after all that, the real thing
});

test('a Content-Security-Policy without worker-src blob: ready({ threads }) rejects with a WasmError saying so; one thread still runs', async () => {
  needBrowser();
  const value = await errorPage('/test/threads-csp.html', isolated.url, [/violates the following Content Security Policy directive/]);
  assertRefused(value, 'WasmError', 'failed to start', 'worker-src blob:');
  assertStillRuns(value, 1);
});

test("a Content-Security-Policy without 'wasm-unsafe-eval': the first op and ready() fail with a WasmError that names it (not the advice to call ready())", async () => {
  needBrowser();
  const value = await errorPage('/test/wasm-csp.html', server.url, [/Content Security Policy/, /wasm-unsafe-eval/]);
  for (const outcome of [value.firstOp, value.ready]) {
    assertRefused(outcome, 'WasmError', /add 'wasm-unsafe-eval' to script-src/);
    assert.not.match(outcome.message, /call `await ready\(\)`/);
  }
});

test('uvu suites that need no Node API pass inside Chromium', async () => {
  needBrowser();
  const page = await browser.newPage();
  let output = '';
  const problems = [];
  page.on('console', (msg) => { output += msg.text(); });
  page.on('pageerror', (err) => problems.push(String(err.stack ?? err)));
  await page.goto(new URL('/test/units.html', server.url).href);
  await page.waitForFunction(() => window.unitsDone === true, null, { timeout: 300_000 });
  await page.close();
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? 0);
  if (UNITS_SUMMARY) writeFileSync(UNITS_SUMMARY, JSON.stringify({ total, passed, suites: units.suites, nodeOnly: units.nodeOnly }, null, 2));
  const skipped = Object.entries(units.nodeOnly).map(([f, why]) => `${f} (${why.join(', ')})`).join('; ');
  console.log(`\n  in Chromium: ${passed}/${total} tests of ${units.suites.length} suites; Node-only, not run there: ${skipped || 'none'}`);
  assert.equal(problems, [], output);
  assert.ok(total > 0 && units.suites.length > 0, `no suite ran in Chromium:\n${output}`);
  assert.is(passed, total, `failures in Chromium:\n${output}`);
});

test('the example page shows the seed and trains the digit MLP; screenshot in test-artifacts/', async () => {
  needBrowser();
  const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  const problems = [];
  page.on('pageerror', (err) => problems.push(String(err.stack ?? err)));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  await page.goto(server.url);
  await page.waitForFunction(() => window.example && (window.example.error || (window.example.steps >= 80 && window.example.evals.length >= 5)),
    null, { timeout: 240_000 });
  const state = await page.evaluate(() => ({ ...window.example, losses: window.example.losses.slice() }));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'example-page.png'), fullPage: true });
  const seedText = await page.textContent('#seed-xy');
  const status = await page.textContent('#train-status');
  await page.close();
  assert.equal(problems, []);
  assert.is(state.error, null);
  assert.ok(seedText.startsWith(X_TEXT), `the page's X is not MXNet's:\n${seedText}`);
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const first = mean(state.losses.slice(0, 10));
  const last = mean(state.losses.slice(-10));
  assert.ok(last < first / 2, `training loss did not fall: first 10 steps ${first}, last 10 ${last}`);
  const acc = state.evals.map((e) => e.accuracy);
  assert.ok(acc[0] < 0.3 && acc[acc.length - 1] > 0.8, `test accuracy did not rise: ${acc}`);
  console.log(`\n  example page: ${status.trim()}; screenshot test-artifacts/example-page.png`);
});

test.run();
