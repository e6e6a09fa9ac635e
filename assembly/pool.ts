// 2-D pooling over NCHW planes (src/nd/ops/pool.ts), following MXNet's native CPU kernels
// (mx:src/operator/nn/pool.h): a window starts at o*s - p; max ignores the padding; avg divides
// by the window clipped to the padded extent (countIncludePad) or to the image, accumulating
// `sum += x / poolSize` term by term as MXNet does. The max gradient goes to the first element of
// the window (row-major scan) equal to the output, as MXNet's unpool_max; it is recomputed from
// x and y, nothing is saved. 2x2 stride-2 max pooling without padding (LeNet, VGG) has a SIMD path.

const POOL_MAX = 0;
const LOWEST: f32 = -3.4028234663852886e38; // mshadow's MinValue<float>: an empty window's max

/** 2x2 stride 2, no padding, every window inside the plane: four outputs per step. */
function maxPool2x2(x: usize, y: usize, planes: i32, h: i32, w: i32, ho: i32, wo: i32): void {
  const rowBytes = <usize>w << 2;
  const blocks = wo >> 2;
  for (let p = 0; p < planes; p++) {
    const src = x + <usize>p * <usize>h * rowBytes;
    let dst = y + (<usize>p * <usize>ho * <usize>wo << 2);
    for (let oh = 0; oh < ho; oh++) {
      const r0 = src + <usize>(2 * oh) * rowBytes, r1 = r0 + rowBytes;
      for (let b = 0; b < blocks; b++) {
        const o: usize = <usize>b << 5;
        const t0 = v128.load(r0 + o), t1 = v128.load(r0 + o, 16), u0 = v128.load(r1 + o), u1 = v128.load(r1 + o, 16);
        // the window in row-major order, folded as the general path does (`if (v > m) m = v` from
        // LOWEST): f32x4.pmax(m, v) is `m < v ? v : m`, so NaN is skipped and the first of +0/-0
        // kept (f32x4.max would let NaN through and prefer +0: the result depended on the shape)
        let m = f32x4.pmax(f32x4.splat(LOWEST), i32x4.shuffle(t0, t1, 0, 2, 4, 6));
        m = f32x4.pmax(m, i32x4.shuffle(t0, t1, 1, 3, 5, 7));
        m = f32x4.pmax(m, i32x4.shuffle(u0, u1, 0, 2, 4, 6));
        v128.store(dst + (<usize>b << 4), f32x4.pmax(m, i32x4.shuffle(u0, u1, 1, 3, 5, 7)));
      }
      for (let ow = blocks << 2; ow < wo; ow++) {
        const o: usize = <usize>ow << 3;
        let m = LOWEST;
        const a = load<f32>(r0 + o), b = load<f32>(r0 + o, 4), c = load<f32>(r1 + o), d = load<f32>(r1 + o, 4);
        if (a > m) m = a;
        if (b > m) m = b;
        if (c > m) m = c;
        if (d > m) m = d;
        store<f32>(dst + (<usize>ow << 2), m);
      }
      dst += <usize>wo << 2;
    }
  }
}

/**
 * The gradient of maxPool2x2: disjoint windows, each output's gradient to its first maximum in
 * row-major order ((0,0), (0,1), (1,0), (1,1)); all four elements of a window are written (g or
 * 0), so only an odd last row/column needs the fill. Two windows per f32x4 of a row: lanes
 * (0,1) are window j, (2,3) window j+1.
 */
function maxPool2x2Grad(x: usize, y: usize, gy: usize, gx: usize, planes: i32, h: i32, w: i32, ho: i32, wo: i32): void {
  const rowBytes = <usize>w << 2;
  if (2 * ho != h || 2 * wo != w) {
    // only an odd last row and column lie outside every window: zero just those
    for (let p = 0; p < planes; p++) {
      const plane = gx + <usize>p * <usize>h * rowBytes;
      if (2 * ho != h) memory.fill(plane + <usize>(h - 1) * rowBytes, 0, rowBytes);
      if (2 * wo != w) for (let i = 0; i < 2 * ho; i++) store<f32>(plane + <usize>i * rowBytes + (<usize>(w - 1) << 2), 0);
    }
  }
  const even = i32x4(-1, 0, -1, 0);
  const pairs = wo >> 1;
  let at: usize = 0;
  for (let p = 0; p < planes; p++) {
    const planeOff = <usize>p * <usize>h * rowBytes;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = planeOff + <usize>(2 * oh) * rowBytes, r1 = r0 + rowBytes;
      for (let j = 0; j < pairs; j++) {
        const c: usize = <usize>j << 4;
        const m2 = v128.load64_zero(y + at), g2 = v128.load64_zero(gy + at);
        const mm = i32x4.shuffle(m2, m2, 0, 0, 1, 1), gg = i32x4.shuffle(g2, g2, 0, 0, 1, 1);
        const eq0 = f32x4.eq(v128.load(x + r0 + c), mm), eq1 = f32x4.eq(v128.load(x + r1 + c), mm);
        const a0 = i32x4.shuffle(eq0, eq0, 0, 0, 2, 2); // (0,0) matched, per window
        const top = v128.and(eq0, v128.or(even, v128.not(a0))); // (0,0), or (0,1) if not (0,0)
        const found = v128.or(a0, i32x4.shuffle(eq0, eq0, 1, 1, 3, 3));
        const a1 = i32x4.shuffle(eq1, eq1, 0, 0, 2, 2);
        const bottom = v128.andnot(v128.and(eq1, v128.or(even, v128.not(a1))), found);
        v128.store(gx + r0 + c, v128.and(gg, top));
        v128.store(gx + r1 + c, v128.and(gg, bottom));
        at += 8;
      }
      if (wo & 1) {
        const c: usize = <usize>(wo - 1) << 3;
        const m = load<f32>(y + at), g = load<f32>(gy + at);
        const a = load<f32>(x + r0 + c) == m, b = !a && load<f32>(x + r0 + c, 4) == m;
        const d = !a && !b && load<f32>(x + r1 + c) == m, e = !a && !b && !d && load<f32>(x + r1 + c, 4) == m;
        store<f32>(gx + r0 + c, a ? g : 0);
        store<f32>(gx + r0 + c, b ? g : 0, 4);
        store<f32>(gx + r1 + c, d ? g : 0);
        store<f32>(gx + r1 + c, e ? g : 0, 4);
        at += 4;
      }
    }
  }
}

/** The 2x2, stride-2, unpadded max pool that has its own SIMD kernels (LeNet's and most CNNs'). */
@inline function isMax2x2(type: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, h: i32, w: i32, ho: i32, wo: i32): bool {
  return type == POOL_MAX && kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && 2 * ho <= h && 2 * wo <= w;
}

/**
 * The divisor of an average window starting at (hs0, ws0): the window clipped to the padded
 * image (countIncludePad), or to the image itself.
 */
@inline function avgDivisor(hs0: i32, ws0: i32, kh: i32, kw: i32, h: i32, w: i32, ph: i32, pw: i32, countIncludePad: i32): i32 {
  if (countIncludePad != 0) return (min(hs0 + kh, h + ph) - hs0) * (min(ws0 + kw, w + pw) - ws0);
  return (min(hs0 + kh, h) - max(hs0, 0)) * (min(ws0 + kw, w) - max(ws0, 0));
}

/**
 * y (planes x ho x wo) = pooling of x (planes x h x w) with kernel kh x kw, stride sh x sw,
 * padding ph x pw; type 0 max, 1 avg (countIncludePad 1: divide by the padded window).
 */
export function pool2d_f32(
  x: usize, y: usize, planes: i32, h: i32, w: i32, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, type: i32, countIncludePad: i32,
): void {
  if (isMax2x2(type, kh, kw, sh, sw, ph, pw, h, w, ho, wo)) {
    maxPool2x2(x, y, planes, h, w, ho, wo);
    return;
  }
  const rowBytes = <usize>w << 2;
  let dst = y;
  for (let p = 0; p < planes; p++) {
    const src = x + <usize>p * <usize>h * rowBytes;
    for (let oh = 0; oh < ho; oh++) {
      const hs0 = oh * sh - ph;
      for (let ow = 0; ow < wo; ow++) {
        const ws0 = ow * sw - pw;
        // the in-image part of the window (padding contributes nothing to max or sum)
        const hs = max(hs0, 0), he = min(hs0 + kh, h), ws = max(ws0, 0), we = min(ws0 + kw, w);
        let out: f32;
        if (type == POOL_MAX) {
          let m = LOWEST;
          for (let i = hs; i < he; i++) {
            const row = src + <usize>i * rowBytes;
            for (let j = ws; j < we; j++) {
              const v = load<f32>(row + (<usize>j << 2));
              if (v > m) m = v;
            }
          }
          out = m;
        } else {
          const size = avgDivisor(hs0, ws0, kh, kw, h, w, ph, pw, countIncludePad);
          let sum: f32 = 0;
          if (size > 0) {
            const div = <f32>size;
            for (let i = hs; i < he; i++) {
              const row = src + <usize>i * rowBytes;
              for (let j = ws; j < we; j++) sum += load<f32>(row + (<usize>j << 2)) / div;
            }
          }
          out = sum;
        }
        store<f32>(dst, out);
        dst += 4;
      }
    }
  }
}

/** gx (planes x h x w) = gradient of pool2d_f32 given x, its output y and the output gradient gy. */
export function pool2d_grad_f32(
  x: usize, y: usize, gy: usize, gx: usize, planes: i32, h: i32, w: i32, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, type: i32, countIncludePad: i32,
): void {
  const rowBytes = <usize>w << 2;
  if (isMax2x2(type, kh, kw, sh, sw, ph, pw, h, w, ho, wo)) {
    maxPool2x2Grad(x, y, gy, gx, planes, h, w, ho, wo);
    return;
  }
  memory.fill(gx, 0, <usize>planes * <usize>h * rowBytes);
  let at: usize = 0; // byte offset of the current output in y / gy
  for (let p = 0; p < planes; p++) {
    const planeOff = <usize>p * <usize>h * rowBytes;
    const src = x + planeOff, dst = gx + planeOff;
    for (let oh = 0; oh < ho; oh++) {
      const hs0 = oh * sh - ph;
      for (let ow = 0; ow < wo; ow++) {
        const ws0 = ow * sw - pw;
        const g = load<f32>(gy + at);
        const hs = max(hs0, 0), he = min(hs0 + kh, h), ws = max(ws0, 0), we = min(ws0 + kw, w);
        if (type == POOL_MAX) {
          const target = load<f32>(y + at);
          let found = false;
          for (let i = hs; i < he && !found; i++) {
            const off = <usize>i * rowBytes;
            for (let j = ws; j < we; j++) {
              const e = off + (<usize>j << 2);
              if (load<f32>(src + e) == target) {
                store<f32>(dst + e, load<f32>(dst + e) + g);
                found = true;
                break;
              }
            }
          }
        } else {
          const size = avgDivisor(hs0, ws0, kh, kw, h, w, ph, pw, countIncludePad);
          if (size > 0) {
            const share = g / <f32>size;
            for (let i = hs; i < he; i++) {
              const off = <usize>i * rowBytes;
              for (let j = ws; j < we; j++) {
                const e = off + (<usize>j << 2);
                store<f32>(dst + e, load<f32>(dst + e) + share);
              }
            }
          }
        }
        at += 4;
      }
    }
  }
}
