// One Gluon training step on a batch held in plain Float32Arrays, as both MNIST demos run it:
// record the forward and the loss, backward, trainer.step; returns the batch's summed loss and
// correct predictions. One tidy scope frees the batch's arrays.
import { nd, autograd } from '../dist/index.mjs';

export function trainStep({ net, lossFn, trainer, batchX, batchY, shape }) {
  return nd.tidy(() => {
    const x = nd.array(batchX, { shape });
    const y = nd.array(batchY);
    const [out, loss] = autograd.record(() => {
      const out = net.forward(x);
      return [out, lossFn.forward(out, y)];
    });
    loss.backward();
    trainer.step(shape[0]);
    return { loss: loss.sum().asScalar(), correct: out.argmax({ axis: 1 }).equal(y).sum().asScalar() };
  });
}
