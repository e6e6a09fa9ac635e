// GEMM contenders over identical data: ours (nd.dot) and tfjs (tf.matMul) on the wasm and cpu
// backends. Every operand is made once by our RNG and copied to tfjs, and the three results are
// checked against each other once before timing (so a wrong or lazily skipped product cannot
// produce a fast number).
import { use } from './tfjs.mjs';

/**
 * Shape in the nd.dot convention: a is (m, k) or, with ta, stored (k, m); b is (k, n) or, with tb,
 * stored (n, k). Returns { contenders, flops, dispose }.
 */
export async function gemmContenders(ctx, { m, n, k, ta = false, tb = false, name = 'ours', backends }) {
  const { lib, tf } = ctx;
  const { nd } = lib;
  const a = nd.random.uniform({ shape: ta ? [k, m] : [m, k] });
  const b = nd.random.uniform({ shape: tb ? [n, k] : [k, n] });
  const opts = { transposeA: ta, transposeB: tb };
  const ours = {
    name,
    once: () => nd.dot(a, b, opts).dispose(),
    last: () => {
      const c = nd.dot(a, b, opts);
      const v = c.toFloat32Array();
      c.dispose();
      if (v.length !== m * n || !Number.isFinite(v[v.length - 1])) throw new Error(`bench: bad dot result ${m}x${n}`);
    },
  };
  const reference = nd.tidy(() => nd.dot(a, b, opts).toFloat32Array());
  const aData = a.toFloat32Array(), bData = b.toFloat32Array();
  const contenders = [ours];
  const tensors = [];
  for (const backend of backends ?? []) {
    await use(tf, backend);
    const ta_ = tf.tensor2d(aData, ta ? [k, m] : [m, k]);
    const tb_ = tf.tensor2d(bData, tb ? [n, k] : [k, n]);
    tensors.push(ta_, tb_);
    const check = tf.matMul(ta_, tb_, ta, tb);
    compare(reference, check.dataSync(), k, `tfjs-${backend} ${m}x${n}x${k}`);
    check.dispose();
    contenders.push({
      name: `tfjs-${backend}`,
      enter: () => use(tf, backend),
      once: () => tf.matMul(ta_, tb_, ta, tb).dispose(),
      last: () => {
        const c = tf.matMul(ta_, tb_, ta, tb);
        const v = c.dataSync();
        c.dispose();
        if (v.length !== m * n) throw new Error('bench: bad tfjs matMul result');
      },
    });
  }
  return {
    contenders,
    flops: 2 * m * n * k,
    dispose: () => {
      a.dispose();
      b.dispose();
      for (const t of tensors) t.dispose();
    },
  };
}

/** Inputs are U[0,1): products sum to about k/4, so float32 error stays well under 1e-5 * k. */
function compare(ours, theirs, k, what) {
  if (ours.length !== theirs.length) throw new Error(`bench: ${what}: ${theirs.length} values, ours ${ours.length}`);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  if (!(worst <= 1e-5 * k + 1e-5)) throw new Error(`bench: ${what}: results differ from ours by ${worst}`);
}
