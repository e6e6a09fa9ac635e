// conv2d: MXNet's Convolution for 2-D NCHW data, weight (O, C/groups, kh, kw). Forward per image
// and group: im2col (assembly/conv.ts) unrolls a band of output rows into a column matrix in the
// reusable 'im2col' scratch block, then one packed GEMM writes W_g · col straight into the output
// planes (ldc = Ho*Wo); bias + activation follow in one pass over the planes. The band is sized
// so the column matrix stays under COL_BYTES, whatever the image size. A 1x1 kernel with stride 1
// and no padding needs no im2col: the image itself is the column matrix.
// Backward (activation gradient through the output first): db = per-channel sums;
// dW_g += gz_g · colᵀ (col rebuilt per band; the transpose is a GEMM flag); dx via
// dcol = W_gᵀ · gz_g and col2im, only when x needs a gradient (not for the input layer).
import { ShapeError, ValueError, scratch, wasm } from '../../wasm';
import { NDArray } from '../ndarray';
import { record, requiresGrad } from '../autograd';
import { fmtShape } from './broadcast';
import { activationCode, type ActivationName } from './nn';

/** Upper bound of the column matrix of one band (bytes): 4 MiB keeps it near L2 and memory flat. */
const COL_BYTES = 4 << 20;

export type Pair = number | readonly [number, number] | readonly number[];

export interface Conv2DOptions {
  /** Step of the window (default 1). */
  stride?: Pair;
  /** Zeros added on each side (default 0). */
  padding?: Pair;
  /** Spacing of kernel taps (default 1). */
  dilation?: Pair;
  /** Input and output channels are split into this many independent groups (default 1). */
  groups?: number;
  /** Fused activation applied after the bias. */
  activation?: ActivationName | null;
}

/** An int or a pair of ints, each >= min: MXNet expands an int to (v, v). */
export function toPair(op: string, name: string, v: Pair | undefined, fallback: number, min: number): [number, number] {
  const p = v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [...v];
  if (p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new ValueError(`${op}: ${name} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p as [number, number];
}

interface Geometry {
  n: number; c: number; h: number; w: number; o: number; groups: number; cg: number; og: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  ho: number; wo: number; K: number; P: number;
  /** 1x1, stride 1, no padding: the image is its own column matrix. */
  direct: boolean;
  /** output rows per band */
  band: number;
}

function geometry(x: NDArray, weight: NDArray, bias: NDArray | null, options: Conv2DOptions): Geometry {
  const op = 'conv2d';
  if (x.ndim !== 4) throw new ShapeError(`${op}: data must be 4-D (batch, channels, height, width), got ${fmtShape(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: weight must be 4-D (channels, in_channels/groups, kh, kw), got ${fmtShape(weight.shape)}`);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${String(groups)}`);
  const [n, c, h, w] = x.shape;
  const [o, cg, kh, kw] = weight.shape;
  if (c % groups !== 0 || o % groups !== 0) {
    throw new ShapeError(`${op}: ${c} input channels (data ${fmtShape(x.shape)}) and ${o} output channels must both be divisible by groups=${groups}`);
  }
  if (cg !== c / groups) {
    throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} expects ${cg} input channels per group, but data ${fmtShape(x.shape)} with groups=${groups} has ${c / groups}`);
  }
  if (kh < 1 || kw < 1) throw new ShapeError(`${op}: kernel of weight ${fmtShape(weight.shape)} must be at least 1x1`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o)) throw new ShapeError(`${op}: bias must have shape (${o},), got ${fmtShape(bias.shape)}`);
  const [sh, sw] = toPair(op, 'stride', options.stride, 1, 1);
  const [ph, pw] = toPair(op, 'padding', options.padding, 0, 0);
  const [dh, dw] = toPair(op, 'dilation', options.dilation, 1, 1);
  const ekh = dh * (kh - 1) + 1, ekw = dw * (kw - 1) + 1;
  if (h + 2 * ph < ekh || w + 2 * pw < ekw) {
    throw new ShapeError(`${op}: the dilated kernel ${ekh}x${ekw} is larger than the padded input ${h + 2 * ph}x${w + 2 * pw} (data ${fmtShape(x.shape)}, padding (${ph}, ${pw}), dilation (${dh}, ${dw}))`);
  }
  const ho = Math.floor((h + 2 * ph - ekh) / sh) + 1, wo = Math.floor((w + 2 * pw - ekw) / sw) + 1;
  const K = cg * kh * kw, P = ho * wo;
  const direct = kh === 1 && kw === 1 && sh === 1 && sw === 1 && ph === 0 && pw === 0;
  const band = Math.max(1, Math.min(ho, Math.floor(COL_BYTES / Math.max(1, K * wo * 4))));
  return { n, c, h, w, o, groups, cg, og: o / groups, kh, kw, sh, sw, ph, pw, dh, dw, ho, wo, K, P, direct, band };
}

/** Calls fn(image, group, firstRow, endRow) for every band of output rows. */
function forBands(g: Geometry, fn: (img: number, grp: number, r0: number, r1: number) => void): void {
  const band = g.direct ? g.ho : g.band;
  for (let img = 0; img < g.n; img++) {
    for (let grp = 0; grp < g.groups; grp++) {
      for (let r0 = 0; r0 < g.ho; r0 += band) fn(img, grp, r0, Math.min(g.ho, r0 + band));
    }
  }
}

/** Byte address of channel `ch` of image `img` in an NCHW array with planes of `plane` floats. */
const planeAt = (ptr: number, img: number, channels: number, ch: number, plane: number) => ptr + (img * channels + ch) * plane * 4;

/** im2col of one band into `col` (or, direct, the image's own rows); returns [B pointer, ldb]. */
function columns(g: Geometry, xPtr: number, img: number, grp: number, r0: number, r1: number, col: number): [number, number] {
  const xg = planeAt(xPtr, img, g.c, grp * g.cg, g.h * g.w);
  if (g.direct) return [xg + r0 * g.wo * 4, g.P];
  wasm().im2col_f32(xg, g.cg, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.wo, r0, r1, col);
  return [col, (r1 - r0) * g.wo];
}

/**
 * 2-D convolution of NCHW data: out (N, O, Ho, Wo) = act(conv(x, weight) + bias), with
 * Ho = floor((H + 2*pad - dilation*(kh-1) - 1) / stride) + 1 (MXNet's Convolution).
 */
export function conv2d(x: NDArray, weight: NDArray, bias: NDArray | null, options: Conv2DOptions = {}): NDArray {
  x._check('conv2d');
  weight._check('conv2d');
  bias?._check('conv2d');
  const act = activationCode('conv2d', options.activation);
  const g = geometry(x, weight, bias, options);
  const k = wasm();
  const out = NDArray._empty([g.n, g.o, g.ho, g.wo]);
  if (out.size > 0) {
    const col = g.direct ? 0 : scratch('im2col', g.K * g.band * g.wo * 4);
    const pack = scratch('gemm', k.gemm_f32_scratch_bytes());
    const xPtr = x._ptr, wPtr = weight._ptr, oPtr = out._ptr;
    forBands(g, (img, grp, r0, r1) => {
      const [b, ldb] = columns(g, xPtr, img, grp, r0, r1, col);
      const c = planeAt(oPtr, img, g.o, grp * g.og, g.P) + r0 * g.wo * 4;
      k.gemm_f32(g.og, (r1 - r0) * g.wo, g.K, wPtr + grp * g.og * g.K * 4, g.K, 0, b, ldb, 0, c, g.P, 0, pack);
    });
    k.bias_act_planes_f32(oPtr, bias ? bias._ptr : 0, g.n, g.o, g.P, act);
  }
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(out, inputs, (gOut) => {
    let gz = gOut;
    if (act !== 0) {
      gz = NDArray._empty(out.shape);
      k.act_grad_f32(gOut._ptr, out._ptr, gz._ptr, gz.size, act);
    }
    const dx = requiresGrad(x) ? convBackwardData(g, weight, gz) : null;
    const dw = requiresGrad(weight) ? convBackwardWeight(g, x, gz) : null;
    let db: NDArray | null = null;
    if (bias && requiresGrad(bias)) {
      db = NDArray._empty([g.o]);
      k.channel_sum_f32(gz._ptr, db._ptr, g.n, g.o, g.P);
    }
    if (gz !== gOut) gz.dispose();
    return bias ? [dx, dw, db] : [dx, dw];
  });
}

/** dW_g = sum over images and bands of gz_g (og x band) · colᵀ (band x K). */
function convBackwardWeight(g: Geometry, x: NDArray, gz: NDArray): NDArray {
  const k = wasm();
  const dw = NDArray._empty([g.o, g.cg, g.kh, g.kw]);
  k.fill_f32(dw._ptr, dw.size, 0);
  if (g.P === 0 || g.n === 0) return dw;
  const col = g.direct ? 0 : scratch('im2col', g.K * g.band * g.wo * 4);
  const pack = scratch('gemm', k.gemm_f32_scratch_bytes());
  const xPtr = x._ptr, gPtr = gz._ptr, dPtr = dw._ptr;
  forBands(g, (img, grp, r0, r1) => {
    const [b, ldb] = columns(g, xPtr, img, grp, r0, r1, col);
    const a = planeAt(gPtr, img, g.o, grp * g.og, g.P) + r0 * g.wo * 4;
    k.gemm_f32(g.og, g.K, (r1 - r0) * g.wo, a, g.P, 0, b, ldb, 1, dPtr + grp * g.og * g.K * 4, g.K, 1, pack);
  });
  return dw;
}

/** dx: dcol = W_gᵀ (K x og) · gz_g (og x band), scattered back by col2im (direct: written in place). */
function convBackwardData(g: Geometry, weight: NDArray, gz: NDArray): NDArray {
  const k = wasm();
  const dx = NDArray._empty([g.n, g.c, g.h, g.w]);
  if (!g.direct || g.P === 0) k.fill_f32(dx._ptr, dx.size, 0);
  if (g.P === 0 || g.n === 0) return dx;
  const dcol = g.direct ? 0 : scratch('col2im', g.K * g.band * g.wo * 4);
  const pack = scratch('gemm', k.gemm_f32_scratch_bytes());
  const wPtr = weight._ptr, gPtr = gz._ptr, dxPtr = dx._ptr;
  forBands(g, (img, grp, r0, r1) => {
    const np = (r1 - r0) * g.wo;
    const a = wPtr + grp * g.og * g.K * 4;
    const b = planeAt(gPtr, img, g.o, grp * g.og, g.P) + r0 * g.wo * 4;
    const xg = planeAt(dxPtr, img, g.c, grp * g.cg, g.h * g.w);
    if (g.direct) {
      k.gemm_f32(g.K, np, g.og, a, g.K, 1, b, g.P, 0, xg, g.P, 0, pack);
    } else {
      k.gemm_f32(g.K, np, g.og, a, g.K, 1, b, g.P, 0, dcol, np, 0, pack);
      k.col2im_f32(dcol, g.cg, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.wo, r0, r1, xg);
    }
  });
  return dx;
}
