// @ts-check
// A page's script using the script-tag build's global, type-checked through
// "types": ["gluon-wasm"] (dist/types/index.d.ts ends with `export as namespace gluonWasm`).
const net = new gluonWasm.nn.Sequential();
net.add(new gluonWasm.nn.Dense(4, { activation: 'relu' }), new gluonWasm.nn.Dense(2));
net.initialize();
/** @type {gluonWasm.NDArray} */
const y = net.forward(gluonWasm.nd.random.uniform({ shape: [3, 5] }));
/** @type {number} */
const total = y.sum().asScalar();
// @ts-expect-error the global's types are real: nd has no such function
gluonWasm.nd.notAnOp();
void total;
