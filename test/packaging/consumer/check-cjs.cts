// Type-checked (not run) as a CommonJS file under node16 and nodenext: the `require` branch's types.
import g = require('gluon-wasm');

const net = new g.nn.Sequential();
net.add(new g.nn.Dense(256, { activation: 'relu' }));
net.add(new g.nn.Dense(10));
net.initialize();
const X: g.NDArray = g.nd.random.uniform({ shape: [2, 20] });
const w: g.NDArray = net[0].weight.data();
// @ts-expect-error the types are real, not `any`: shape is readonly number[]
const wrong: string = X.shape;
export = { w, wrong };
