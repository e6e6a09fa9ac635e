// Importing the package must do no work: no wasm compiled or instantiated, no global added.
// Usage: node import-time.mjs esm|cjs
import { createRequire } from 'node:module';

const counts = { modules: 0, instances: 0 };
const { Module, Instance } = WebAssembly;
WebAssembly.Module = function (...args) { counts.modules++; return new Module(...args); };
WebAssembly.Module.prototype = Module.prototype;
WebAssembly.Instance = function (...args) { counts.instances++; return new Instance(...args); };
WebAssembly.Instance.prototype = Instance.prototype;

const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
const g = process.argv[2] === 'cjs' ? createRequire(import.meta.url)('gluon-wasm') : await import('gluon-wasm');
const globalsAfter = Object.getOwnPropertyNames(globalThis).sort();
const atImport = { ...counts };
const sum = g.nd.array([1, 2, 3]).sum().asScalar();
process.stdout.write(JSON.stringify({
  atImport,
  afterFirstOp: { ...counts },
  addedGlobals: globalsAfter.filter((k) => !globalsBefore.includes(k)),
  sum,
}));
