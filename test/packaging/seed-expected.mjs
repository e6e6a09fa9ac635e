// What MXNet 1.x printed in the seed session (/work/shared/seed/model-parameters.txt) for the
// first cell, the anchor that every loading path's output is checked against before the paths
// are compared with each other: X character for character, Y to 1e-6 (MKL-DNN sums in
// another order).
export const X_TEXT = `
[[0.5488135  0.5928446  0.71518934 0.84426576 0.60276335 0.8579456
  0.5448832  0.8472517  0.4236548  0.6235637  0.6458941  0.3843817
  0.4375872  0.2975346  0.891773   0.05671298 0.96366274 0.2726563
  0.3834415  0.47766513]
 [0.79172504 0.8121687  0.5288949  0.47997716 0.56804454 0.3927848
  0.92559665 0.83607876 0.07103606 0.33739617 0.08712929 0.6481719
  0.0202184  0.36824155 0.83261985 0.95715517 0.77815676 0.14035077
  0.87001216 0.87008727]]
<NDArray 2x20 @cpu(0)>`;

export const Y_VALUES = [
  [0.09543004, 0.04614332, -0.00286655, -0.07790346, -0.05130241, 0.02942038, 0.08696645, -0.0190793, -0.04122177, 0.05088576],
  [0.0769287, 0.03099706, 0.00856576, -0.044672, -0.06926838, 0.09132431, 0.06786592, -0.06187843, -0.03436674, 0.04234696],
];

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
