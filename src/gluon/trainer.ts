// gluon.Trainer: applies an Optimizer to a set of Parameters (gluon-1x.md §7). Parameters from a
// dict are sorted by name (the index is the optimizer's state index), duplicates by identity are
// dropped, grads are rescaled by 1/batchSize, lr/wd are multiplied by each parameter's
// lrMult/wdMult, and a parameter whose gradient was not refreshed by backward is an error unless
// ignoreStaleGrad.
import { StaleGradientError, ValueError } from '../wasm';
import type { NDArray } from '../nd/ndarray';
import { Optimizer, type AdamOptions, type SGDOptions } from './optimizer';
import { createFor } from './optimizer/registry';
import { checkOptionKeys } from './checks';

/** What Trainer needs of a Parameter. */
export interface TrainableParameter {
  readonly name: string;
  gradReq: 'write' | 'add' | 'null';
  lrMult: number;
  wdMult: number;
  data(): NDArray;
  grad(): NDArray;
}

type ParameterSource =
  | { entries(): Iterable<[string, TrainableParameter]> }
  | readonly TrainableParameter[]
  | Record<string, TrainableParameter>;

function isParameter(p: unknown): p is TrainableParameter {
  return !!p && typeof p === 'object' && typeof (p as TrainableParameter).data === 'function' && typeof (p as TrainableParameter).name === 'string' && 'gradReq' in (p as object);
}

function toList(params: ParameterSource): TrainableParameter[] {
  let list: unknown[];
  if (Array.isArray(params)) list = [...params];
  else if (params && typeof (params as { entries?: unknown }).entries === 'function') {
    list = [...(params as { entries(): Iterable<[string, unknown]> }).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  } else if (params && typeof params === 'object') {
    list = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  } else {
    throw new ValueError(`First argument must be a list or dict of Parameters, got ${typeof params}.`);
  }
  for (const p of list) {
    if (!isParameter(p)) throw new ValueError(`First argument must be a list or dict of Parameters, got list of ${p === null ? 'null' : typeof p === 'object' ? (p as object).constructor?.name : typeof p}.`);
  }
  return [...new Set(list as TrainableParameter[])];
}

export interface TrainerOptions {
  learningRate?: number;
  [hyperParameter: string]: unknown;
}

/** The options of the built-in optimizers, by the names Trainer takes. */
interface BuiltinOptions { sgd: SGDOptions; adam: AdamOptions }
/** Trainer's options for optimizer name N: the built-in's own (any case), else anything. */
export type OptionsFor<N extends string> = Lowercase<N> extends keyof BuiltinOptions ? BuiltinOptions[Lowercase<N>] : TrainerOptions;

export interface StepOptions {
  /** Skip parameters whose gradient backward did not refresh, instead of failing. */
  ignoreStaleGrad?: boolean;
}

const STEP_KEYS: readonly (keyof StepOptions)[] = ['ignoreStaleGrad'];

/** N: the optimizer's name when given as one (it types the options); see the constructor. */
export class Trainer<N extends string = string> {
  readonly optimizer: Optimizer;
  private readonly params: TrainableParameter[];
  private readonly states = new Map<number, NDArray[]>();

  /**
   * A built-in optimizer by name has its options typed ('sgd': SGDOptions, 'adam': AdamOptions;
   * MXNet's names are case-insensitive); a name registered with optimizer.register takes any
   * options, checked by its constructor; an Optimizer instance takes none.
   */
  constructor(params: ParameterSource, optimizer: N, options?: OptionsFor<N>);
  constructor(params: ParameterSource, optimizer: Optimizer);
  constructor(params: ParameterSource, optimizer: string | Optimizer, options: TrainerOptions = {}) {
    this.params = toList(params);
    if (optimizer instanceof Optimizer) {
      if (Object.keys(options).length > 0) throw new ValueError('optimizer_params must be None if optimizer is an instance of Optimizer instead of str');
      this.optimizer = optimizer;
    } else {
      // the options are the optimizer's: checked against its keys before it is built
      this.optimizer = createFor(`gluon.Trainer (optimizer '${String(optimizer)}')`, optimizer, options);
    }
  }

  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  setLearningRate(lr: number): void {
    this.optimizer.setLearningRate(lr);
  }

  /** The parameters in optimizer-index order. */
  get parameters(): readonly TrainableParameter[] {
    return this.params;
  }

  /** One optimisation step: rescale grads by 1/batchSize and update every parameter in place. */
  step(batchSize: number, options: StepOptions = {}): void {
    checkOptionKeys('Trainer.step', options, STEP_KEYS);
    if (!(batchSize > 0)) throw new ValueError(`Trainer.step: batchSize must be a positive number, got ${batchSize}`);
    this.optimizer.rescaleGrad = 1 / batchSize;
    this.update(options);
  }

  /** Updates with the optimizer's current rescaleGrad (MXNet's Trainer.update without allreduce). */
  update(options: StepOptions = {}): void {
    checkOptionKeys('Trainer.update', options, STEP_KEYS);
    // check every parameter first: a stale one fails the step before anything is updated
    const live: [number, TrainableParameter, NDArray, NDArray][] = [];
    this.params.forEach((p, i) => {
      if (p.gradReq === 'null') return;
      const data = p.data();
      const grad = p.grad();
      if (!data._fresh) {
        if (options.ignoreStaleGrad) return;
        throw new StaleGradientError(
          `Gradient of Parameter \`${p.name}\` on context cpu(0) has not been updated by backward since last \`step\`. This could mean a bug in your model that made it only use a subset of the Parameters (Blocks) for this iteration. If you are intentionally only using a subset, call step with ignore_stale_grad=True to suppress this warning and skip updating of Parameters with stale gradient`,
        );
      }
      live.push([i, p, data, grad]);
    });
    for (const [i, p, data, grad] of live) {
      let state = this.states.get(i);
      if (!state) this.states.set(i, (state = this.optimizer.createState(i, data)));
      this.optimizer.update(i, data, grad, state, this.optimizer.learningRate * p.lrMult, this.optimizer.wd * p.wdMult);
      data._fresh = false;
    }
  }

  /** Frees the optimizer state arrays. */
  dispose(): void {
    for (const s of this.states.values()) s.forEach((a) => a.dispose());
    this.states.clear();
  }
}
