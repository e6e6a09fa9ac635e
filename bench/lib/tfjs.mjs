// TensorFlow.js, loaded the way a Node user of the union package would, with the wasm backend
// pinned to the SIMD, non-threaded binary that ships inside the npm package (nothing is fetched).
// The other two binaries are mapped to paths that do not exist, so if tfjs ever picked them the
// backend would fail to start instead of silently measuring a different variant.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const WASM_VARIANT = 'tfjs-backend-wasm-simd.wasm';

/** Imports tfjs and initialises the given backends (the last one stays active). */
export async function loadTfjs(backends = ['wasm', 'cpu']) {
  const tf = await import('@tensorflow/tfjs');
  // PROD only silences tfjs's console warnings (the cpu backend's "install tfjs-node" banner);
  // it changes no kernel.
  tf.enableProdMode();
  const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm')); // .../dist
  const missing = join(dir, 'not-selected-by-bench.wasm');
  (tfwasm.setWasmPaths ?? tfwasm.default.setWasmPaths)({
    'tfjs-backend-wasm.wasm': missing,
    'tfjs-backend-wasm-simd.wasm': join(dir, WASM_VARIANT),
    'tfjs-backend-wasm-threaded-simd.wasm': missing,
  });
  // Node never gets the threaded build (tfjs flags_wasm.js returns false under IS_NODE); say so.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (!simd) throw new Error('bench: this engine reports no wasm SIMD; tfjs would use the scalar binary');
  for (const name of backends) {
    if (!(await tf.setBackend(name))) throw new Error(`bench: tfjs backend '${name}' failed to initialise`);
    await tf.ready();
  }
  const pkg = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  return {
    tf,
    info: {
      tfjs: pkg('@tensorflow/tfjs'),
      tfjsBackendWasm: pkg('@tensorflow/tfjs-backend-wasm'),
      wasmBinary: WASM_VARIANT,
      wasmThreads: 1,
    },
  };
}

/** Switches tfjs to `name` ('wasm' | 'cpu'); tensors must be made after the switch to live there. */
export async function use(tf, name) {
  if (tf.getBackend() !== name) {
    await tf.setBackend(name);
    await tf.ready();
  }
}
