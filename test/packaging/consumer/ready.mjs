// An environment that refuses to compile wasm synchronously (simulated: the synchronous
// WebAssembly.Module constructor throws). The first op must fail with the library's own error
// telling what to do, and ready({ wasm }) with the raw module from the `gluon-wasm/wasm`
// subpath must bring the kernels up. Usage: node ready.mjs bytes|module
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const RealModule = WebAssembly.Module;
function RefusingModule() { throw new RangeError('synchronous compile refused (simulated)'); }
RefusingModule.prototype = RealModule.prototype; // `instanceof WebAssembly.Module` still holds
WebAssembly.Module = RefusingModule;

const g = await import('gluon-wasm');
let firstOp;
try {
  g.nd.zeros([2]);
  firstOp = { threw: false };
} catch (err) {
  firstOp = { threw: true, isWasmError: err instanceof g.WasmError, isGluonError: err instanceof g.GluonError, message: err.message };
}
const wasmPath = createRequire(import.meta.url).resolve('gluon-wasm/wasm');
const bytes = readFileSync(wasmPath);
const source = process.argv[2] === 'module' ? await WebAssembly.compile(bytes) : bytes;
await g.ready({ wasm: source });
await g.ready(); // idempotent
process.stdout.write(JSON.stringify({ firstOp, wasmPath, product: g.nd.array([1, 2, 3]).mul(g.nd.array([4, 5, 6])).toArray() }));
