// npm test: bundles every test/*.test.ts with esbuild (the .wasm embedded exactly as in dist),
// runs them with uvu, and ends with the plain 'N passed, N failed' line.
// Usage: node scripts/test.mjs [pattern]   (pattern filters test file names)
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pattern = process.argv[2] ?? '';
const files = readdirSync('test').filter((f) => f.endsWith('.test.ts') && f.includes(pattern)).map((f) => `test/${f}`);
if (files.length === 0) {
  console.error(`no test files match '${pattern}'`);
  process.exit(1);
}
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
const run = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', uvu, outdir, '--no-color', '\\.test\\.mjs$'], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
const total = Number(/Total:\s+(\d+)/.exec(run.stdout)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(run.stdout)?.[1] ?? 0);
console.log(`${passed} passed, ${total - passed} failed`);
process.exit(run.status === 0 && total > 0 && passed === total ? 0 : 1);
