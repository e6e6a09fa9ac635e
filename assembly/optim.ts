// Fused in-place optimiser updates with MXNet 1.x's exact float32 formulas (gluon-1x.md §7):
// every product and difference in the same order, no FMA, so results match MXNet bit for bit.
// The f32x4 loop and the scalar tail compute the same IEEE operations.

@inline function clipf(x: f32, c: f32): f32 { return x > c ? c : x < -c ? -c : x; }
@inline function clipv(x: v128, c: v128): v128 { return f32x4.pmax(f32x4.pmin(x, c), f32x4.neg(c)); }

/**
 * SGD (MXNet's multi-SGD form): mom = momentum*mom - (lr*wd)*w - (lr*rs)*g  [or - lr*clip(rs*g, c)]
 * then w += mom. `mom` = 0 means no momentum state (the update uses mom = 0). clip < 0: off.
 */
export function sgd_update_f32(w: usize, g: usize, mom: usize, n: i32, lr: f32, wd: f32, rs: f32, momentum: f32, clip: f32): void {
  const lrwd: f32 = lr * wd, lrrs: f32 = lr * rs;
  const vLrwd = f32x4.splat(lrwd), vLrrs = f32x4.splat(lrrs), vLr = f32x4.splat(lr), vRs = f32x4.splat(rs);
  const vMomentum = f32x4.splat(momentum), vClip = f32x4.splat(clip);
  const zero = f32x4.splat(0);
  const end = <usize>n << 2;
  const clipping = clip >= 0;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const wv = v128.load(w + i), gv = v128.load(g + i);
    const m0 = mom != 0 ? f32x4.mul(vMomentum, v128.load(mom + i)) : zero;
    const step = clipping ? f32x4.mul(vLr, clipv(f32x4.mul(vRs, gv), vClip)) : f32x4.mul(vLrrs, gv);
    const m = f32x4.sub(f32x4.sub(m0, f32x4.mul(vLrwd, wv)), step);
    if (mom != 0) v128.store(mom + i, m);
    v128.store(w + i, f32x4.add(wv, m));
  }
  for (; i < end; i += 4) {
    const wv = load<f32>(w + i), gv = load<f32>(g + i);
    const m0: f32 = mom != 0 ? momentum * load<f32>(mom + i) : 0;
    const step: f32 = clipping ? lr * clipf(rs * gv, clip) : lrrs * gv;
    const m: f32 = (m0 - lrwd * wv) - step;
    if (mom != 0) store<f32>(mom + i, m);
    store<f32>(w + i, wv + m);
  }
}

/**
 * Adam: g' = g*rs + w*wd (clipped to ±c when c >= 0: wd is inside the clip, as MXNet);
 * m = beta1*m + (1-beta1)*g'; v = beta2*v + ((1-beta2)*g')*g'; w -= (lrT*m) / (sqrt(v) + eps).
 * lrT carries the bias correction (computed in float64 by the caller, as MXNet's Python side).
 */
export function adam_update_f32(w: usize, g: usize, m: usize, v: usize, n: i32, lrT: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, rs: f32, clip: f32): void {
  const ob1: f32 = 1 - beta1, ob2: f32 = 1 - beta2;
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vob1 = f32x4.splat(ob1), vob2 = f32x4.splat(ob2);
  const vLr = f32x4.splat(lrT), vEps = f32x4.splat(eps), vWd = f32x4.splat(wd), vRs = f32x4.splat(rs), vClip = f32x4.splat(clip);
  const clipping = clip >= 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const wv = v128.load(w + i);
    let gv = f32x4.add(f32x4.mul(v128.load(g + i), vRs), f32x4.mul(wv, vWd));
    if (clipping) gv = clipv(gv, vClip);
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + i)), f32x4.mul(vob1, gv));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + i)), f32x4.mul(f32x4.mul(vob2, gv), gv));
    v128.store(m + i, mv);
    v128.store(v + i, vv);
    v128.store(w + i, f32x4.sub(wv, f32x4.div(f32x4.mul(vLr, mv), f32x4.add(f32x4.sqrt(vv), vEps))));
  }
  for (; i < end; i += 4) {
    const wv = load<f32>(w + i);
    let gv: f32 = load<f32>(g + i) * rs + wv * wd;
    if (clipping) gv = clipf(gv, clip);
    const mv: f32 = beta1 * load<f32>(m + i) + ob1 * gv;
    const vv: f32 = beta2 * load<f32>(v + i) + (ob2 * gv) * gv;
    store<f32>(m + i, mv);
    store<f32>(v + i, vv);
    store<f32>(w + i, wv - (lrT * mv) / (Mathf.sqrt(vv) + eps));
  }
}
