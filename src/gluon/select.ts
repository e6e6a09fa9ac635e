// collectParams(select): Python's re.compile(select).match(name), i.e. a match anchored at the
// start of the name but not required to reach its end ('.*weight' keeps dense0_weight and
// dense0_weight_x; 'weight' keeps neither). Python-only syntax that JS spells differently is
// translated: (?P<name>...) named groups, (?P=name) backreferences, \A and \Z anchors.
import { ValueError } from '../wasm';

export function pythonMatcher(select: string): (name: string) => boolean {
  const source = select
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$'); // JS $ without the m flag is the end of input only, like \Z
  let re: RegExp;
  try {
    // sticky: the match must start at lastIndex 0, like re.match
    re = new RegExp(source, 'y');
  } catch (err) {
    throw new ValueError(`collectParams: select '${select}' is not a valid regular expression: ${(err as Error).message}`);
  }
  return (name) => {
    re.lastIndex = 0;
    return re.test(name);
  };
}
