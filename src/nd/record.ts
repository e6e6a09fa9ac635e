// The public autograd scopes. record(fn) turns recording on (and training, by default), runs fn
// synchronously and returns its result. It is also a tidy scope for the graph: arrays created
// inside fn and not returned belong to the tape and are freed when backward releases the graph
// (or at once if no graph needs them), so a training loop stays flat without manual dispose.
import { isNDArray } from './ndarray';
import { state, watchGraph, withRecording, withTraining } from './autograd';
import { closeScope, openScope, survivorsOf } from './scope';

const RECORD = 'the autograd.record(fn) that made it, which frees what fn does not return (return it to keep it, e.g. `return [loss, output]`)';

export function record<T>(fn: () => T, options: { trainMode?: boolean } = {}): T {
  const scope = openScope(RECORD);
  let result: T;
  try {
    result = withRecording(true, options.trainMode ?? true, fn);
  } catch (err) {
    closeScope(scope, null);
    throw err;
  }
  const survivors = survivorsOf(result, isNDArray);
  closeScope(scope, survivors);
  // what fn returns may be dropped without backward: the GC then frees the graph behind it too
  if (survivors instanceof Set) survivors.forEach(watchGraph);
  else if (survivors) watchGraph(survivors);
  return result;
}

/** Runs fn with recording off (and predict mode unless trainMode is true), as MXNet's pause(). */
export function pause<T>(fn: () => T, options: { trainMode?: boolean } = {}): T {
  return withRecording(false, options.trainMode ?? false, fn);
}

export function trainMode<T>(fn: () => T): T {
  return withTraining(true, fn);
}

export function predictMode<T>(fn: () => T): T {
  return withTraining(false, fn);
}

/** Sets the recording flag and returns the previous value (MXNet's set_recording). */
export function setRecording(on: boolean): boolean {
  const before = state.recording;
  state.recording = on;
  return before;
}

export function setTraining(on: boolean): boolean {
  const before = state.training;
  state.training = on;
  return before;
}

export { isRecording, isTraining } from './autograd';
export { backward, markVariables } from './backward';
