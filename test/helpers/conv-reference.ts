// Plain-JS float64 references for 2-D NCHW convolution and pooling (straight loops over the
// definitions, no im2col), used by the conv, pool and LeNet fixture tests.

export interface ConvSpec { stride?: [number, number]; pad?: [number, number]; dil?: [number, number]; groups?: number }

export function convOutSize(h: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/**
 * Every tap of the convolution by its definition: for each output element (its flat index oi and
 * channel oc), every in-image product x[xi] · w[wi] it sums (out[n][o][i][j] = b[o] + sum over the
 * group's channels c and taps ki, kj of x[n][c][i*s-p+ki*d][j*s-p+kj*d] · w[o][c'][ki][kj]).
 */
function forEachTap(xs: number[], ws: number[], spec: ConvSpec, visit: (oi: number, oc: number, xi: number, wi: number) => void, visitOut: (oi: number, oc: number) => void): number[] {
  const [n, c, h, wd] = xs;
  const [o, cg, kh, kw] = ws;
  const [sh, sw] = spec.stride ?? [1, 1], [ph, pw] = spec.pad ?? [0, 0], [dh, dw] = spec.dil ?? [1, 1];
  const og = o / (spec.groups ?? 1);
  const ho = convOutSize(h, kh, sh, ph, dh), wo = convOutSize(wd, kw, sw, pw, dw);
  for (let img = 0; img < n; img++) {
    for (let oc = 0; oc < o; oc++) {
      const g = Math.floor(oc / og);
      for (let i = 0; i < ho; i++) {
        for (let j = 0; j < wo; j++) {
          const oi = ((img * o + oc) * ho + i) * wo + j;
          visitOut(oi, oc);
          for (let cc = 0; cc < cg; cc++) {
            const ci = g * cg + cc;
            for (let ki = 0; ki < kh; ki++) {
              const ih = i * sh - ph + ki * dh;
              if (ih < 0 || ih >= h) continue;
              for (let kj = 0; kj < kw; kj++) {
                const iw = j * sw - pw + kj * dw;
                if (iw < 0 || iw >= wd) continue;
                visit(oi, oc, ((img * c + ci) * h + ih) * wd + iw, ((oc * cg + cc) * kh + ki) * kw + kj);
              }
            }
          }
        }
      }
    }
  }
  return [n, o, ho, wo];
}

/** The convolution by definition (forEachTap), float64. */
export function refConv2d(x: ArrayLike<number>, xs: number[], w: ArrayLike<number>, ws: number[], b: ArrayLike<number> | null, spec: ConvSpec = {}): { data: Float64Array; shape: number[] } {
  const [n, , h, wd] = xs, [o, , kh, kw] = ws;
  const [sh, sw] = spec.stride ?? [1, 1], [ph, pw] = spec.pad ?? [0, 0], [dh, dw] = spec.dil ?? [1, 1];
  const out = new Float64Array(n * o * convOutSize(h, kh, sh, ph, dh) * convOutSize(wd, kw, sw, pw, dw));
  const shape = forEachTap(xs, ws, spec, (oi, _oc, xi, wi) => { out[oi] += x[xi] * w[wi]; }, (oi, oc) => { out[oi] = b ? b[oc] : 0; });
  return { data: out, shape };
}

/** Gradients of sum(conv(x, w) * gz) with respect to x, w and b, from the same taps. */
export function refConv2dGrad(x: ArrayLike<number>, xs: number[], w: ArrayLike<number>, ws: number[], gz: ArrayLike<number>, spec: ConvSpec = {}): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const dx = new Float64Array(x.length), dwt = new Float64Array(w.length), db = new Float64Array(ws[0]);
  forEachTap(xs, ws, spec, (oi, _oc, xi, wi) => {
    dx[xi] += gz[oi] * w[wi];
    dwt[wi] += gz[oi] * x[xi];
  }, (oi, oc) => { db[oc] += gz[oi]; });
  return { dx, dw: dwt, db };
}

export interface PoolSpec { k: [number, number]; s: [number, number]; p: [number, number]; ceil?: boolean; includePad?: boolean }

export function poolOutSize(h: number, k: number, s: number, p: number, ceil: boolean): number {
  return 1 + (ceil ? Math.ceil : Math.floor)((h + 2 * p - k) / s);
}

/** Max or average pooling by definition; avg divides by the padded or the in-bounds window. */
export function refPool2d(x: ArrayLike<number>, xs: number[], type: 'max' | 'avg', spec: PoolSpec): { data: Float64Array; shape: number[] } {
  const [n, c, h, w] = xs;
  const { k: [kh, kw], s: [sh, sw], p: [ph, pw] } = spec;
  const ho = poolOutSize(h, kh, sh, ph, !!spec.ceil), wo = poolOutSize(w, kw, sw, pw, !!spec.ceil);
  const out = new Float64Array(n * c * ho * wo);
  for (let pl = 0; pl < n * c; pl++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        const h0 = i * sh - ph, w0 = j * sw - pw;
        // MXNet's max (mx:src/operator/nn/pool.h): `if (v > m) m = v` from the lowest float, so NaN
        // is skipped, the first of +0/-0 is kept and an empty window gives the lowest float
        let m = -3.4028234663852886e38, s = 0, inside = 0;
        for (let a = h0; a < h0 + kh; a++) {
          for (let b = w0; b < w0 + kw; b++) {
            if (a < 0 || a >= h || b < 0 || b >= w) continue;
            const v = x[(pl * h + a) * w + b];
            if (v > m) m = v;
            s += v;
            inside++;
          }
        }
        // the padded window: clipped to [-p, in + p)
        const padded = (Math.min(h0 + kh, h + ph) - h0) * (Math.min(w0 + kw, w + pw) - w0);
        out[(pl * ho + i) * wo + j] = type === 'max' ? m : s / ((spec.includePad ?? true) ? padded : inside);
      }
    }
  }
  return { data: out, shape: [n, c, ho, wo] };
}
