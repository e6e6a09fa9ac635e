// gluon.data (mx:python/mxnet/gluon/data/dataset.py, dataloader.py): ArrayDataset over arrays
// whose first axis is the sample, and a DataLoader that iterates it in batches, as D2L's
// `for X, y in train_iter` loops do. Batches are NDArrays along axis 0: views when in order, gathered
// copies when shuffled. A batch lives until the loader hands out the next one (or the loop ends),
// so a synchronous epoch keeps nd.memory() flat without the user disposing anything; keep a batch
// longer with batch.copy().
import { ShapeError, ValueError } from '../wasm';
import { NDArray, checkArray, describeValue } from '../nd/ndarray';
import { reshape, sliceAxis } from '../nd/ops/shape';
import { take } from '../nd/ops/indexing';
import { arange } from '../nd/creation';
import { shuffle } from '../nd/random';
import { checkOptionKeys } from './checks';

/** One sample or one batch: an array for a one-array dataset, else one array per dataset array. */
export type Batch<T extends NDArray[]> = T extends [NDArray] ? NDArray : { [K in keyof T]: NDArray };

/** Samples along axis 0 of one or more arrays of equal length: MXNet's ArrayDataset(*args). */
export class ArrayDataset<T extends NDArray[] = NDArray[]> {
  readonly arrays: T;

  constructor(...arrays: T) {
    if (arrays.length === 0) throw new ValueError('gluon.data.ArrayDataset: needs at least one array');
    arrays.forEach((a, i) => checkArray('gluon.data.ArrayDataset', a, `array ${i}`));
    const n = arrays[0].shape[0];
    for (const [i, a] of arrays.entries()) {
      if (a.ndim === 0 || a.shape[0] !== n) {
        throw new ShapeError(`gluon.data.ArrayDataset: all arrays must have the same length along axis 0; array 0 has ${n}, array ${i} has shape (${a.shape.join(', ')})`);
      }
    }
    this.arrays = arrays;
  }

  /** Number of samples (Python's len(dataset)). */
  get length(): number {
    return this.arrays[0].shape[0];
  }

  /** Sample i (negative counts from the end): one array's row, or one row of each array. */
  at(i: number): Batch<T> {
    const n = this.length;
    if (!Number.isInteger(i) || i < -n || i >= n) throw new ValueError(`gluon.data.ArrayDataset: index ${String(i)} is out of range for ${n} samples`);
    const k = i < 0 ? n + i : i;
    const rows = this.arrays.map((a) => {
      const row = sliceAxis(a, 0, k, k + 1);
      const sample = reshape(row, a.ndim > 1 ? a.shape.slice(1) : [1]); // a view, as MXNet's a[i]
      row.dispose();
      return sample;
    });
    return (rows.length === 1 ? rows[0] : rows) as Batch<T>;
  }
}

export interface DataLoaderOptions {
  /** Samples per batch (required, as MXNet's batch_size). */
  batchSize: number;
  /** A new order each epoch, drawn from nd.random (seeded by nd.random.seed; MXNet draws from numpy). */
  shuffle?: boolean;
  /** The last, smaller batch: 'keep' it (default) or 'discard' it. */
  lastBatch?: 'keep' | 'discard';
}

const LOADER_KEYS: readonly (keyof DataLoaderOptions)[] = ['batchSize', 'shuffle', 'lastBatch'];

const FREED_BY = 'the DataLoader iteration that made it, which frees each batch when it hands out the next (batch.copy() keeps one)';

/** Batches of a dataset: `for (const [x, y] of loader)`; a one-array dataset yields arrays. */
export class DataLoader<T extends NDArray[] = NDArray[]> implements Iterable<Batch<T>> {
  readonly dataset: ArrayDataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly lastBatch: 'keep' | 'discard';

  constructor(dataset: ArrayDataset<T>, options: DataLoaderOptions) {
    if (!(dataset instanceof ArrayDataset)) throw new ValueError(`gluon.data.DataLoader: expected an ArrayDataset, got ${describeValue(dataset)}`);
    checkOptionKeys('gluon.data.DataLoader', options, LOADER_KEYS);
    const { batchSize, shuffle: shuffled = false, lastBatch = 'keep' } = options ?? ({} as DataLoaderOptions);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`gluon.data.DataLoader: batchSize must be a positive integer, got ${describeValue(batchSize)}`);
    if (lastBatch !== 'keep' && lastBatch !== 'discard') {
      throw new ValueError(`gluon.data.DataLoader: lastBatch must be 'keep' or 'discard', got ${describeValue(lastBatch)} (MXNet's 'rollover' is not supported)`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = !!shuffled;
    this.lastBatch = lastBatch;
  }

  /** Batches an epoch yields (Python's len(loader)). */
  get length(): number {
    const n = this.dataset.length;
    return this.lastBatch === 'discard' ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<Batch<T>> {
    const n = this.dataset.length, count = this.length;
    const order = this.shuffle ? permutation(n) : null;
    let previous: NDArray[] = [];
    try {
      for (let b = 0; b < count; b++) {
        const start = b * this.batchSize, end = Math.min(n, start + this.batchSize);
        const indices = order?.slice(start, end);
        const batch = this.dataset.arrays.map((a) => (indices ? take(a, indices) : sliceAxis(a, 0, start, end)));
        release(previous);
        previous = batch;
        yield (batch.length === 1 ? batch[0] : batch) as Batch<T>;
      }
    } finally {
      release(previous); // the loop ended or broke out
    }
  }
}

/** A permutation of 0..n-1 from nd.random's shuffle engine. */
function permutation(n: number): number[] {
  const ordered = arange(0, n);
  const shuffled = shuffle(ordered);
  const out = Array.from(shuffled.toFloat32Array());
  ordered.dispose();
  shuffled.dispose();
  return out;
}

function release(batch: NDArray[]): void {
  for (const a of batch) a._freeAs(FREED_BY);
}
