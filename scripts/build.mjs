// npm run build: assembly/ → dist/gluon.wasm (asc, SIMD, no relaxed SIMD), then src/ → dist/
// as ESM, CommonJS and the script-tag build (global `gluonWasm`, plain and minified) with the
// .wasm embedded by esbuild's binary loader, then .d.ts by tsc. `--no-types` skips tsc.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { build } from 'esbuild';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const withTypes = !process.argv.includes('--no-types');

mkdirSync('dist', { recursive: true });
// compile to a private file, then rename: concurrent builds never see a half-written module
const tmp = `dist/gluon.wasm.${process.pid}.tmp`;
execFileSync(bin('asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', 'release', '--outFile', tmp], { stdio: 'inherit' });
renameSync(tmp, 'dist/gluon.wasm');

const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  loader: { '.wasm': 'binary' },
  target: 'es2020',
  logLevel: 'warning',
  legalComments: 'none',
};
await Promise.all([
  build({ ...common, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: 'dist/index.mjs', external: ['node:*'] }),
  build({ ...common, format: 'cjs', platform: 'node', outfile: 'dist/index.cjs' }),
  build({ ...common, format: 'iife', platform: 'browser', globalName: 'gluonWasm', outfile: 'dist/gluon-wasm.js' }),
  build({ ...common, format: 'iife', platform: 'browser', globalName: 'gluonWasm', outfile: 'dist/gluon-wasm.min.js', minify: true }),
]);
if (withTypes) execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { stdio: 'inherit' });
