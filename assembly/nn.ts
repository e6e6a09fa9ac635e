// Fused layer kernels: bias add + activation over a GEMM output in one pass (Dense and conv2d
// forward), and the activation's gradient expressed through its output y (their backward).
import {
  Relu, Sigmoid, Tanh, Softrelu, Softsign, Copy, ReluGrad, SigmoidGrad, TanhGrad,
  ACT_NONE, ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_SOFTRELU, ACT_SOFTSIGN,
} from './ops';
import { expShiftSum, scaleStrided, stridedMax } from './runs';

@inline function biasActRows<Op>(o: usize, bias: usize, rows: i32, cols: i32): void {
  const op = changetype<Op>(0);
  const end = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const row = o + <usize>r * end;
    let j: usize = 0;
    if (bias != 0) {
      for (; j + 16 <= end; j += 16) v128.store(row + j, op.v(f32x4.add(v128.load(row + j), v128.load(bias + j))));
      for (; j < end; j += 4) store<f32>(row + j, op.s(load<f32>(row + j) + load<f32>(bias + j)));
    } else {
      for (; j + 16 <= end; j += 16) v128.store(row + j, op.v(v128.load(row + j)));
      for (; j < end; j += 4) store<f32>(row + j, op.s(load<f32>(row + j)));
    }
  }
}

/** Channel-major planes (conv2d's NCHW output): one bias value per plane, splat across it. */
@inline function biasActPlanes<Op>(o: usize, bias: usize, outer: i32, c: i32, inner: i32): void {
  const op = changetype<Op>(0);
  const end = <usize>inner << 2;
  let p = o;
  for (let n = 0; n < outer; n++) {
    for (let ch = 0; ch < c; ch++) {
      const b = load<f32>(bias + (<usize>ch << 2));
      const bv = f32x4.splat(b);
      let i: usize = 0;
      for (; i + 16 <= end; i += 16) v128.store(p + i, op.v(f32x4.add(v128.load(p + i), bv)));
      for (; i < end; i += 4) store<f32>(p + i, op.s(load<f32>(p + i) + b));
      p += end;
    }
  }
}

@inline function biasAct<Op>(o: usize, bias: usize, outer: i32, c: i32, inner: i32): void {
  if (bias == 0) biasActRows<Op>(o, 0, 1, outer * c * inner); // no bias: the whole array, as is
  else if (inner == 1) biasActRows<Op>(o, bias, outer, c); // Dense: the bias runs along each row
  else biasActPlanes<Op>(o, bias, outer, c, inner);
}

/**
 * o (outer x c x inner) = act(o + bias[channel]) in place; bias is a c vector or 0 for none.
 * Dense passes (rows, units, 1), conv2d (images, channels, plane).
 */
export function bias_act_f32(o: usize, bias: usize, outer: i32, c: i32, inner: i32, act: i32): void {
  switch (act) {
    case ACT_NONE: if (bias != 0) biasAct<Copy>(o, bias, outer, c, inner); break;
    case ACT_RELU: biasAct<Relu>(o, bias, outer, c, inner); break;
    case ACT_SIGMOID: biasAct<Sigmoid>(o, bias, outer, c, inner); break;
    case ACT_TANH: biasAct<Tanh>(o, bias, outer, c, inner); break;
    case ACT_SOFTRELU: biasAct<Softrelu>(o, bias, outer, c, inner); break;
    case ACT_SOFTSIGN: biasAct<Softsign>(o, bias, outer, c, inner); break;
    default: unreachable();
  }
}

@final class SoftreluGradY {
  // y = log(1 + e^x) → dy/dx = sigmoid(x) = 1 - e^-y
  @inline v(g: v128, y: v128): v128 {
    return f32x4(this.s(f32x4.extract_lane(g, 0), f32x4.extract_lane(y, 0)), this.s(f32x4.extract_lane(g, 1), f32x4.extract_lane(y, 1)),
      this.s(f32x4.extract_lane(g, 2), f32x4.extract_lane(y, 2)), this.s(f32x4.extract_lane(g, 3), f32x4.extract_lane(y, 3)));
  }
  @inline s(g: f32, y: f32): f32 { return g * -Mathf.expm1(-y); }
}
@final class SoftsignGradY {
  // y = x / (1 + |x|) → dy/dx = 1 / (1 + |x|)^2 = (1 - |y|)^2
  @inline v(g: v128, y: v128): v128 { const t = f32x4.sub(f32x4.splat(1), f32x4.abs(y)); return f32x4.mul(g, f32x4.mul(t, t)); }
  @inline s(g: f32, y: f32): f32 { const t: f32 = 1 - Mathf.abs(y); return g * (t * t); }
}

@inline function actGrad<Op>(g: usize, y: usize, o: usize, n: i32): void {
  const op = changetype<Op>(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(o + i, op.v(v128.load(g + i), v128.load(y + i)));
  for (; i < end; i += 4) store<f32>(o + i, op.s(load<f32>(g + i), load<f32>(y + i)));
}

/** o = g * act'(x), written through the activation's output y (n elements). */
export function act_grad_f32(g: usize, y: usize, o: usize, n: i32, act: i32): void {
  switch (act) {
    case ACT_RELU: actGrad<ReluGrad>(g, y, o, n); break;
    case ACT_SIGMOID: actGrad<SigmoidGrad>(g, y, o, n); break;
    case ACT_TANH: actGrad<TanhGrad>(g, y, o, n); break;
    case ACT_SOFTRELU: actGrad<SoftreluGradY>(g, y, o, n); break;
    case ACT_SOFTSIGN: actGrad<SoftsignGradY>(g, y, o, n); break;
    default: memory.copy(o, g, <usize>n << 2);
  }
}

// ---------------------------------------------------------------- softmax cross-entropy
// Sparse labels over rows of logits: loss[r] = -log_softmax(x[r])[label[r]] (label truncated and
// clipped to [0, classes-1], MXNet's pick 'clip'). probs receives softmax(x) for the backward.
export function softmax_ce_f32(x: usize, label: usize, loss: usize, probs: usize, rows: i32, classes: i32): void {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes, pr = probs + <usize>r * rowBytes;
    // the probabilities exactly as softmax_f32 computes them (the backward reads them)
    const m = stridedMax(xr, classes, 4);
    const s = expShiftSum(xr, pr, classes, 4, m, true);
    scaleStrided(pr, classes, 4, 1 / s);
    let t = <i32>load<f32>(label + (<usize>r << 2));
    t = t < 0 ? 0 : t >= classes ? classes - 1 : t;
    store<f32>(loss + (<usize>r << 2), -(load<f32>(xr + (<usize>t << 2)) - m - Mathf.log(s)));
  }
}

/** dx[r] = g[r] * (probs[r] - onehot(label[r])). */
export function softmax_ce_grad_f32(probs: usize, label: usize, g: usize, dx: usize, rows: i32, classes: i32): void {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const pr = probs + <usize>r * rowBytes, dr = dx + <usize>r * rowBytes;
    const gr = load<f32>(g + (<usize>r << 2));
    const vg = f32x4.splat(gr);
    let k: usize = 0;
    for (; k + 16 <= rowBytes; k += 16) v128.store(dr + k, f32x4.mul(v128.load(pr + k), vg));
    for (; k < rowBytes; k += 4) store<f32>(dr + k, load<f32>(pr + k) * gr);
    let t = <i32>load<f32>(label + (<usize>r << 2));
    t = t < 0 ? 0 : t >= classes ? classes - 1 : t;
    const at = dr + (<usize>t << 2);
    store<f32>(at, (load<f32>(pr + (<usize>t << 2)) - 1) * gr);
  }
}

// ---------------------------------------------------------------- dropout
// u holds uniform draws (MXNet's parallel generator, drawn by the caller); it becomes the mask
// keep ? 1/pkeep : 0 with keep = u <= pkeep (u < pkeep for the axes variant, as MXNet), and
// 1/pkeep computed in float32 (gluon-1x.md §5).
export function dropout_mask_f32(u: usize, n: i32, pkeep: f32, strict: i32): void {
  const scale: f32 = 1 / pkeep;
  for (let i = 0; i < n; i++) {
    const at = u + (<usize>i << 2);
    const v = load<f32>(at);
    store<f32>(at, (strict != 0 ? v < pkeep : v <= pkeep) ? scale : 0);
  }
}
