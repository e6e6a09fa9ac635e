// A user's CommonJS program: require() of the installed package.
const { nd, nn, gluon, autograd, init } = require('gluon-wasm');
const { runSession } = require('./session.cjs');

const out = runSession({ nd, nn, gluon, autograd, init });
process.stdout.write(JSON.stringify({ ...out, resolved: require.resolve('gluon-wasm') }));
