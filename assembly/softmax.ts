// Softmax over the middle axis of (outer, n, inner): subtract the max (stability), exponentiate,
// normalise. log != 0 gives log-softmax: x - max - log(sum(exp(x - max))).
import { expShiftSum, scaleStrided, stridedMax } from './runs';

export function softmax_f32(x: usize, o: usize, outer: i32, n: i32, inner: i32, log: i32): void {
  const stride = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const xi = x + ((<usize>p * <usize>n * <usize>inner + <usize>j) << 2);
      const oi = o + ((<usize>p * <usize>n * <usize>inner + <usize>j) << 2);
      const m = stridedMax(xi, n, stride);
      const s = expShiftSum(xi, oi, n, stride, m, log == 0);
      if (log == 0) {
        scaleStrided(oi, n, stride, 1 / s);
      } else {
        const ls = Mathf.log(s);
        for (let k = 0; k < n; k++) store<f32>(oi + stride * k, load<f32>(xi + stride * k) - m - ls);
      }
    }
  }
}

/**
 * Backward of softmax (log = 0): dx = y * (g - sum(g*y)); of log-softmax (log = 1):
 * dx = g - softmax(x) * sum(g), with y the forward output (softmax(x) = exp(y)).
 */
export function softmax_grad_f32(y: usize, g: usize, dx: usize, outer: i32, n: i32, inner: i32, log: i32): void {
  const stride = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const at = (<usize>p * <usize>n * <usize>inner + <usize>j) << 2;
      const yi = y + at, gi = g + at, di = dx + at;
      let s: f32 = 0;
      if (log == 0) {
        for (let k = 0; k < n; k++) s += load<f32>(gi + stride * k) * load<f32>(yi + stride * k);
        for (let k = 0; k < n; k++) { const yk = load<f32>(yi + stride * k); store<f32>(di + stride * k, yk * (load<f32>(gi + stride * k) - s)); }
      } else {
        for (let k = 0; k < n; k++) s += load<f32>(gi + stride * k);
        for (let k = 0; k < n; k++) store<f32>(di + stride * k, load<f32>(gi + stride * k) - Mathf.exp(load<f32>(yi + stride * k)) * s);
      }
    }
  }
}
