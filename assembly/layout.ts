// Data movement: strided N-d copy (transpose, broadcastTo, tile, repeat, slice, concat, stack)
// and the index kernels (take, pick, one-hot) with their scatter-add gradients.

// meta (i32): shape[ndim], srcStride[ndim], dstStride[ndim], counters[ndim]. Strides in elements.
// accumulate != 0 adds into dst instead of overwriting (the gradient of a broadcast-free gather).
export function copy_strided_f32(src: usize, dst: usize, ndim: i32, meta: usize, accumulate: i32): void {
  const shape = meta, strS = meta + (<usize>ndim << 2), strD = meta + (<usize>ndim << 3), idx = meta + (<usize>ndim * 12);
  const last = ndim - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const ss = load<i32>(strS + (<usize>last << 2)), sd = load<i32>(strD + (<usize>last << 2));
  let rows = 1;
  for (let d = 0; d < last; d++) { rows *= load<i32>(shape + (<usize>d << 2)); store<i32>(idx + (<usize>d << 2), 0); }
  let ps = src, pd = dst;
  for (let r = 0; r < rows; r++) {
    if (accumulate == 0 && ss == 1 && sd == 1) {
      memory.copy(pd, ps, <usize>n << 2);
    } else if (accumulate == 0 && ss == 0 && sd == 1) {
      const v = f32x4.splat(load<f32>(ps));
      const end = <usize>n << 2;
      let i: usize = 0;
      for (; i + 16 <= end; i += 16) v128.store(pd + i, v);
      for (; i < end; i += 4) store<f32>(pd + i, load<f32>(ps));
    } else {
      const bs = <usize>ss << 2, bd = <usize>sd << 2;
      if (accumulate == 0) for (let k = 0; k < n; k++) store<f32>(pd + bd * k, load<f32>(ps + bs * k));
      else for (let k = 0; k < n; k++) store<f32>(pd + bd * k, load<f32>(pd + bd * k) + load<f32>(ps + bs * k));
    }
    for (let d = last - 1; d >= 0; d--) {
      const off = <usize>d << 2;
      const c = load<i32>(idx + off) + 1;
      const es = load<i32>(strS + off), ed = load<i32>(strD + off);
      if (c < load<i32>(shape + off)) {
        store<i32>(idx + off, c);
        ps += <usize>es << 2; pd += <usize>ed << 2;
        break;
      }
      store<i32>(idx + off, 0);
      ps -= <usize>(es * (c - 1)) << 2; pd -= <usize>(ed * (c - 1)) << 2;
    }
  }
}

@inline function clampIndex(v: f32, n: i32, wrap: i32): i32 {
  let k = <i32>v; // truncation toward zero, as MXNet's cast to an integer index
  if (wrap != 0) { k = k % n; if (k < 0) k += n; return k; }
  return k < 0 ? 0 : k >= n ? n - 1 : k;
}

/** take along axis: src (outer, n, inner), indices (m) → dst (outer, m, inner). mode clip or wrap. */
export function take_f32(src: usize, indices: usize, dst: usize, outer: i32, n: i32, inner: i32, m: i32, wrap: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    const s = src + <usize>p * <usize>n * rowBytes, d = dst + <usize>p * <usize>m * rowBytes;
    for (let j = 0; j < m; j++) {
      const k = clampIndex(load<f32>(indices + (<usize>j << 2)), n, wrap);
      memory.copy(d + <usize>j * rowBytes, s + <usize>k * rowBytes, rowBytes);
    }
  }
}

/** Gradient of take: grad (outer, m, inner) is added into dst (outer, n, inner) at the indices. */
export function take_grad_f32(grad: usize, indices: usize, dst: usize, outer: i32, n: i32, inner: i32, m: i32, wrap: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    const g = grad + <usize>p * <usize>m * rowBytes, d = dst + <usize>p * <usize>n * rowBytes;
    for (let j = 0; j < m; j++) {
      const k = clampIndex(load<f32>(indices + (<usize>j << 2)), n, wrap);
      const dr = d + <usize>k * rowBytes, gr = g + <usize>j * rowBytes;
      for (let t: usize = 0; t < rowBytes; t += 4) store<f32>(dr + t, load<f32>(dr + t) + load<f32>(gr + t));
    }
  }
}

/** pick: src (outer, n, inner), index (outer, inner) → dst (outer, inner). */
export function pick_f32(src: usize, index: usize, dst: usize, outer: i32, n: i32, inner: i32, wrap: i32): void {
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const at = <usize>p * <usize>inner + <usize>j;
      const k = clampIndex(load<f32>(index + (at << 2)), n, wrap);
      store<f32>(dst + (at << 2), load<f32>(src + ((<usize>p * <usize>n * <usize>inner + <usize>k * <usize>inner + <usize>j) << 2)));
    }
  }
}

/** Gradient of pick: grad (outer, inner) added into dst (outer, n, inner) at the picked positions. */
export function pick_grad_f32(grad: usize, index: usize, dst: usize, outer: i32, n: i32, inner: i32, wrap: i32): void {
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const at = <usize>p * <usize>inner + <usize>j;
      const k = clampIndex(load<f32>(index + (at << 2)), n, wrap);
      const q = dst + ((<usize>p * <usize>n * <usize>inner + <usize>k * <usize>inner + <usize>j) << 2);
      store<f32>(q, load<f32>(q) + load<f32>(grad + (at << 2)));
    }
  }
}

/** one_hot: indices (m) → dst (m, depth) with onValue at the index, offValue elsewhere; out-of-range rows stay off. */
export function one_hot_f32(indices: usize, dst: usize, m: i32, depth: i32, onValue: f32, offValue: f32): void {
  for (let j = 0; j < m; j++) {
    const row = dst + (<usize>j * <usize>depth << 2);
    for (let t = 0; t < depth; t++) store<f32>(row + (<usize>t << 2), offValue);
    const k = <i32>load<f32>(indices + (<usize>j << 2));
    if (k >= 0 && k < depth) store<f32>(row + (<usize>k << 2), onValue);
  }
}
