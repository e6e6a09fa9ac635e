// gluon-wasm's public surface (API.md) and nothing else.
export * as nd from './nd';
export * as autograd from './nd/record';
export { NDArray } from './nd/ndarray';
export { ready, backend } from './wasm';
export type { ReadyOptions, BackendInfo } from './wasm';
export {
  GluonError, ShapeError, DisposedError, FormatError, WasmError, DeferredInitializationError,
  NotInitializedError, AutogradError, ValueError, StaleGradientError,
} from './wasm';
export * as nn from './gluon/nn';
export * as init from './gluon/init';
export * as gluon from './gluon';
export { Parameter, ParameterDict } from './gluon';
export * as optimizer from './gluon/optimizer';
