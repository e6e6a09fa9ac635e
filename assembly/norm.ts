// Normalization kernels (src/nd/ops/norm.ts).
// BatchNorm over a (outer, c, inner) view, one statistic per channel over outer x inner
// elements (mx:src/operator/nn/batch_norm.cc): the biased variance from a second pass over
// x - mean, invstd = 1/sqrt(var + eps). With inner > 1 each (o, ch) plane is a contiguous run
// (SIMD along it, sums per plane added in f64); with inner == 1 (BatchNorm after a Dense layer)
// the channels are the contiguous axis, so the loops run SIMD across channels instead.
// LayerNorm over the last axis: one statistic per row, SIMD along the row.

import { accumulateRow, hsum, runSum } from './runs';

/** Batch statistics per channel: mean[c], invstd[c] = 1/sqrt(biased var + eps). */
export function bn_stats_f32(x: usize, outer: i32, c: i32, inner: i32, mean: usize, invstd: usize, eps: f32): void {
  const count = <f64>outer * <f64>inner;
  const cBytes = <usize>c << 2;
  if (inner == 1) {
    memory.fill(mean, 0, cBytes);
    memory.fill(invstd, 0, cBytes);
    for (let o = 0; o < outer; o++) accumulateRow(mean, x + <usize>o * cBytes, 0, c, false);
    for (let ch = 0; ch < c; ch++) store<f32>(mean + (<usize>ch << 2), <f32>(<f64>load<f32>(mean + (<usize>ch << 2)) / count));
    for (let o = 0; o < outer; o++) accumulateRow(invstd, x + <usize>o * cBytes, mean, c, true);
    for (let ch = 0; ch < c; ch++) {
      const v = <f32>(<f64>load<f32>(invstd + (<usize>ch << 2)) / count);
      store<f32>(invstd + (<usize>ch << 2), 1 / Mathf.sqrt(v + eps));
    }
    return;
  }
  const planeBytes = <usize>inner << 2;
  for (let ch = 0; ch < c; ch++) {
    let s: f64 = 0;
    for (let o = 0; o < outer; o++) s += <f64>runSum(x + (<usize>o * <usize>c + <usize>ch) * planeBytes, inner, 0, false);
    const m = <f32>(s / count);
    let q: f64 = 0;
    for (let o = 0; o < outer; o++) q += <f64>runSum(x + (<usize>o * <usize>c + <usize>ch) * planeBytes, inner, m, true);
    store<f32>(mean + (<usize>ch << 2), m);
    store<f32>(invstd + (<usize>ch << 2), 1 / Mathf.sqrt(<f32>(q / count) + eps));
  }
}

/** invstd[ch] = 1/sqrt(v[ch] + eps): the running variance turned into the scale the kernels use. */
export function bn_invstd_f32(v: usize, invstd: usize, c: i32, eps: f32): void {
  for (let ch = 0; ch < c; ch++) store<f32>(invstd + (<usize>ch << 2), 1 / Mathf.sqrt(load<f32>(v + (<usize>ch << 2)) + eps));
}

/** scale[ch] = gamma[ch] * invstd[ch] (gamma taken as 1 when fixGamma). */
@inline function fillScale(scale: usize, gamma: usize, invstd: usize, c: i32, fixGamma: i32): void {
  for (let ch = 0; ch < c; ch++) {
    const at = <usize>ch << 2;
    store<f32>(scale + at, (fixGamma != 0 ? <f32>1 : load<f32>(gamma + at)) * load<f32>(invstd + at));
  }
}

/** y = (x - mean[ch]) * gamma[ch] * invstd[ch] + beta[ch]; `scale` is c floats of scratch. */
export function bn_apply_f32(
  x: usize, y: usize, outer: i32, c: i32, inner: i32, mean: usize, invstd: usize,
  gamma: usize, beta: usize, fixGamma: i32, scale: usize,
): void {
  fillScale(scale, gamma, invstd, c, fixGamma);
  if (inner == 1) {
    const end = <usize>c << 2;
    for (let o = 0; o < outer; o++) {
      const xr = x + <usize>o * end, yr = y + <usize>o * end;
      let i: usize = 0;
      for (; i + 16 <= end; i += 16) {
        const v = f32x4.mul(f32x4.sub(v128.load(xr + i), v128.load(mean + i)), v128.load(scale + i));
        v128.store(yr + i, f32x4.add(v, v128.load(beta + i)));
      }
      for (; i < end; i += 4) store<f32>(yr + i, (load<f32>(xr + i) - load<f32>(mean + i)) * load<f32>(scale + i) + load<f32>(beta + i));
    }
    return;
  }
  const end = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let ch = 0; ch < c; ch++) {
      const at = <usize>ch << 2;
      const m = load<f32>(mean + at), s = load<f32>(scale + at), b = load<f32>(beta + at);
      const mv = f32x4.splat(m), sv = f32x4.splat(s), bv = f32x4.splat(b);
      const off = (<usize>o * <usize>c + <usize>ch) * end;
      const xr = x + off, yr = y + off;
      let i: usize = 0;
      for (; i + 16 <= end; i += 16) v128.store(yr + i, f32x4.add(f32x4.mul(f32x4.sub(v128.load(xr + i), mv), sv), bv));
      for (; i < end; i += 4) store<f32>(yr + i, (load<f32>(xr + i) - m) * s + b);
    }
  }
}

/**
 * BatchNorm backward. dbeta[ch] = sum dy, dgamma[ch] = sum dy * xhat (xhat = (x - mean) * invstd).
 * dx (skipped when 0): with batch statistics (batchStats 1)
 *   dx = gamma*invstd * (dy - dbeta/M - xhat * dgamma/M),  M = outer*inner,
 * with running statistics (constants) dx = dy * gamma * invstd. `work` is 3c floats of scratch.
 */
export function bn_grad_f32(
  x: usize, dy: usize, dx: usize, outer: i32, c: i32, inner: i32, mean: usize, invstd: usize,
  gamma: usize, fixGamma: i32, batchStats: i32, dgamma: usize, dbeta: usize, work: usize,
): void {
  const cBytes = <usize>c << 2;
  const count: f32 = <f32>(<f64>outer * <f64>inner);
  // sums: dbeta = sum dy, dot = sum dy * (x - mean), kept in dgamma until scaled by invstd
  memory.fill(dbeta, 0, cBytes);
  memory.fill(dgamma, 0, cBytes);
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const xr = x + <usize>o * cBytes, gr = dy + <usize>o * cBytes;
      let i: usize = 0;
      for (; i + 16 <= cBytes; i += 16) {
        const g = v128.load(gr + i);
        v128.store(dbeta + i, f32x4.add(v128.load(dbeta + i), g));
        v128.store(dgamma + i, f32x4.add(v128.load(dgamma + i), f32x4.mul(g, f32x4.sub(v128.load(xr + i), v128.load(mean + i)))));
      }
      for (; i < cBytes; i += 4) {
        const g = load<f32>(gr + i);
        store<f32>(dbeta + i, load<f32>(dbeta + i) + g);
        store<f32>(dgamma + i, load<f32>(dgamma + i) + g * (load<f32>(xr + i) - load<f32>(mean + i)));
      }
    }
  } else {
    const end = <usize>inner << 2;
    for (let ch = 0; ch < c; ch++) {
      const at = <usize>ch << 2;
      const mv = f32x4.splat(load<f32>(mean + at)), m = load<f32>(mean + at);
      let sg: f64 = 0, sd: f64 = 0;
      for (let o = 0; o < outer; o++) {
        const off = (<usize>o * <usize>c + <usize>ch) * end;
        const xr = x + off, gr = dy + off;
        let ag = f32x4.splat(0), ad = f32x4.splat(0);
        let i: usize = 0;
        for (; i + 16 <= end; i += 16) {
          const g = v128.load(gr + i);
          ag = f32x4.add(ag, g);
          ad = f32x4.add(ad, f32x4.mul(g, f32x4.sub(v128.load(xr + i), mv)));
        }
        let pg = hsum(ag), pd = hsum(ad);
        for (; i < end; i += 4) {
          const g = load<f32>(gr + i);
          pg += g;
          pd += g * (load<f32>(xr + i) - m);
        }
        sg += <f64>pg;
        sd += <f64>pd;
      }
      store<f32>(dbeta + at, <f32>sg);
      store<f32>(dgamma + at, <f32>sd);
    }
  }
  // per channel: dgamma = dot * invstd; coefficients for dx in work: a = gamma*invstd, k = dot*invstd^2/M, mg = sumdy/M
  const a = work, k = work + cBytes, mg = work + (cBytes << 1);
  for (let ch = 0; ch < c; ch++) {
    const at = <usize>ch << 2;
    const is = load<f32>(invstd + at), dot = load<f32>(dgamma + at), sdy = load<f32>(dbeta + at);
    store<f32>(dgamma + at, dot * is);
    store<f32>(a + at, (fixGamma != 0 ? <f32>1 : load<f32>(gamma + at)) * is);
    store<f32>(k + at, batchStats != 0 ? dot * is * is / count : 0);
    store<f32>(mg + at, batchStats != 0 ? sdy / count : 0);
  }
  if (dx == 0) return;
  // dx = (dy - mg - (x - mean) * k) * a
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const xr = x + <usize>o * cBytes, gr = dy + <usize>o * cBytes, dr = dx + <usize>o * cBytes;
      let i: usize = 0;
      for (; i + 16 <= cBytes; i += 16) {
        const proj = f32x4.mul(f32x4.sub(v128.load(xr + i), v128.load(mean + i)), v128.load(k + i));
        const v = f32x4.sub(f32x4.sub(v128.load(gr + i), v128.load(mg + i)), proj);
        v128.store(dr + i, f32x4.mul(v, v128.load(a + i)));
      }
      for (; i < cBytes; i += 4) {
        const proj = (load<f32>(xr + i) - load<f32>(mean + i)) * load<f32>(k + i);
        store<f32>(dr + i, (load<f32>(gr + i) - load<f32>(mg + i) - proj) * load<f32>(a + i));
      }
    }
    return;
  }
  const end = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let ch = 0; ch < c; ch++) {
      const at = <usize>ch << 2;
      const m = load<f32>(mean + at), kk = load<f32>(k + at), g0 = load<f32>(mg + at), aa = load<f32>(a + at);
      const mv = f32x4.splat(m), kv = f32x4.splat(kk), gv = f32x4.splat(g0), av = f32x4.splat(aa);
      const off = (<usize>o * <usize>c + <usize>ch) * end;
      const xr = x + off, gr = dy + off, dr = dx + off;
      let i: usize = 0;
      for (; i + 16 <= end; i += 16) {
        const proj = f32x4.mul(f32x4.sub(v128.load(xr + i), mv), kv);
        v128.store(dr + i, f32x4.mul(f32x4.sub(f32x4.sub(v128.load(gr + i), gv), proj), av));
      }
      for (; i < end; i += 4) store<f32>(dr + i, (load<f32>(gr + i) - g0 - (load<f32>(xr + i) - m) * kk) * aa);
    }
  }
}

/**
 * MXNet's running-statistics update (done in its backward pass):
 * running = running * momentum + batch * (1 - momentum), the batch variance recovered from
 * invstd as 1/invstd^2 - eps (the biased variance).
 */
export function bn_update_running_f32(rm: usize, rv: usize, mean: usize, invstd: usize, c: i32, momentum: f32, eps: f32): void {
  const keep = momentum, take: f32 = 1 - momentum;
  for (let ch = 0; ch < c; ch++) {
    const at = <usize>ch << 2;
    const is = load<f32>(invstd + at);
    const v: f32 = 1 / (is * is) - eps;
    store<f32>(rm + at, load<f32>(rm + at) * keep + load<f32>(mean + at) * take);
    store<f32>(rv + at, load<f32>(rv + at) * keep + v * take);
  }
}

// ---------------------------------------------------------------- LayerNorm (last axis)

/** Per row of d: mean, invstd = 1/sqrt(biased var + eps); y = (x - mean) * invstd * gamma + beta. */
export function ln_forward_f32(x: usize, y: usize, rows: i32, d: i32, gamma: usize, beta: usize, eps: f32, mean: usize, invstd: usize): void {
  const end = <usize>d << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * end, yr = y + <usize>r * end;
    const m = <f32>(<f64>runSum(xr, d, 0, false) / <f64>d);
    const v = <f32>(<f64>runSum(xr, d, m, true) / <f64>d);
    const is: f32 = 1 / Mathf.sqrt(v + eps);
    store<f32>(mean + (<usize>r << 2), m);
    store<f32>(invstd + (<usize>r << 2), is);
    const mv = f32x4.splat(m), sv = f32x4.splat(is);
    let i: usize = 0;
    for (; i + 16 <= end; i += 16) {
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + i), mv), sv);
      v128.store(yr + i, f32x4.add(f32x4.mul(xh, v128.load(gamma + i)), v128.load(beta + i)));
    }
    for (; i < end; i += 4) store<f32>(yr + i, (load<f32>(xr + i) - m) * is * load<f32>(gamma + i) + load<f32>(beta + i));
  }
}

/**
 * LayerNorm backward over rows of d: dgamma[j] = sum_rows dy*xhat, dbeta[j] = sum_rows dy, and
 * (unless dx is 0) dx = invstd * (dy*gamma - mean_j(dy*gamma) - xhat * mean_j(dy*gamma*xhat)).
 */
export function ln_grad_f32(x: usize, dy: usize, dx: usize, rows: i32, d: i32, gamma: usize, mean: usize, invstd: usize, dgamma: usize, dbeta: usize): void {
  const end = <usize>d << 2;
  memory.fill(dgamma, 0, end);
  memory.fill(dbeta, 0, end);
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * end, gr = dy + <usize>r * end;
    const m = load<f32>(mean + (<usize>r << 2)), is = load<f32>(invstd + (<usize>r << 2));
    const mv = f32x4.splat(m), sv = f32x4.splat(is);
    let a1 = f32x4.splat(0), a2 = f32x4.splat(0);
    let i: usize = 0;
    for (; i + 16 <= end; i += 16) {
      const g = v128.load(gr + i);
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + i), mv), sv);
      v128.store(dbeta + i, f32x4.add(v128.load(dbeta + i), g));
      v128.store(dgamma + i, f32x4.add(v128.load(dgamma + i), f32x4.mul(g, xh)));
      const gg = f32x4.mul(g, v128.load(gamma + i));
      a1 = f32x4.add(a1, gg);
      a2 = f32x4.add(a2, f32x4.mul(gg, xh));
    }
    let s1 = hsum(a1), s2 = hsum(a2);
    for (; i < end; i += 4) {
      const g = load<f32>(gr + i);
      const xh = (load<f32>(xr + i) - m) * is;
      store<f32>(dbeta + i, load<f32>(dbeta + i) + g);
      store<f32>(dgamma + i, load<f32>(dgamma + i) + g * xh);
      const gg = g * load<f32>(gamma + i);
      s1 += gg;
      s2 += gg * xh;
    }
    if (dx == 0) continue;
    const dr = dx + <usize>r * end;
    const c1 = s1 / <f32>d, c2 = s2 / <f32>d;
    const c1v = f32x4.splat(c1), c2v = f32x4.splat(c2);
    i = 0;
    for (; i + 16 <= end; i += 16) {
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + i), mv), sv);
      const gg = f32x4.mul(v128.load(gr + i), v128.load(gamma + i));
      v128.store(dr + i, f32x4.mul(f32x4.sub(f32x4.sub(gg, c1v), f32x4.mul(xh, c2v)), sv));
    }
    for (; i < end; i += 4) {
      const xh = (load<f32>(xr + i) - m) * is;
      const gg = load<f32>(gr + i) * load<f32>(gamma + i);
      store<f32>(dr + i, (gg - c1 - xh * c2) * is);
    }
  }
}
