// Python's str() of the values MXNet puts into reprs and messages: shapes are tuples
// (`(256, 20)`, `(256,)`, `()`), a missing shape is `None`.

/** Python's str(tuple(shape)), or 'None' for a missing shape. */
export function pyTuple(shape: readonly number[] | null | undefined): string {
  if (shape === null || shape === undefined) return 'None';
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** utils._indent: adds `spaces` spaces to every line of s except the first. */
export function indent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}

/** Node's util.inspect hook, so console.log(block) prints the MXNet repr. */
export const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
