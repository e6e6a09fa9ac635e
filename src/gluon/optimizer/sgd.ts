// SGD with momentum and weight decay: MXNet's default (aggregated multi-SGD) update
//   mom = momentum*mom - (lr*wd)*w - (lr*rs)*g ;  w = w + mom      (gluon-1x.md §7)
import { wasm } from '../../wasm';
import { NDArray } from '../../nd/ndarray';
import { zeros } from '../../nd/creation';
import { keep } from '../../nd/memory';
import { Optimizer, OPTIMIZER_KEYS, checkNumber, type OptimizerOptions } from './optimizer';
import { checkOptionKeys } from '../checks';

export interface SGDOptions extends OptimizerOptions {
  momentum?: number;
}

export const SGD_KEYS: readonly (keyof SGDOptions)[] = [...OPTIMIZER_KEYS, 'momentum'];

export class SGD extends Optimizer {
  momentum: number;

  constructor(options: SGDOptions = {}) {
    checkOptionKeys('optimizer.SGD', options, SGD_KEYS);
    super(options, 0.01);
    this.momentum = checkNumber('momentum', options.momentum ?? 0);
  }

  createState(_index: number, weight: NDArray): NDArray[] {
    // a momentum buffer exists only when momentum != 0
    return this.momentum !== 0 ? [keep(zeros(weight.shape))] : [];
  }

  update(index: number, weight: NDArray, grad: NDArray, state: NDArray[], lr: number, wd: number): void {
    this.nextCount(index);
    const mom = this.momentum !== 0 ? state[0]._ptr : 0;
    wasm().sgd_update_f32(weight._ptr, grad._ptr, mom, weight.size, lr, wd, this.rescaleGrad, this.momentum, this.clipForKernel);
  }
}
