// One process that both imports and requires the package (an ESM app using a CommonJS
// dependency that itself requires gluon-wasm): both must reach the same module state.
import { createRequire } from 'node:module';
import * as esm from 'gluon-wasm';

const cjs = createRequire(import.meta.url)('gluon-wasm');
const a = esm.nd.array([1, 2, 3]);
const before = cjs.nd.memory();
const b = cjs.nd.mul(a, 2); // an array made by one face, used by the other
const after = esm.nd.memory();
process.stdout.write(JSON.stringify({
  sameNd: esm.nd === cjs.nd,
  sameNDArray: esm.NDArray === cjs.NDArray,
  sameError: esm.GluonError === cjs.GluonError,
  instanceOfOther: a instanceof cjs.NDArray && b instanceof esm.NDArray,
  product: b.toArray(),
  arraysBefore: before.arrays,
  arraysAfter: after.arrays,
  esmKeys: Object.keys(esm).sort(),
  cjsKeys: Object.keys(cjs).sort(),
}));
