// npm test: bundles every test/*.test.ts with esbuild (the .wasm embedded exactly as in dist),
// runs them with uvu; then the packaging suite (npm pack → install in a temp folder → ESM,
// CommonJS and TypeScript consumers) and the browser suite (Chromium via playwright-core: the
// script-tag build, an esbuild bundle, ready(url), the same uvu suites in Chromium, the example
// page). Ends with the plain 'N passed, N failed' line, summed over every part.
// Usage: node scripts/test.mjs [pattern]   (pattern filters test file names: 'seed' runs
// test/seed.test.ts only, 'packaging' or 'browser' one of the two suites; none runs everything)
// The packaging and browser suites test dist/: build first (npm test does).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { build } from 'esbuild';

const pattern = process.argv[2] ?? '';
const files = readdirSync('test').filter((f) => f.endsWith('.test.ts') && f.includes(pattern)).map((f) => `test/${f}`);
const suites = ['test/packaging/packaging.test.mjs', 'test/browser/browser.test.mjs'].filter((f) => basename(f).includes(pattern));
if (files.length === 0 && suites.length === 0) {
  console.error(`no test files match '${pattern}'`);
  process.exit(1);
}

const parts = [];
const count = (stdout) => ({
  total: Number(/Total:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
  passed: Number(/Passed:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
});
const env = { ...process.env, FORCE_COLOR: '0' };

if (files.length > 0) {
  const outdir = `.test-build/${pattern.replace(/[^\w-]/g, '_') || 'all'}`;
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    loader: { '.wasm': 'binary' },
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const uvu = new URL('../node_modules/uvu/bin.js', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', uvu, outdir, '--no-color', '\\.test\\.mjs$'], { encoding: 'utf8', env, maxBuffer: 256 << 20 });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  parts.push({ name: `unit suites in Node (${files.length} files)`, ...count(run.stdout), ok: run.status === 0 });
}

// the browser suite writes its in-Chromium unit counts here (UNITS_SUMMARY in its environment)
const summary = '.test-build/browser-units.json';
for (const file of suites) {
  console.log(`\n${file}`);
  if (file.includes('browser')) rmSync(summary, { force: true });
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...env, UNITS_SUMMARY: summary }, maxBuffer: 256 << 20 });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  parts.push({ name: file, ...count(run.stdout), ok: run.status === 0 });
  if (file.includes('browser') && existsSync(summary)) {
    const units = JSON.parse(readFileSync(summary, 'utf8'));
    parts.push({ name: `unit suites in Chromium (${units.suites.length} files)`, total: units.total, passed: units.passed, ok: units.total > 0 && units.passed === units.total });
  }
}

// A part that ran nothing, or whose process failed with every counted test passing (a crash
// while loading a file, say), counts as one failure: the closing line never hides a failure.
for (const p of parts) p.failed = Math.max(p.total - p.passed, p.ok && p.total > 0 ? 0 : 1);
console.log('');
for (const p of parts) console.log(`${p.failed ? 'FAIL' : 'ok  '} ${p.name}: ${p.passed}/${p.total}${p.ok ? '' : ' (the run failed)'}`);
const passed = parts.reduce((s, p) => s + p.passed, 0);
const failed = parts.reduce((s, p) => s + p.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
