// npm run build: assembly/ → dist/gluon.wasm (asc, SIMD, no relaxed SIMD), then src/ → dist/
// as ESM, CommonJS and the script-tag build (global `gluonWasm`, plain and minified) with the
// .wasm embedded by esbuild's binary loader, then .d.ts by tsc. `--no-types` skips tsc.
//
// What package.json's `exports` points at (see README "Loading it"):
//   dist/index.mjs         ESM, platform neutral: bundlers and browsers (`browser`, `import`, `default`)
//   dist/index.cjs         CommonJS: Node's `require`
//   dist/index.node.mjs    Node's `import`: a thin ESM face of index.cjs, so that a process that
//                          both imports and requires the package holds ONE wasm instance and one
//                          set of name counters, RNG and memory accounting
//   dist/gluon-wasm(.min).js  the script-tag build (global `gluonWasm`); `unpkg`/`jsdelivr`
//   dist/gluon-relaxed.wasm, dist/gluon-shared.wasm, dist/gluon-relaxed-shared.wasm  the opt-in
//                          builds as files, for browsers' ready({ relaxedWasm, sharedWasm, relaxedSharedWasm })
//   dist/types/            .d.ts for `import` (ESM: relative specifiers made explicit, as node16 needs)
//   dist/types-cjs/        the same .d.ts marked CommonJS by a nested package.json, for `require`
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const withTypes = !process.argv.includes('--no-types');

mkdirSync('dist', { recursive: true });
// One source, four binaries; the loader picks one at ready():
//   gluon.wasm                 the default: SIMD, no relaxed SIMD — bit-identical results everywhere
//   gluon-relaxed.wasm         opt-in ready({ relaxedSimd: true }): f32x4.relaxed_madd (FMA) in the GEMM
//   gluon-shared.wasm          opt-in ready({ threads: n }): shared memory (imported) for worker threads
//   gluon-relaxed-shared.wasm  opt-in ready({ relaxedSimd: true, threads: n }): both of the above
// The default one is embedded in every JS build, the three opt-in ones only in Node's (see below);
// they also ship as files, for browsers to fetch (ready({ relaxedWasm, sharedWasm, relaxedSharedWasm })).
const RELAXED = ['--enable', 'relaxed-simd', '--use', 'RELAXED_SIMD=1'];
const SHARED = ['--enable', 'threads', '--sharedMemory', '--importMemory', '--maximumMemory', '65536'];
const WASM_VARIANTS = {
  'gluon.wasm': [],
  'gluon-relaxed.wasm': RELAXED,
  'gluon-shared.wasm': SHARED,
  'gluon-relaxed-shared.wasm': [...RELAXED, ...SHARED],
};
for (const [name, extra] of Object.entries(WASM_VARIANTS)) {
  // compile to a private file, then rename: concurrent builds never see a half-written module
  const tmp = `dist/${name}.${process.pid}.tmp`;
  execFileSync(bin('asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', 'release', ...extra, '--outFile', tmp], { stdio: 'inherit' });
  renameSync(tmp, `dist/${name}`);
}

const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  loader: { '.wasm': 'binary' },
  target: 'es2022', // native class fields: esbuild's lowered fields cost ~10% of a small forward
  logLevel: 'warning',
  legalComments: 'none',
};
// The browser-facing builds leave the three opt-in modules out instead of carrying ~100 KB more
// base64 (27.5 KB gzipped each) that only a page asking for relaxedSimd or threads could use:
// such a page passes their URLs to ready() (Node, which loads dist/index.cjs, keeps them embedded).
const withoutOptInWasm = {
  name: 'without-opt-in-wasm',
  setup(b) {
    b.onResolve({ filter: /gluon-(relaxed|shared|relaxed-shared)\.wasm$/ }, (args) => ({ path: args.path, namespace: 'no-opt-in-wasm' }));
    b.onLoad({ filter: /.*/, namespace: 'no-opt-in-wasm' }, () => ({ contents: 'export default null;', loader: 'js' }));
  },
};
const browserFacing = { ...common, plugins: [withoutOptInWasm] };
await Promise.all([
  build({ ...browserFacing, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: 'dist/index.mjs', external: ['node:*'] }),
  build({ ...common, format: 'cjs', platform: 'node', outfile: 'dist/index.cjs' }),
  build({ ...browserFacing, format: 'iife', platform: 'browser', globalName: 'gluonWasm', outfile: 'dist/gluon-wasm.js' }),
  build({ ...browserFacing, format: 'iife', platform: 'browser', globalName: 'gluonWasm', outfile: 'dist/gluon-wasm.min.js', minify: true }),
]);
writeNodeEsmFace();
if (withTypes) {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { stdio: 'inherit' });
  makeSpecifiersExplicit('dist/types');
  // the script-tag build's global, for `// @ts-check` pages: "types": ["gluon-wasm"] in jsconfig
  writeFileSync('dist/types/index.d.ts', `${readFileSync('dist/types/index.d.ts', 'utf8')}export as namespace gluonWasm;\n`);
  rmSync('dist/types-cjs', { recursive: true, force: true });
  cpSync('dist/types', 'dist/types-cjs', { recursive: true });
  writeFileSync('dist/types-cjs/package.json', '{ "type": "commonjs" }\n');
}

/**
 * dist/index.node.mjs: named ESM exports read off the CommonJS build. The names are listed
 * explicitly (taken from the built module) rather than left to Node's CJS export detection.
 * Loading index.cjs here runs nothing but declarations: the wasm compiles on first use.
 */
function writeNodeEsmFace() {
  const names = Object.keys(createRequire(import.meta.url)(resolve('dist/index.cjs'))).sort();
  if (names.length === 0) throw new Error('build: dist/index.cjs exports nothing');
  const text =
    '// Node\'s `import` entry: the CommonJS build seen as ESM, so import and require share one instance.\n' +
    "import lib from './index.cjs';\n" +
    `export const { ${names.join(', ')} } = lib;\n`;
  const file = 'dist/index.node.mjs';
  const tmpFile = `${file}.${process.pid}.tmp`;
  writeFileSync(tmpFile, text);
  renameSync(tmpFile, file);
}

/**
 * tsc keeps the source's extensionless specifiers ('./nd'), which bundler resolution accepts but
 * Node16/NodeNext ESM resolution does not: rewrite each relative one to the file it names
 * ('./nd/index.js', './ops/linalg.js'), so the declarations resolve under every moduleResolution.
 */
function makeSpecifiersExplicit(root) {
  for (const file of walk(root).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const out = text.replace(/(from\s+|import\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (match, lead, quote, spec) => {
      if (/\.(js|mjs|cjs)$/.test(spec)) return match;
      const base = join(dirname(file), spec);
      if (existsSync(`${base}.d.ts`)) return `${lead}${quote}${spec}.js${quote}`;
      if (existsSync(join(base, 'index.d.ts'))) return `${lead}${quote}${spec}/index.js${quote}`;
      throw new Error(`build: ${file} imports '${spec}', which has no declaration file`);
    });
    if (out !== text) writeFileSync(file, out);
  }
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
