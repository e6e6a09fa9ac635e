// The optimiser base: hyper-parameters as MXNet 1.x keeps them, per-parameter update counts,
// and the state each subclass needs. Updates run as fused in-place wasm kernels; the
// hyper-parameters reach them as float32 (MXNet parses str(value) into float32 on the C++ side;
// Math.fround agrees except in rare double-rounding cases).
import type { NDArray } from '../../nd/ndarray';
import { finiteNumber } from '../checks';

export interface OptimizerOptions {
  learningRate?: number;
  wd?: number;
  rescaleGrad?: number;
  /** Clip each rescaled gradient to [-c, c]; null/undefined/0 disable it (MXNet's `if clip_gradient:`). */
  clipGradient?: number | null;
}

/** The keys of OptimizerOptions (MXNet's lr_scheduler, multi_precision, ... are not supported). */
export const OPTIMIZER_KEYS: readonly (keyof OptimizerOptions)[] = ['learningRate', 'wd', 'rescaleGrad', 'clipGradient'];

export abstract class Optimizer {
  learningRate: number;
  wd: number;
  rescaleGrad: number;
  clipGradient: number | null;
  private readonly counts = new Map<number, number>();

  constructor(options: OptimizerOptions, defaultLearningRate: number) {
    this.learningRate = checkNumber('learningRate', options.learningRate ?? defaultLearningRate);
    this.wd = checkNumber('wd', options.wd ?? 0);
    this.rescaleGrad = checkNumber('rescaleGrad', options.rescaleGrad ?? 1);
    const clip = options.clipGradient ?? null;
    this.clipGradient = clip === null ? null : checkNumber('clipGradient', clip);
  }

  /** Fresh state arrays (kept alive by the caller) for the parameter at `index`. */
  abstract createState(index: number, weight: NDArray): NDArray[];

  /** One in-place update of `weight` from `grad` with the effective lr and wd of that parameter. */
  abstract update(index: number, weight: NDArray, grad: NDArray, state: NDArray[], lr: number, wd: number): void;

  /** Increments and returns the update count t of parameter `index` (1 on its first update). */
  protected nextCount(index: number): number {
    const t = (this.counts.get(index) ?? 0) + 1;
    this.counts.set(index, t);
    return t;
  }

  /** clip as the kernels take it: a negative value means off. */
  /** MXNet passes clip_gradient when truthy and its kernels clip only when it is >= 0. */
  protected get clipForKernel(): number {
    return this.clipGradient && this.clipGradient > 0 ? this.clipGradient : -1;
  }

  setLearningRate(lr: number): void {
    this.learningRate = checkNumber('learningRate', lr);
  }
}

/** A hyper-parameter as a finite number, or a ValueError naming it. */
export function checkNumber(name: string, value: number): number {
  return finiteNumber('optimizer', name, value);
}
