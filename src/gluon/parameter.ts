// gluon.Parameter (mx:python/mxnet/gluon/parameter.py, gluon-1x.md §2): a named weight with a
// possibly partly unknown shape (0 = unknown), deferred initialization, a gradient buffer by
// gradReq, and MXNet's error texts. Data and grad arrays are nd.keep()-ed: deferred init usually
// runs inside autograd.record() at the first forward, whose scope would otherwise free them.
import { AutogradError, DeferredInitializationError, NotInitializedError, ShapeError, ValueError } from '../wasm';
import { NDArray } from '../nd/ndarray';
import { zeros } from '../nd/creation';
import { copy } from '../nd/ops/elementwise';
import { keep, tidy } from '../nd/memory';
import { pause } from '../nd/record';
import { markVariables } from '../nd/backward';
import type { GradReq } from '../nd/autograd';
import { Uniform, type InitLike } from './init';
import { runInitializer } from './init/create';
import { inspectSymbol, pyTuple } from './format';
import { checkOptionKeys, isPlainObject } from './checks';
import { warn } from './warn';

export type { GradReq };
export type ShapeArg = number | readonly number[];

export interface ParameterOptions {
  /** Dimensions of 0 are unknown until the first forward (deferred initialization). */
  shape?: ShapeArg | null;
  dtype?: 'float32';
  /** This parameter's own initializer: beats the one given to Block/ParameterDict.initialize. */
  init?: InitLike | null;
  gradReq?: GradReq;
  lrMult?: number;
  wdMult?: number;
  allowDeferredInit?: boolean;
  /** false forces gradReq 'null'. */
  differentiable?: boolean;
}

/** The keys of ParameterOptions (MXNet's stype and grad_stype are not supported). */
export const PARAMETER_KEYS: readonly (keyof ParameterOptions)[] = ['shape', 'dtype', 'init', 'gradReq', 'lrMult', 'wdMult', 'allowDeferredInit', 'differentiable'];

export interface ParameterInitOptions {
  /** Beats the parameter's own init. */
  init?: InitLike | null;
  /** Used when neither `init` nor the parameter's own init is set (default Uniform(0.07)). */
  defaultInit?: InitLike;
  forceReinit?: boolean;
}

const INIT_KEYS: readonly (keyof ParameterInitOptions)[] = ['init', 'defaultInit', 'forceReinit'];

interface PendingInit {
  init: InitLike;
  defaultInit: InitLike;
  /** Values given by setData before the deferred init finished (used instead of init). */
  data: NDArray | null;
}

/** A shape is known when it exists, has at least one dimension and no dimension is 0. */
export function shapeIsKnown(shape: readonly number[] | null): boolean {
  return shape !== null && shape.length > 0 && shape.every((d) => d > 0);
}

export function normalizeShape(op: string, shape: ShapeArg): number[] {
  const s = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...shape] : null;
  if (s === null || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: a shape must be a number or an array of non-negative integers (0 = unknown), got ${String(shape)}`);
  }
  return s;
}

const GRAD_REQS: readonly string[] = ['write', 'add', 'null'];

function checkGradReq(req: unknown): GradReq {
  if (typeof req !== 'string' || !GRAD_REQS.includes(req)) {
    throw new ValueError(`grad_req must be one of 'write', 'add', or 'null', but got '${String(req)}'`);
  }
  return req as GradReq;
}

export class Parameter {
  readonly name: string;
  /** The parameter's own initializer (a layer's weightInitializer / biasInitializer). */
  init: InitLike | null;
  lrMult: number;
  wdMult: number;
  /** @internal */ _shape: number[] | null;
  /** @internal dtype given explicitly (repr 'float32') or left at the default (numpy.float32 class). */
  _dtypeGiven: boolean;
  /** @internal */ _gradReq: GradReq;
  /** @internal */ _differentiable: boolean;
  /** @internal */ _allowDeferredInit: boolean;
  /** @internal */ _data: NDArray | null = null;
  /** @internal */ _grad: NDArray | null = null;
  /** @internal */ _deferred: PendingInit | null = null;

  constructor(name: string, options: ParameterOptions = {}) {
    if (typeof name !== 'string') throw new ValueError(`Parameter: name must be a string, got ${String(name)}`);
    checkOptionKeys(`Parameter '${name}'`, options, PARAMETER_KEYS);
    if (options.dtype !== undefined && options.dtype !== 'float32') {
      throw new ValueError(`Parameter '${name}': dtype '${String(options.dtype)}' is not supported; gluon-wasm parameters are float32`);
    }
    this.name = name;
    this._shape = options.shape === undefined || options.shape === null ? null : normalizeShape(`Parameter '${name}'`, options.shape);
    this._dtypeGiven = options.dtype !== undefined;
    this.init = options.init ?? null;
    this.lrMult = options.lrMult ?? 1;
    this.wdMult = options.wdMult ?? 1;
    this._allowDeferredInit = options.allowDeferredInit ?? false;
    this._differentiable = options.differentiable ?? true;
    const req = checkGradReq(options.gradReq ?? 'write');
    this._gradReq = this._differentiable ? req : 'null';
  }

  get dtype(): 'float32' {
    return 'float32';
  }

  get differentiable(): boolean {
    return this._differentiable;
  }

  get allowDeferredInit(): boolean {
    return this._allowDeferredInit;
  }

  /** The shape, with 0 for dimensions not known yet (null when none was given). */
  get shape(): readonly number[] | null {
    return this._shape;
  }

  /** MXNet's shape setter: only unknown (0) dimensions may change; the ndim must stay. */
  set shape(shape: ShapeArg | null) {
    if (shape === null) throw new ShapeError(`Parameter '${this.name}': the shape cannot be reset to None`);
    this._shape = this._mergeShape('shape', normalizeShape(`Parameter '${this.name}'`, shape));
  }

  /** @internal checks that `next` may replace the stored shape and returns it. */
  _mergeShape(op: string, next: number[]): number[] {
    const cur = this._shape;
    if (cur === null) return next;
    if (cur.length !== next.length || cur.some((d, i) => d !== 0 && d !== next[i])) {
      throw new ShapeError(
        `${op}: Parameter '${this.name}' has shape ${pyTuple(cur)}, which is incompatible with shape ${pyTuple(next)}: ` +
          'the number of dimensions must match and only unknown (0) dimensions can change',
      );
    }
    return next;
  }

  get gradReq(): GradReq {
    return this._gradReq;
  }

  /** 'null' drops the gradient buffer; switching back allocates a new zero one (MXNet's setter). */
  set gradReq(value: GradReq) {
    let req = checkGradReq(value);
    if (!this._differentiable) req = 'null';
    if (req === this._gradReq) return;
    this._gradReq = req;
    if (req === 'null' && this._grad !== null) {
      this._grad = null;
      this._data = keep(this._data!.detach());
    } else if (this._data !== null) {
      this._initGrad();
    }
  }

  /**
   * Initializes the data now, or records a deferred init when the shape still has unknown
   * dimensions (allowDeferredInit). The initializer is `init`, else the parameter's own init,
   * else `defaultInit` (Uniform(0.07)). An initialized parameter is left alone with MXNet's
   * warning unless forceReinit.
   */
  initialize(init?: InitLike | null | ParameterInitOptions, options: ParameterInitOptions = {}): void {
    const where = `Parameter '${this.name}'.initialize`;
    if (isPlainObject(init)) checkOptionKeys(where, init, INIT_KEYS);
    checkOptionKeys(where, options, INIT_KEYS);
    const o: ParameterInitOptions = isPlainObject<ParameterInitOptions>(init) ? init : { ...options, init: init ?? options.init };
    const defaultInit = o.defaultInit ?? new Uniform();
    if (this._data !== null && !o.forceReinit) {
      warn(`Parameter '${this.name}' is already initialized, ignoring. Set force_reinit=True to re-initialize.`);
      return;
    }
    const chosen = o.init ?? this.init ?? defaultInit;
    if (!shapeIsKnown(this._shape)) {
      if (!this._allowDeferredInit) {
        throw new ValueError(
          `Cannot initialize Parameter '${this.name}' because it has invalid shape: ${pyTuple(this._shape)}. ` +
            'Give it a shape without unknown (0) dimensions, or create it with allowDeferredInit: true.',
        );
      }
      this._data = this._grad = null;
      this._setPending({ init: chosen, defaultInit, data: null });
      return;
    }
    const previous = this._deferred;
    this._deferred = { init: chosen, defaultInit, data: null };
    try {
      this._finishDeferredInit();
    } catch (err) {
      this._deferred = previous;
      throw err;
    }
  }

  private _setPending(pending: PendingInit): void {
    if (this._deferred?.data && this._deferred.data !== pending.data) this._deferred.data.dispose();
    this._deferred = pending;
  }

  /**
   * @internal Runs the pending initialization once the shape is known (blocks call this after
   * inferring shapes at the first forward). Draws happen here, under autograd.pause().
   */
  _finishDeferredInit(): void {
    const pending = this._deferred;
    if (!pending) return;
    if (!shapeIsKnown(this._shape)) {
      throw new ShapeError(
        `Cannot initialize Parameter '${this.name}' because it has invalid shape: ${pyTuple(this._shape)}. Please specify in_units, in_channels, etc for \`Block\`s.`,
      );
    }
    const shape = this._shape!;
    const data = pending.data ?? pause(() => {
      const arr = keep(zeros(shape));
      try {
        tidy(() => runInitializer(pending.init, pending.defaultInit, this.name, arr));
      } catch (err) {
        arr.dispose();
        throw err;
      }
      return arr;
    });
    this._deferred = null;
    this._data = keep(data);
    this._initGrad();
  }

  /** @internal a fresh zero gradient buffer marked on the data (none for gradReq 'null'). */
  _initGrad(): void {
    const data = this._data!;
    if (this._gradReq === 'null') {
      this._grad = null;
      return;
    }
    this._grad = keep(zeros(data.shape));
    markVariables([data], [this._grad], this._gradReq);
  }

  private _get(arr: NDArray | null): NDArray {
    if (arr !== null) return arr;
    if (this._deferred) {
      throw new DeferredInitializationError(
        `Parameter '${this.name}' has not been initialized yet because initialization was deferred. Actual initialization happens during the first forward pass. Please pass one batch of data through the network before accessing Parameters. You can also avoid deferred initialization by specifying in_units, num_features, etc., for network layers.`,
      );
    }
    throw new NotInitializedError(
      `Parameter '${this.name}' has not been initialized. Note that you should initialize parameters and create Trainer with Block.collect_params() instead of Block.params because the later does not include Parameters of nested child Blocks`,
    );
  }

  /** The stored array itself (not a copy). */
  data(): NDArray {
    return this._get(this._data);
  }

  listData(): NDArray[] {
    return [this.data()];
  }

  /** The gradient buffer itself (zeros until a backward pass writes it). */
  grad(): NDArray {
    if (this._data !== null && this._grad === null) {
      throw new AutogradError(`Cannot get gradient array for Parameter '${this.name}' because grad_req='null'`);
    }
    return this._get(this._grad);
  }

  listGrad(): NDArray[] {
    return [this.grad()];
  }

  /** Contexts holding (or about to hold) the data: gluon-wasm has one, 'cpu(0)'. */
  listCtx(): string[] {
    if (this._data === null && this._deferred === null) {
      throw new NotInitializedError(`Parameter '${this.name}' has not been initialized`);
    }
    return ['cpu(0)'];
  }

  /**
   * Overwrites the values (in place, so arrays handed out by data() see them). Before a
   * deferred init has finished, the values are kept and used instead of the initializer.
   */
  setData(data: NDArray): void {
    if (!(data instanceof NDArray)) throw new ValueError(`setData: Parameter '${this.name}' expects an NDArray, got ${String(data)}`);
    data._check('setData');
    const shape = this._mergeShape('setData', [...data.shape]);
    if (this._data === null && this._deferred === null) {
      throw new NotInitializedError(`Parameter '${this.name}' has not been initialized. Call initialize() on it (or on its Block) before setData().`);
    }
    this._shape = shape;
    if (this._data === null) {
      this._setPending({ ...this._deferred!, data: keep(pause(() => copy(data))) });
      return;
    }
    this._data.setData(data);
  }

  /** Writes zeros into the gradient buffer (nothing for gradReq 'null'). */
  zeroGrad(): void {
    if (this._grad !== null) this._grad.setData(0);
  }

  /**
   * @internal throws unless `data` can be loaded into this parameter: every stored dimension 0 or
   * equal to the file's. (MXNet zips the two shapes, so an ndim mismatch slips through there; it
   * is an error here.) Loaders call it for every parameter before writing any.
   */
  _checkLoad(data: NDArray): void {
    const cur = this._shape;
    if (cur === null || cur.length === 0) return;
    if (cur.length !== data.ndim || cur.some((d, i) => d !== 0 && d !== data.shape[i])) {
      throw new ShapeError(`Failed loading Parameter '${this.name}' from saved params: shape incompatible expected ${pyTuple(cur)} vs saved ${pyTuple(data.shape)}`);
    }
  }

  /**
   * @internal MXNet's _load_init: takes `data` (e.g. read from a file) as the value. Stored
   * dimensions must be 0 or equal to the file's; an uninitialized parameter is initialized with a
   * copy, an initialized one is overwritten in place.
   */
  _loadInit(data: NDArray): void {
    this._checkLoad(data);
    const cur = this._shape;
    if (cur !== null && cur.length > 0) this._shape = cur.map((d, i) => (d === 0 ? data.shape[i] : d));
    if (this._data === null) {
      this._deferred?.data?.dispose();
      this._deferred = null;
      if (cur === null || cur.length === 0) this._shape = [...data.shape];
      this._data = keep(pause(() => copy(data)));
      this._initGrad();
    } else {
      this.setData(data);
    }
  }

  /** `Parameter dense0_weight (shape=(256, 20), dtype=float32)`; unknown dimensions print as 0. */
  toString(): string {
    return `Parameter ${this.name} (shape=${pyTuple(this._shape)}, dtype=${this._dtypeGiven ? 'float32' : "<class 'numpy.float32'>"})`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

