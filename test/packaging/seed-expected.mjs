// What MXNet 1.x printed in the seed session (/work/shared/seed/model-parameters.txt) for the
// first cell, the anchor that every loading path's output is checked against before the paths
// are compared with each other: X character for character, Y to 1e-6 (MKL-DNN sums in
// another order).
import { X_TEXT, Y_VALUES } from '../helpers/seed-transcript.mjs';

export { X_TEXT, Y_VALUES };

/** Asserts a session result ({ X, Y, text }) against MXNet's numbers; returns a problem or null. */
export function checkAgainstMxnet(result) {
  if (result.X !== X_TEXT) return `X printed\n${result.X}\nbut MXNet printed\n${X_TEXT}`;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 10; j++) {
      const got = result.Y[i][j];
      if (!(Math.abs(got - Y_VALUES[i][j]) <= 1e-6)) return `Y[${i}][${j}] = ${got}, MXNet printed ${Y_VALUES[i][j]}`;
    }
  }
  if (!result.text.includes(X_TEXT)) return 'the transcript does not contain X as printed';
  return null;
}
