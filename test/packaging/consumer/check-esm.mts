// Type-checked (not run) as an ESM file under moduleResolution node16, nodenext and bundler (as Vite, webpack and esbuild users compile): the `import` branch's types.
import { nd, nn, NDArray, GluonError, ready } from 'gluon-wasm';
import type { ReadyOptions, BackendInfo } from 'gluon-wasm';

const net = new nn.Sequential();
net.add(new nn.Dense(256, { activation: 'relu' }));
net.add(new nn.Dense(10));
net.initialize();
const X: NDArray = nd.random.uniform({ shape: [2, 20] });
const Y: NDArray = net.forward(X);
const w: NDArray = net[0].weight.data(); // the seed's line, strict mode, no casts
const options: ReadyOptions = { wasm: new Uint8Array(8) };
const loaded: Promise<BackendInfo> = ready(options);
const err: GluonError | null = null;
// @ts-expect-error the types are real, not `any`: shape is readonly number[]
const wrong: string = Y.shape;
export { w, loaded, err, wrong };
