// The library's error classes live at the bottom layer so that every layer above can throw them.
// API.md: all errors are GluonError subclasses whose message names the op, the shapes or names
// involved and what was expected.

export class GluonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operand shapes that an op cannot accept (or a bad axis, bad reshape target, ...). */
export class ShapeError extends GluonError {}
/** An NDArray used after dispose(). */
export class DisposedError extends GluonError {}
/** A corrupt, truncated or unsupported MXNet file. */
export class FormatError extends GluonError {}
/** Wasm linear memory could not grow, or the module is not loaded yet. */
export class WasmError extends GluonError {}
/** A Parameter whose initialization was deferred to the first forward pass. */
export class DeferredInitializationError extends GluonError {}
/** A Parameter that was never initialized. */
export class NotInitializedError extends GluonError {}
/** Misuse of autograd (backward without record, a second backward without retainGraph, ...). */
export class AutogradError extends GluonError {}
/** An argument of the wrong kind or value (not a shape problem). */
export class ValueError extends GluonError {}
/** Trainer.step on a parameter whose gradient no backward refreshed since the last step (MXNet raises a UserWarning). */
export class StaleGradientError extends GluonError {}
