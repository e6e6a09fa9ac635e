// The built-in initializers by MXNet's registry names (lower case, with aliases). A lookup
// table read by create(), not registrations run at import: a bundler that drops unused modules
// (sideEffects: false) can never lose an entry, and importing the package does no work.
import type { NDArray } from '../../nd/ndarray';
import type { Initializer, InitKwargs } from './initializer';
import { Uniform, Normal, Constant, Zero, One } from './basic';
import { Xavier, MSRAPrelu, type XavierOptions, type MSRAPreluOptions } from './xavier';
import { checkOptionKeys } from '../checks';

type Opts = { scale?: number; sigma?: number; value?: number | NDArray };

export function builtinInitializer(name: string): ((kwargs: InitKwargs) => Initializer) | undefined {
  switch (name) {
    case 'uniform': return (o) => new Uniform(o as Opts);
    case 'normal': return (o) => new Normal(o as Opts);
    case 'constant': return (o) => new Constant(o as { value: number | NDArray });
    // Zero and One take no arguments (MXNet raises on any keyword)
    case 'zero': case 'zeros': return (o) => (checkOptionKeys('init.Zero', o, []), new Zero());
    case 'one': case 'ones': return (o) => (checkOptionKeys('init.One', o, []), new One());
    case 'xavier': return (o) => new Xavier(o as XavierOptions);
    case 'msraprelu': return (o) => new MSRAPrelu(o as MSRAPreluOptions);
    default: return undefined;
  }
}
