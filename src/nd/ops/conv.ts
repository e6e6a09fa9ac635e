// conv2d: MXNet's Convolution for 2-D NCHW data, weight (O, C/groups, kh, kw). Forward per tile
// and group: im2col (assembly/conv.ts) unrolls the receptive fields into a column matrix in the
// reusable 'im2col' scratch block, then one packed GEMM computes W_g · col. A tile is a band of
// output rows of one image, written straight into the output planes (ldc = Ho*Wo), or, for
// small feature maps, several whole images side by side, whose product is scattered into their
// planes. Tiles are sized so the column matrix stays under COL_BYTES whatever the image size.
// Bias + activation follow in one pass over the planes. A 1x1 kernel with stride 1 and no padding
// needs no im2col: the image itself is the column matrix.
// Backward (activation gradient through the output first): db = per-channel sums;
// dW_g += gz_g · colᵀ (col rebuilt per tile; the transpose is a GEMM flag); dx via
// dcol = W_gᵀ · gz_g and col2im, only when x needs a gradient (not for the input layer).
import { ShapeError, ValueError, scratch, wasm } from '../../wasm';
import { NDArray, checkArray } from '../ndarray';
import { record, requiresGrad, state } from '../autograd';
import { fmtShape } from './broadcast';
import { activationCode, type ActivationName } from './nn';
import { gemmPtr } from './linalg';

/** Upper bound of the column matrix of one tile (bytes): 4 MiB keeps memory flat at any image size. */
const COL_BYTES = 4 << 20;
/**
 * Small feature maps are convolved several images per GEMM (the images side by side in one column
 * matrix), up to about this many output columns: measured on the packed GEMM, 16x54 · 54x(100·nb)
 * (LeNet's second layer) runs a third faster at nb >= 2 than image by image.
 */
const TILE_COLUMNS = 512;
/**
 * With few output channels the GEMM reads the column matrix in place (gemm_f32_direct_b_max_rows,
 * assembly/gemm.ts), and past about this many bytes those strided reads get slower than one
 * image at a time (measured: 32x400 · 400x(64·nb) is best at nb = 2, 205 KiB).
 */
const DIRECT_TILE_BYTES = 256 << 10;

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
  /** images per tile (> 1 only for small maps, whole images each) */
  nb: number;
  /** output rows per tile when nb = 1 */
  band: number;
}

/** One GEMM's worth of work: images [img, img+nimg) of group grp, output rows [r0, r1). */
interface Tile { img: number; nimg: number; grp: number; r0: number; r1: number; cols: number }

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
  const K = cg * kh * kw, P = ho * wo, og = o / groups;
  const direct = kh === 1 && kw === 1 && sh === 1 && sw === 1 && ph === 0 && pw === 0;
  const band = Math.max(1, Math.min(ho, Math.floor(COL_BYTES / Math.max(1, K * wo * 4))));
  let nb = direct || band < ho || P === 0 ? 1 : Math.max(1, Math.min(n, Math.floor(TILE_COLUMNS / P), Math.floor(COL_BYTES / (K * P * 4))));
  if (og <= wasm().gemm_f32_direct_b_max_rows()) nb = Math.max(1, Math.min(nb, Math.floor(DIRECT_TILE_BYTES / (K * P * 4))));
  // a tile width that is a multiple of 8 fills the GEMM's 8-column panels (measured: 16x54 · 54x500
  // runs a third slower than 54x400 or 54x600, the padded last panel tipping it into the C^T path)
  const step = 8 / gcd(P, 8);
  if (nb >= step) nb -= nb % step;
  return { n, c, h, w, o, groups, cg, og, kh, kw, sh, sw, ph, pw, dh, dw, ho, wo, K, P, direct, nb, band: nb > 1 ? ho : band };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Calls fn for every tile: groups of nb images (small maps) or bands of output rows of one image. */
function forTiles(g: Geometry, fn: (t: Tile) => void): void {
  const band = g.direct ? g.ho : g.band;
  for (let img = 0; img < g.n; img += g.nb) {
    const nimg = Math.min(g.nb, g.n - img);
    for (let grp = 0; grp < g.groups; grp++) {
      for (let r0 = 0; r0 < g.ho; r0 += band) {
        const r1 = Math.min(g.ho, r0 + band);
        fn({ img, nimg, grp, r0, r1, cols: nimg * (r1 - r0) * g.wo });
      }
    }
  }
}

/** Floats of the largest tile's column matrix. */
const colFloats = (g: Geometry) => g.K * g.nb * g.band * g.wo;

/** Byte address of channel `ch` of image `img` in an NCHW array with planes of `plane` floats. */
const planeAt = (ptr: number, img: number, channels: number, ch: number, plane: number) => ptr + (img * channels + ch) * plane * 4;

/** The tile's column matrix in `col` (direct: the image's own rows); returns [pointer, row stride]. */
function columns(g: Geometry, xPtr: number, t: Tile, col: number): [number, number] {
  if (g.direct) return [planeAt(xPtr, t.img, g.c, t.grp * g.cg, g.h * g.w), g.P];
  const k = wasm();
  const span = (t.r1 - t.r0) * g.wo;
  for (let j = 0; j < t.nimg; j++) {
    const xg = planeAt(xPtr, t.img + j, g.c, t.grp * g.cg, g.h * g.w);
    k.im2col_f32(xg, g.cg, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.wo, t.r0, t.r1, col + j * span * 4, t.cols);
  }
  return [col, t.cols];
}

/**
 * 2-D convolution of NCHW data: out (N, O, Ho, Wo) = act(conv(x, weight) + bias), with
 * Ho = floor((H + 2*pad - dilation*(kh-1) - 1) / stride) + 1 (MXNet's Convolution).
 */
export function conv2d(x: NDArray, weight: NDArray, bias: NDArray | null, options: Conv2DOptions = {}): NDArray {
  checkArray('conv2d', x, 'x');
  checkArray('conv2d', weight, 'weight');
  if (bias !== null && bias !== undefined) checkArray('conv2d', bias, 'bias');
  const act = activationCode('conv2d', options.activation);
  const g = geometry(x, weight, bias, options);
  const k = wasm();
  const out = NDArray._empty([g.n, g.o, g.ho, g.wo]);
  if (out.size > 0) {
    const col = g.direct ? 0 : scratch('im2col', colFloats(g) * 4);
    const tile = g.nb > 1 ? scratch('convTile', g.og * g.nb * g.P * 4) : 0;
    const xPtr = x._ptr, wPtr = weight._ptr, oPtr = out._ptr;
    forTiles(g, (t) => {
      const [b, ldb] = columns(g, xPtr, t, col);
      const dst = planeAt(oPtr, t.img, g.o, t.grp * g.og, g.P);
      const a = wPtr + t.grp * g.og * g.K * 4;
      if (t.nimg === 1) {
        gemmPtr(g.og, t.cols, g.K, a, g.K, false, b, ldb, false, dst + t.r0 * g.wo * 4, g.P);
      } else {
        gemmPtr(g.og, t.cols, g.K, a, g.K, false, b, ldb, false, tile, t.cols);
        k.image_tile_f32(tile, dst, g.og, t.nimg, g.P, g.o * g.P, 1);
      }
    });
    k.bias_act_f32(oPtr, bias ? bias._ptr : 0, g.n, g.o, g.P, act);
  }
  if (!state.recording) return out;
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(out, inputs, (gOut) => {
    let gz = gOut;
    if (act !== 0) {
      gz = NDArray._empty(out.shape);
      k.act_grad_f32(gOut._ptr, out._ptr, gz._ptr, gz.size, act);
    }
    const [dx, dw] = convBackward(g, x, weight, gz, requiresGrad(x), requiresGrad(weight));
    let db: NDArray | null = null;
    if (bias && requiresGrad(bias)) {
      db = NDArray._empty([g.o]);
      k.channel_sum_f32(gz._ptr, db._ptr, g.n, g.o, g.P);
    }
    if (gz !== gOut) gz.dispose();
    return bias ? [dx, dw, db] : [dx, dw];
  });
}

/**
 * Per tile: gz_g (og x cols, gathered from the planes when several images share the tile);
 * dW_g += gz_g · colᵀ (col rebuilt); dcol = W_gᵀ · gz_g scattered back by col2im (direct: the
 * product is dx itself).
 */
function convBackward(g: Geometry, x: NDArray, weight: NDArray, gz: NDArray, needX: boolean, needW: boolean): [NDArray | null, NDArray | null] {
  const k = wasm();
  const dx = needX ? NDArray._empty([g.n, g.c, g.h, g.w]) : null;
  const dw = needW ? NDArray._empty([g.o, g.cg, g.kh, g.kw]) : null;
  if (dw) k.fill_f32(dw._ptr, dw.size, 0);
  if (dx && (!g.direct || g.P === 0)) k.fill_f32(dx._ptr, dx.size, 0);
  if ((!dx && !dw) || g.P === 0 || g.n === 0) return [dx, dw];
  const col = g.direct || !dw ? 0 : scratch('im2col', colFloats(g) * 4);
  const dcol = g.direct || !dx ? 0 : scratch('col2im', colFloats(g) * 4);
  const tile = g.nb > 1 ? scratch('convTile', g.og * g.nb * g.P * 4) : 0;
  const xPtr = x._ptr, wPtr = weight._ptr, gPtr = gz._ptr;
  forTiles(g, (t) => {
    const src = planeAt(gPtr, t.img, g.o, t.grp * g.og, g.P);
    let a = src + t.r0 * g.wo * 4, lda = g.P;
    if (t.nimg > 1) {
      k.image_tile_f32(tile, src, g.og, t.nimg, g.P, g.o * g.P, 0);
      a = tile;
      lda = t.cols;
    }
    const wg = wPtr + t.grp * g.og * g.K * 4;
    if (dw) {
      const [b, ldb] = columns(g, xPtr, t, col);
      gemmPtr(g.og, g.K, t.cols, a, lda, false, b, ldb, true, dw._ptr + t.grp * g.og * g.K * 4, g.K, true);
    }
    if (dx) {
      const xg = planeAt(dx._ptr, t.img, g.c, t.grp * g.cg, g.h * g.w);
      if (g.direct) {
        gemmPtr(g.K, t.cols, g.og, wg, g.K, true, a, lda, false, xg, g.P);
      } else {
        gemmPtr(g.K, t.cols, g.og, wg, g.K, true, a, lda, false, dcol, t.cols);
        const span = (t.r1 - t.r0) * g.wo;
        for (let j = 0; j < t.nimg; j++) {
          const xj = planeAt(dx._ptr, t.img + j, g.c, t.grp * g.cg, g.h * g.w);
          k.col2im_f32(dcol + j * span * 4, g.cg, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.wo, t.r0, t.r1, xj, t.cols);
        }
      }
    }
  });
  return [dx, dw];
}
