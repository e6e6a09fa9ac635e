// The package as users get it: `npm pack`, then `npm install ./gluon-wasm-*.tgz` in a temporary
// folder, then Node programs (ESM and CommonJS) and TypeScript projects that use it. Run by
// `npm test` (scripts/test.mjs) after the build; alone: `node test/packaging/packaging.test.mjs`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { packAndInstall, runConsumer, run, repo } from './install.mjs';
import { checkAgainstMxnet } from './seed-expected.mjs';

let ctx;
let esmRun;
test.before(() => {
  ctx = packAndInstall();
});
test.after(() => ctx?.cleanup());

/** Everything a user needs, and nothing else. */
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^LICENSE$/,
  /^dist\/(index\.mjs|index\.node\.mjs|index\.cjs|gluon-wasm\.js|gluon-wasm\.min\.js|gluon\.wasm|gluon-relaxed\.wasm|gluon-shared\.wasm|gluon-relaxed-shared\.wasm)$/,
  /^dist\/types(-cjs)?\/.+\.d\.ts$/, /^dist\/types-cjs\/package\.json$/,
];

test('npm pack lists only what a user needs', () => {
  const files = ctx.pack.files.map((f) => f.path);
  const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.equal(stray, [], `unexpected files in the tarball: ${stray.join(', ')}`);
  for (const needed of ['dist/index.mjs', 'dist/index.node.mjs', 'dist/index.cjs', 'dist/gluon-wasm.js', 'dist/gluon-wasm.min.js',
    'dist/gluon.wasm', 'dist/gluon-relaxed.wasm', 'dist/gluon-shared.wasm', 'dist/gluon-relaxed-shared.wasm', 'dist/types/index.d.ts', 'dist/types-cjs/index.d.ts', 'dist/types-cjs/package.json', 'README.md']) {
    assert.ok(files.includes(needed), `${needed} is missing from the tarball`);
  }
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
  const pkgDir = join(ctx.dir, 'node_modules/gluon-wasm');
  console.log(`\n  packed ${ctx.pack.filename}: ${kib(ctx.pack.size)} packed, ${kib(ctx.pack.unpackedSize)} unpacked, ${files.length} files`);
  console.log(`  script-tag build dist/gluon-wasm.min.js (wasm inside): ${kib(readFileSync(join(pkgDir, 'dist/gluon-wasm.min.js')).length)} min, ${kib(gz(join(pkgDir, 'dist/gluon-wasm.min.js')))} min+gzip`);
  // for scale, where the benchmark's devDependencies are installed: TensorFlow.js core + wasm
  // backend as a SIMD browser loads them (two minified scripts, then the SIMD .wasm fetched)
  const tf = join(repo, 'node_modules/@tensorflow');
  const tfFiles = ['tfjs-core/dist/tf-core.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js', 'tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'];
  if (tfFiles.every((f) => existsSync(join(tf, f)))) {
    const sizes = tfFiles.map((f) => gz(join(tf, f)));
    console.log(`  TensorFlow.js ${JSON.parse(readFileSync(join(tf, 'tfjs-core/package.json'), 'utf8')).version} core + wasm backend, min+gzip: ` +
      `${tfFiles.map((f, i) => `${f.split('/').pop()} ${kib(sizes[i])}`).join(' + ')} = ${kib(sizes.reduce((a, b) => a + b, 0))}`);
  }
});

test('package.json: types first in every exports branch, CDN fields, no side effects, no dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(ctx.dir, 'node_modules/gluon-wasm/package.json'), 'utf8'));
  const leaves = [];
  (function walk(node, path) {
    if (typeof node === 'string') return;
    const keys = Object.keys(node);
    if (keys.includes('default') && !keys.some((k) => typeof node[k] === 'object')) {
      assert.equal(keys[0], 'types', `exports${path}: 'types' must come first, got ${keys.join(', ')}`);
      leaves.push(path);
    }
    for (const k of keys) walk(node[k], `${path}.${k}`);
  })(pkg.exports['.'], '["."]');
  assert.equal(leaves.length, 6, `expected node.import, node.require, browser, import, require, default: ${leaves}`);
  assert.equal(pkg.exports['./wasm'], './dist/gluon.wasm');
  assert.equal(pkg.unpkg, './dist/gluon-wasm.min.js');
  assert.equal(pkg.jsdelivr, './dist/gluon-wasm.min.js');
  assert.is(pkg.sideEffects, false);
  assert.equal(Object.keys(pkg.dependencies ?? {}), [], 'the builds bundle everything: no runtime dependencies');
});

test('published code has no import.meta and no top-level await', async () => {
  for (const f of ['index.mjs', 'index.node.mjs', 'index.cjs', 'gluon-wasm.js', 'gluon-wasm.min.js']) {
    const code = readFileSync(join(ctx.dir, 'node_modules/gluon-wasm/dist', f), 'utf8');
    assert.not.ok(code.includes('import.meta'), `dist/${f} uses import.meta`);
    // esbuild refuses to turn a module with top-level await into CommonJS
    await transform(code, { format: 'cjs', logLevel: 'silent' }).catch((err) => assert.unreachable(`dist/${f}: ${err.message}`));
  }
});

test('ESM consumer: named imports, the seed as MXNet printed it, training steps', () => {
  esmRun = runConsumer(ctx.dir, 'esm.mjs');
  assert.ok(esmRun.resolved.endsWith('/node_modules/gluon-wasm/dist/index.node.mjs'), esmRun.resolved);
  assert.is(checkAgainstMxnet(esmRun), null);
  const losses = [...esmRun.text.matchAll(/mean loss (\S+)/g)].map((m) => Number(m[1]));
  assert.is(losses.length, 5);
  assert.ok(losses[4] < losses[0] / 2, `training did not lower the loss: ${losses}`);
  assert.equal(Object.keys(esmRun.params), ['dense6_weight', 'dense6_bias', 'dense7_weight', 'dense7_bias']);
});

test('CommonJS consumer: the same text and bit-identical parameters', () => {
  const cjsRun = runConsumer(ctx.dir, 'cjs.cjs');
  assert.ok(cjsRun.resolved.endsWith('/node_modules/gluon-wasm/dist/index.cjs'), cjsRun.resolved);
  assert.is(cjsRun.text, esmRun.text);
  assert.equal(cjsRun.params, esmRun.params);
});

test('import and require in one process share one instance and its state', () => {
  const r = runConsumer(ctx.dir, 'dual.mjs');
  assert.ok(r.sameNd && r.sameNDArray && r.sameError, 'import and require returned different module objects');
  assert.ok(r.instanceOfOther, 'an array made through one face is not an NDArray of the other');
  assert.equal(r.product, [2, 4, 6]);
  assert.is(r.arraysAfter, r.arraysBefore + 1, 'nd.memory() seen through both faces is one account');
  assert.equal(r.esmKeys, r.cjsKeys);
});

test('importing does no work: no wasm compiled, no global added, until the first op', () => {
  for (const face of ['esm', 'cjs']) {
    const r = runConsumer(ctx.dir, 'import-time.mjs', face);
    assert.equal(r.atImport, { modules: 0, instances: 0 }, `${face}: wasm compiled at import`);
    assert.equal(r.afterFirstOp, { modules: 1, instances: 1 }, `${face}: the first op should compile once`);
    assert.equal(r.addedGlobals, [], `${face}: import added globals`);
    assert.is(r.sum, 6);
  }
});

test('ready({ wasm: bytes | WebAssembly.Module }) where synchronous compile is refused', () => {
  for (const kind of ['bytes', 'module']) {
    const r = runConsumer(ctx.dir, 'ready.mjs', kind);
    assert.ok(r.firstOp.threw && r.firstOp.isWasmError && r.firstOp.isGluonError, `${kind}: ${JSON.stringify(r.firstOp)}`);
    assert.match(r.firstOp.message, 'await ready()');
    assert.ok(r.wasmPath.endsWith('/node_modules/gluon-wasm/dist/gluon.wasm'), r.wasmPath);
    assert.equal(r.product, [4, 10, 18]);
  }
});

test('TypeScript: types resolve for import and require (node16, nodenext) and for bundlers, strict', () => {
  const tsc = join(repo, 'node_modules/typescript/bin/tsc');
  for (const mode of ['node16', 'nodenext', 'bundler']) {
    let out;
    try {
      out = run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`, '--explainFiles'], { cwd: ctx.dir });
    } catch (err) {
      assert.unreachable(`tsc (${mode}) failed:\n${err.message}`);
    }
    const roots = out.split('\n').filter((l) => /gluon-wasm\/dist\/types(-cjs)?\/index\.d\.ts$/.test(l.trim()));
    const expected = mode === 'bundler' ? ['types'] : ['types', 'types-cjs'];
    for (const dir of expected) {
      assert.ok(roots.some((l) => l.includes(`/dist/${dir}/index.d.ts`)), `${mode}: dist/${dir}/index.d.ts not in the program`);
    }
  }
});

test("TypeScript: the script-tag build's global, gluonWasm, is typed for // @ts-check pages (\"types\": [\"gluon-wasm\"])", () => {
  const tsc = join(repo, 'node_modules/typescript/bin/tsc');
  try {
    run(process.execPath, [tsc, '-p', 'tsconfig.global.json'], { cwd: ctx.dir });
  } catch (err) {
    assert.unreachable(`tsc (global) failed:\n${err.message}`);
  }
});

test.run();
