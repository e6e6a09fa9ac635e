// Adam as MXNet 1.x computes it (gluon-1x.md §7): wd inside the (optional) clip, the bias
// correction folded into the learning rate in float64 on the host, the rest in float32.
import { wasm } from '../../wasm';
import type { NDArray } from '../../nd/ndarray';
import { zeros } from '../../nd/creation';
import { keep } from '../../nd/memory';
import { Optimizer, OPTIMIZER_KEYS, checkNumber, type OptimizerOptions } from './optimizer';
import { checkOptionKeys } from '../checks';

export interface AdamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export const ADAM_KEYS: readonly (keyof AdamOptions)[] = [...OPTIMIZER_KEYS, 'beta1', 'beta2', 'epsilon'];

export class Adam extends Optimizer {
  beta1: number;
  beta2: number;
  epsilon: number;

  constructor(options: AdamOptions = {}) {
    checkOptionKeys('optimizer.Adam', options, ADAM_KEYS);
    super(options, 0.001);
    this.beta1 = checkNumber('beta1', options.beta1 ?? 0.9);
    this.beta2 = checkNumber('beta2', options.beta2 ?? 0.999);
    this.epsilon = checkNumber('epsilon', options.epsilon ?? 1e-8);
  }

  createState(_index: number, weight: NDArray): NDArray[] {
    return [keep(zeros(weight.shape)), keep(zeros(weight.shape))]; // mean, variance
  }

  update(index: number, weight: NDArray, grad: NDArray, state: NDArray[], lr: number, wd: number): void {
    const t = this.nextCount(index);
    const lrT = lr * (Math.sqrt(1 - this.beta2 ** t) / (1 - this.beta1 ** t));
    const [m, v] = state;
    wasm().adam_update_f32(weight._ptr, grad._ptr, m._ptr, v._ptr, weight.size, lrT, this.beta1, this.beta2, this.epsilon, wd, this.rescaleGrad, this.clipForKernel);
  }
}
