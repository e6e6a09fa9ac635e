// Convolution kernels for 2-D NCHW convolution as im2col + GEMM (src/nd/ops/conv.ts drives them).
// im2col unrolls the receptive fields of a band of output rows of one image (one group) into a
// column matrix col (K = c*kh*kw rows, (r1-r0)*wo columns; rows `ld` floats apart, so several
// small images can sit side by side), so that out = W·col is one packed GEMM; col2im scatters a
// column-matrix gradient back onto the image (dx += ...). Rows of col are built run by run: for
// stride 1 the in-bounds part of a row is one f32x4 copy (one f32x4 add for col2im), padding is
// written as zeros; no per-element bounds test inside a run.
// Also: moving a multi-image GEMM tile to and from NCHW planes, and the bias gradient (the bias +
// activation epilogue is nn.ts's bias_act_f32, shared with Dense).

import { accumulateRow, runSum } from './runs';

/**
 * dst[0..n) = src[0..n) by f32x4, a short tail as one overlapping f32x4 (V8's memory.copy is a
 * runtime call: slow for the short runs here).
 */
@inline function copyRun(dst: usize, src: usize, n: i32): void {
  const end = <usize>n << 2;
  if (n < 4) {
    for (let i: usize = 0; i < end; i += 4) store<f32>(dst + i, load<f32>(src + i));
    return;
  }
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(dst + i, v128.load(src + i));
  if (i < end) v128.store(dst + end - 16, v128.load(src + end - 16));
}

/** dst[0..n) = 0 by f32x4. */
@inline function zeroRun(dst: usize, n: i32): void {
  const end = <usize>n << 2;
  const z = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(dst + i, z);
  for (; i < end; i += 4) store<f32>(dst + i, 0);
}

/** First ow with ow*s + off >= 0, clamped to [0, wo]. */
@inline function firstValid(off: i32, s: i32, wo: i32): i32 {
  if (off >= 0) return 0;
  return min(wo, (-off + s - 1) / s);
}

/** One past the last ow with ow*s + off < w, clamped to [lo, wo]. */
@inline function endValid(off: i32, s: i32, w: i32, wo: i32, lo: i32): i32 {
  if (w - 1 - off < 0) return lo;
  return max(lo, min(wo, (w - 1 - off) / s + 1));
}

// The two directions of the walk below: im2col gathers image runs into col and zero-fills the
// padding; col2im adds col runs back onto the image and skips the padding.
@final class Gather {
  @inline run(col: usize, img: usize, n: i32): void { copyRun(col, img, n); }
  @inline one(col: usize, img: usize): void { store<f32>(col, load<f32>(img)); }
  @inline pad(col: usize, n: i32): void { zeroRun(col, n); }
}
@final class Scatter {
  @inline run(col: usize, img: usize, n: i32): void { accumulateRow(img, col, 0, n, false); }
  @inline one(col: usize, img: usize): void { store<f32>(img, load<f32>(img) + load<f32>(col)); }
  @inline pad(_col: usize, _n: i32): void {}
}

/**
 * One walk over a band of output rows [r0, r1) of one image, for every (ci, ki, kj) row of the
 * column matrix: the in-image part of each col row pairs with an image run (one f32x4 copy or add
 * for stride 1), the rest is padding. Rows of col are `ld` floats apart.
 */
@inline function walkBand<Dir>(
  img: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  dh: i32, dw: i32, wo: i32, r0: i32, r1: i32, col: usize, ld: i32,
): void {
  const dir = changetype<Dir>(0);
  const rowBytes = <usize>w << 2, woBytes = <usize>wo << 2;
  const bandBytes = <usize>(r1 - r0) * woBytes, ldBytes = <usize>ld << 2;
  let row = col;
  for (let ci = 0; ci < c; ci++) {
    const plane = img + <usize>ci * <usize>h * rowBytes;
    for (let ki = 0; ki < kh; ki++) {
      // output rows whose input row ih = oh*sh - ph + ki*dh lies in [0, h)
      const ihOff = ki * dh - ph;
      const ohLo = min(r1, max(r0, firstValid(ihOff, sh, r1)));
      const ohHi = endValid(ihOff, sh, h, r1, ohLo);
      for (let kj = 0; kj < kw; kj++) {
        const off = kj * dw - pw;
        const lo = firstValid(off, sw, wo), hi = endValid(off, sw, w, wo, lo);
        if (lo >= hi || ohLo >= ohHi) {
          dir.pad(row, <i32>(bandBytes >> 2));
          row += ldBytes;
          continue;
        }
        if (ohLo > r0) dir.pad(row, (ohLo - r0) * wo);
        let d = row + <usize>(ohLo - r0) * woBytes;
        let src = plane + <usize>(ohLo * sh + ihOff) * rowBytes + (<usize>(lo * sw + off) << 2);
        const srcStep = <usize>sh * rowBytes;
        const n = hi - lo;
        for (let oh = ohLo; oh < ohHi; oh++) {
          if (lo > 0) dir.pad(d, lo);
          if (sw == 1) {
            dir.run(d + (<usize>lo << 2), src, n);
          } else {
            let s = src;
            const step = <usize>sw << 2;
            for (let ow = lo; ow < hi; ow++) {
              dir.one(d + (<usize>ow << 2), s);
              s += step;
            }
          }
          if (hi < wo) dir.pad(d + (<usize>hi << 2), wo - hi);
          d += woBytes;
          src += srcStep;
        }
        if (ohHi < r1) dir.pad(d, (r1 - ohHi) * wo);
        row += ldBytes;
      }
    }
  }
}

/**
 * col[(ci*kh + ki)*kw + kj][(oh - r0)*wo + ow] = x[ci][oh*sh - ph + ki*dh][ow*sw - pw + kj*dw]
 * (0 outside the image) for oh in [r0, r1). x is one image's c channels (c x h x w); rows of col
 * are `ld` floats apart (>= (r1-r0)*wo: several images can share one column matrix side by side).
 */
export function im2col_f32(
  x: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  dh: i32, dw: i32, wo: i32, r0: i32, r1: i32, col: usize, ld: i32,
): void {
  walkBand<Gather>(x, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, wo, r0, r1, col, ld);
}

/** The adjoint of im2col_f32: dx[ci][ih][iw] += col[...] for every in-bounds entry of the band. */
export function col2im_f32(
  col: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  dh: i32, dw: i32, wo: i32, r0: i32, r1: i32, dx: usize, ld: i32,
): void {
  walkBand<Scatter>(dx, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, wo, r0, r1, col, ld);
}

/**
 * Moves rows between a tile (rows x nb*plane: image j's part of each row at column j*plane) and
 * nb images (image j's row r at images + (j*imageStride + r*plane) floats): toImages 1 scatters
 * a GEMM output tile into NCHW planes, 0 gathers NCHW planes into a tile.
 */
export function image_tile_f32(tile: usize, images: usize, rows: i32, nb: i32, plane: i32, imageStride: i32, toImages: i32): void {
  const planeBytes = <usize>plane << 2;
  let t = tile;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < nb; j++) {
      const im = images + ((<usize>j * <usize>imageStride + <usize>r * <usize>plane) << 2);
      if (toImages != 0) copyRun(im, t, plane);
      else copyRun(t, im, plane);
      t += planeBytes;
    }
  }
}

// ---------------------------------------------------------------- the bias gradient

/** out[ch] = sum over images and the plane of g (n x c x plane): the bias gradient. */
export function channel_sum_f32(g: usize, out: usize, n: i32, c: i32, plane: i32): void {
  const end = <usize>plane << 2;
  for (let ch = 0; ch < c; ch++) {
    let total: f64 = 0;
    for (let img = 0; img < n; img++) {
      total += <f64>runSum(g + (<usize>img * <usize>c + <usize>ch) * end, plane, 0, false);
    }
    store<f32>(out + (<usize>ch << 2), <f32>total);
  }
}
