// What MXNet 1.x printed in the seed session (/work/shared/seed/model-parameters.txt): the one
// copy the tests share. Arrays are numpy's text as str(arr) prints it; `repr` adds MXNet's
// NDArray framing and `notebookIndent` the one-space indent of a tuple element in the notebook.

// In [3]: X = nd.random.uniform(shape=(2, 20)) on the default seed
export const X_NUMPY = `[[0.5488135  0.5928446  0.71518934 0.84426576 0.60276335 0.8579456
  0.5448832  0.8472517  0.4236548  0.6235637  0.6458941  0.3843817
  0.4375872  0.2975346  0.891773   0.05671298 0.96366274 0.2726563
  0.3834415  0.47766513]
 [0.79172504 0.8121687  0.5288949  0.47997716 0.56804454 0.3927848
  0.92559665 0.83607876 0.07103606 0.33739617 0.08712929 0.6481719
  0.0202184  0.36824155 0.83261985 0.95715517 0.77815676 0.14035077
  0.87001216 0.87008727]]`;

// In [3]: Y = net(X) (compared to 1e-6: MKL-DNN sums in another order)
export const Y_VALUES = [
  [0.09543004, 0.04614332, -0.00286655, -0.07790346, -0.05130241, 0.02942038, 0.08696645, -0.0190793, -0.04122177, 0.05088576],
  [0.0769287, 0.03099706, 0.00856576, -0.044672, -0.06926838, 0.09132431, 0.06786592, -0.06187843, -0.03436674, 0.04234696],
];

// In [6]: net[0].weight.data(), Uniform(0.07) drawn at the first forward, summarised
export const W0_NUMPY = `[[ 0.06700657 -0.00369488  0.0418822  ... -0.05517294 -0.01194733
  -0.00369594]
 [-0.03296221 -0.04391347  0.03839272 ...  0.05636378  0.02545484
  -0.007007  ]
 [-0.0196689   0.01582889 -0.00881553 ...  0.01509629 -0.01908049
  -0.02449339]
 ...
 [ 0.00010955  0.0439323  -0.04911506 ...  0.06975312  0.0449558
  -0.03283203]
 [ 0.04106557  0.05671307 -0.00066976 ...  0.06387014 -0.01292654
   0.00974177]
 [ 0.00297424 -0.0281784  -0.06881659 ... -0.04047417  0.00457048
   0.05696651]]`;

// gluon-1x.md §9's worked example: Uniform(0.07) drawn as 2x20 in a fresh process (numpy 1.24)
export const UNIFORM_2X20_NUMPY = `[[ 0.0068339   0.01299825  0.0301265   0.04819721  0.01438687  0.05011239
   0.00628365  0.04861524 -0.01068833  0.01729892  0.02042518 -0.01618656
  -0.00873779 -0.02834515  0.05484822 -0.06206018  0.06491279 -0.03182812
  -0.01631819 -0.00312688]
 [ 0.0408415   0.04370362  0.00404529 -0.0028032   0.00952624 -0.01501013
   0.05958354  0.04705103 -0.06005495 -0.02276454 -0.0578019   0.02074406
  -0.06716943 -0.01844618  0.04656678  0.06400172  0.03894195 -0.05035089
   0.0518017   0.05181222]]`;

/** MXNet's NDArray repr around numpy text: '\n' + text + '\n<NDArray 2x20 @cpu(0)>'. */
export const repr = (numpy, dims) => `\n${numpy}\n<NDArray ${dims} @cpu(0)>`;

/** A tuple element in the notebook: every line indented by one space. */
export const notebookIndent = (text) => ` ${text.replace(/\n/g, '\n ')}`;

export const X_TEXT = repr(X_NUMPY, '2x20');
export const W0_TEXT = repr(W0_NUMPY, '256x20');
