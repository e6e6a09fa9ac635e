// The gluon.loss namespace.
export { Loss } from './loss';
export type { LossOptions } from './loss';
export { L2Loss, L1Loss } from './regression';
export { SoftmaxCrossEntropyLoss, SoftmaxCELoss, SigmoidBinaryCrossEntropyLoss, SigmoidBCELoss } from './classification';
export type { SoftmaxCrossEntropyOptions, SigmoidBCEOptions } from './classification';
