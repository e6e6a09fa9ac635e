// npm run demo: the seed session (/work/shared/seed/model-parameters.txt, "Model Parameters")
// on gluon-wasm, cell by cell: the JavaScript of each cell, then what it displays, laid out as
// the notebook shows it. Run in a fresh process, like the notebook: every name counter starts
// at 0 and the random generator is on MXNet's default seed, so X and the weights print MXNet's
// digits (Y agrees to ~1e-7; summation order differs from MKL-DNN's).
import { nd, nn } from '../dist/index.mjs';

/**
 * What Jupyter displays for a cell's value: repr(v); a tuple of values is IPython's pretty form
 * (each repr's lines indented by one inside the parentheses; single-line items that do not fit
 * in 79 columns go one per line).
 */
function display(...values) {
  const reprs = values.map(String);
  if (reprs.length === 1) return reprs[0];
  const multiLine = reprs.some((r) => r.includes('\n'));
  const flat = `(${reprs.join(', ')})`;
  if (!multiLine && flat.length <= 79) return flat;
  const inner = reprs.map((r) => r.replace(/\n/g, '\n ')).join(multiLine ? ', ' : ',\n ');
  return `(${inner})`;
}

/** Prints a cell (numbered as in the seed): its code, then the displayed value if it has one. */
function run(cell, code, fn) {
  console.log(`In [${cell}]:\n${code.trim()}\n`);
  const shown = fn();
  if (shown !== undefined) console.log(`${shown}\n`);
}

console.log('# Model Parameters (gluon-wasm)\n');

let net, X, Y;
run(2, `
import { nd, nn } from 'gluon-wasm';

const net = new nn.Sequential();
net.add(new nn.Dense(256, { activation: 'relu' }));
net.add(new nn.Dense(10));
net.initialize(); // use default initialization method.

const X = nd.random.uniform({ shape: [2, 20] });
const Y = net.forward(X);
`, () => {
  net = new nn.Sequential();
  net.add(new nn.Dense(256, { activation: 'relu' }));
  net.add(new nn.Dense(10));
  net.initialize();
  X = nd.random.uniform({ shape: [2, 20] });
  Y = net.forward(X);
});

run(3, 'X, Y', () => display(X, Y));

console.log('# Access Model Parameters\n');
run(4, 'net[0].params, net[0].params.constructor // net[0] is the first added layer.', () =>
  display(net[0].params, `gluon.${net[0].params.constructor.name}`));
run(5, 'net[0].weight, net[0].bias // use properties weight and bias to access', () => display(net[0].weight, net[0].bias));
run(6, 'net[0].weight.data(), net[0].bias.data() // use function data to get initialization ndarray', () =>
  display(net[0].weight.data(), net[0].bias.data()));
run(7, 'net[0].weight.grad() // no backward pass yet: all zeros', () => display(net[0].weight.grad()));
run(8, 'net[1].bias.data() // the second added layer', () => display(net[1].bias.data()));
run(9, 'net.collectParams()', () => display(net.collectParams()));
run(10, "net.collectParams('.*weight') // get all weight parameters", () => display(net.collectParams('.*weight')));

console.log('# Share Model Parameters\n');
let net2;
run(14, `
const net = new nn.Sequential();
const shared = new nn.Dense(8, { activation: 'relu' });
net.add(new nn.Dense(8, { activation: 'relu' }),
        shared,
        new nn.Dense(8, { activation: 'relu', params: shared.params }),
        new nn.Dense(10));
net.initialize();

const X = nd.random.uniform({ shape: [2, 20] });
const Y = net.forward(X);

net[1].weight.data().equal(net[2].weight.data())
// The second layer and the third layer share same weight parameters.
`, () => {
  net2 = new nn.Sequential();
  const shared = new nn.Dense(8, { activation: 'relu' });
  net2.add(new nn.Dense(8, { activation: 'relu' }), shared, new nn.Dense(8, { activation: 'relu', params: shared.params }), new nn.Dense(10));
  net2.initialize();
  const X2 = nd.random.uniform({ shape: [2, 20] });
  net2.forward(X2);
  return display(net2[1].weight.data().equal(net2[2].weight.data()));
});

run(15, 'net // (not in the seed) the network as MXNet prints it', () => display(net2));
run(16, 'net.collectParams() // (not in the seed) the shared weight and bias appear once', () => display(net2.collectParams()));
