// A user's ESM program: named imports from the installed package.
import { nd, nn, gluon, autograd, init } from 'gluon-wasm';
import session from './session.cjs';

const out = session.runSession({ nd, nn, gluon, autograd, init });
process.stdout.write(JSON.stringify({ ...out, resolved: import.meta.resolve('gluon-wasm') }));
