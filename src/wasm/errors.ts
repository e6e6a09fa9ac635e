// The library's error classes live at the bottom layer so that every layer above can throw them.
// API.md: all errors are GluonError subclasses whose message names the op, the shapes or names
// involved and what was expected.

// Each class names itself with a string literal, not new.target.name: minifiers rename classes
// (the script-tag build's errors were called "c" and "F").
export class GluonError extends Error {
  override name = 'GluonError';
}

/** Operand shapes that an op cannot accept (or a bad axis, bad reshape target, ...). */
export class ShapeError extends GluonError {
  override name = 'ShapeError';
}
/** An NDArray used after dispose(). */
export class DisposedError extends GluonError {
  override name = 'DisposedError';
}
/** A corrupt, truncated or unsupported MXNet file. */
export class FormatError extends GluonError {
  override name = 'FormatError';
}
/** Wasm linear memory could not grow, or the module is not loaded yet. */
export class WasmError extends GluonError {
  override name = 'WasmError';
}
/** A Parameter whose initialization was deferred to the first forward pass. */
export class DeferredInitializationError extends GluonError {
  override name = 'DeferredInitializationError';
}
/** A Parameter that was never initialized. */
export class NotInitializedError extends GluonError {
  override name = 'NotInitializedError';
}
/** Misuse of autograd (backward without record, a second backward without retainGraph, ...). */
export class AutogradError extends GluonError {
  override name = 'AutogradError';
}
/** An argument of the wrong kind or value (not a shape problem). */
export class ValueError extends GluonError {
  override name = 'ValueError';
}
/** Trainer.step on a parameter whose gradient no backward refreshed since the last step (MXNet raises a UserWarning). */
export class StaleGradientError extends GluonError {
  override name = 'StaleGradientError';
}
