// Option keys and subclass reprs. MXNet raises TypeError on an unexpected keyword argument, so a
// misspelled or snake_case key (MXNet's spelling) must not be silently ignored here either: every
// options object of the gluon layer rejects unknown keys with a ValueError naming the class or
// function and the key, with the camelCase spelling when that is what was meant, before anything
// is created or changed. Reprs use the class name (MXNet's self.__class__.__name__), so user
// subclasses print their own, while the built-in classes print theirs from a literal (minified
// builds rename classes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nn, gluon, init, optimizer, nd, autograd, ValueError, NotInitializedError, Parameter, ParameterDict } from '../src/index';
import { withNameManager } from '../src/gluon/naming';
import { isErr } from './helpers/reference';
import { captureWarnings } from './helpers/warnings';

const fresh = <T>(fn: () => T): T => withNameManager(fn);
const camel = (where: string, key: string, fixed: string) => `${where}: unknown option '${key}'; did you mean '${fixed}'? (option keys are camelCase)`;
const unknown = (where: string, key: string, known: string) => `${where}: unknown option '${key}'; expected one of ${known}`;

const BLOCK = 'prefix, params';
const SGD_KEYS = 'learningRate, wd, rescaleGrad, clipGradient, momentum';
const ADAM_KEYS = 'learningRate, wd, rescaleGrad, clipGradient, beta1, beta2, epsilon';
const DENSE = `activation, useBias, flatten, dtype, weightInitializer, biasInitializer, inUnits, ${BLOCK}`;
const CONV = `strides, padding, dilation, groups, layout, activation, useBias, weightInitializer, biasInitializer, inChannels, ${BLOCK}`;
const POOL = `poolSize, strides, padding, layout, ceilMode, ${BLOCK}`;
const BN = `axis, momentum, epsilon, center, scale, useGlobalStats, betaInitializer, gammaInitializer, runningMeanInitializer, runningVarianceInitializer, inChannels, ${BLOCK}`;
const LN = `axis, epsilon, center, scale, betaInitializer, gammaInitializer, inChannels, ${BLOCK}`;
const LOSS = `weight, batchAxis, ${BLOCK}`;
const PARAM = 'shape, dtype, init, gradReq, lrMult, wdMult, allowDeferredInit, differentiable';

/** A one-weight parameter w = [1] whose gradient backward sets to [2]. */
function onePlusGrad(): Parameter {
  const w = new Parameter('w', { shape: [1], init: 'ones' });
  w.initialize();
  autograd.record(() => w.data().mul(2)).backward();
  return w;
}

// ---------------------------------------------------------------- Trainer and optimizers

test('Trainer: the issue\'s example fails instead of training with lr 0.01 and momentum 0', () => {
  const w = onePlusGrad();
  assert.throws(() => new gluon.Trainer([w], 'sgd', { learning_rate: 0.5, momentun: 0.9 }), isErr(ValueError, camel("gluon.Trainer (optimizer 'sgd')", 'learning_rate', 'learningRate')));
  assert.throws(() => new gluon.Trainer([w], 'sgd', { learningRate: 0.5, momentun: 0.9 }), isErr(ValueError, unknown("gluon.Trainer (optimizer 'sgd')", 'momentun', SGD_KEYS)));
  assert.throws(() => new gluon.Trainer([w], 'Adam', { learningRate: 0.5, beta_1: 0.9 }), isErr(ValueError, unknown("gluon.Trainer (optimizer 'Adam')", 'beta_1', ADAM_KEYS)));
  assert.throws(() => new gluon.Trainer([w], 'adam', { clip_gradient: 1 }), isErr(ValueError, camel("gluon.Trainer (optimizer 'adam')", 'clip_gradient', 'clipGradient')));
  // keys of another optimizer are unknown too: momentum means nothing to Adam
  assert.throws(() => new gluon.Trainer([w], 'adam', { momentum: 0.9 }), isErr(ValueError, unknown("gluon.Trainer (optimizer 'adam')", 'momentum', ADAM_KEYS)));
  assert.equal(w.data().toArray(), [1]);
});

test('Trainer: every valid key is used (one SGD step with lr 0.5 and momentum 0.9 by hand)', () => {
  const w = onePlusGrad();
  const trainer = new gluon.Trainer([w], 'sgd', { learningRate: 0.5, momentum: 0.9, wd: 0, rescaleGrad: 1, clipGradient: null });
  const opt = trainer.optimizer as InstanceType<typeof optimizer.SGD>;
  assert.ok(opt instanceof optimizer.SGD);
  assert.equal([opt.learningRate, opt.momentum, opt.wd, opt.clipGradient], [0.5, 0.9, 0, null]);
  trainer.step(1); // mom = -0.5·2 = -1, w = 1 - 1 = 0
  assert.equal(w.data().toArray(), [0]);
  const adam = new gluon.Trainer([onePlusGrad()], 'adam', { learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, wd: 0.01, rescaleGrad: 1, clipGradient: 5 });
  const a = adam.optimizer as InstanceType<typeof optimizer.Adam>;
  assert.equal([a.learningRate, a.beta1, a.beta2, a.epsilon, a.wd, a.clipGradient], [0.1, 0.8, 0.99, 1e-7, 0.01, 5]);
  trainer.dispose();
});

test('Trainer: an Optimizer instance still refuses options with MXNet\'s message', () => {
  assert.throws(() => new gluon.Trainer([onePlusGrad()], new optimizer.SGD(), { learningRate: 0.1 }),
    isErr(ValueError, 'optimizer_params must be None if optimizer is an instance of Optimizer instead of str'));
});

test('Trainer: a registered user optimizer gets its options unchecked (its constructor decides)', () => {
  class HalfStep extends optimizer.SGD {
    readonly factor: number;
    constructor({ factor = 0.5, ...rest }: Record<string, unknown> = {}) {
      super(rest);
      this.factor = factor as number;
    }
  }
  optimizer.register('gluonOptionsTestHalfStep', HalfStep);
  const t = new gluon.Trainer([onePlusGrad()], 'GluonOptionsTestHalfStep', { factor: 0.25, learningRate: 0.1 });
  assert.is((t.optimizer as HalfStep).factor, 0.25);
  assert.is(t.optimizer.learningRate, 0.1);
  // what the subclass passes on is still checked by SGD
  assert.throws(() => new gluon.Trainer([onePlusGrad()], 'gluonoptionstesthalfstep', { momentun: 0.9 }), isErr(ValueError, unknown('optimizer.SGD', 'momentun', SGD_KEYS)));
});

test('Trainer.step / Trainer.update: ignore_stale_grad is refused before anything changes', () => {
  const w = onePlusGrad();
  const trainer = new gluon.Trainer([w], 'sgd', { learningRate: 0.5 });
  assert.throws(() => trainer.step(4, { ignore_stale_grad: true } as never), isErr(ValueError, camel('Trainer.step', 'ignore_stale_grad', 'ignoreStaleGrad')));
  assert.is(trainer.optimizer.rescaleGrad, 1); // step(4) would have set 1/4
  assert.throws(() => trainer.update({ ignoreStale: true } as never), isErr(ValueError, unknown('Trainer.update', 'ignoreStale', 'ignoreStaleGrad')));
  assert.equal(w.data().toArray(), [1]);
  trainer.step(1, { ignoreStaleGrad: true });
  assert.equal(w.data().toArray(), [0]);
  trainer.step(1, { ignoreStaleGrad: true }); // stale now: skipped, not an error
  assert.equal(w.data().toArray(), [0]);
});

test('optimizer.SGD / optimizer.Adam / optimizer.create check their keys', () => {
  assert.throws(() => new optimizer.SGD({ learning_rate: 0.1 } as never), isErr(ValueError, camel('optimizer.SGD', 'learning_rate', 'learningRate')));
  assert.throws(() => new optimizer.SGD({ lr: 0.1 } as never), isErr(ValueError, unknown('optimizer.SGD', 'lr', SGD_KEYS)));
  assert.throws(() => new optimizer.Adam({ rescale_grad: 0.5 } as never), isErr(ValueError, camel('optimizer.Adam', 'rescale_grad', 'rescaleGrad')));
  assert.throws(() => new optimizer.Adam({ momentum: 0.9 } as never), isErr(ValueError, unknown('optimizer.Adam', 'momentum', ADAM_KEYS)));
  assert.throws(() => optimizer.create('sgd', { lr_scheduler: null }), isErr(ValueError, unknown("optimizer.create('sgd')", 'lr_scheduler', SGD_KEYS)));
  assert.throws(() => optimizer.create('ADAM', { learning_rate: 1 }), isErr(ValueError, camel("optimizer.create('ADAM')", 'learning_rate', 'learningRate')));
  assert.is(optimizer.create('sgd', { learningRate: 0.3, momentum: 0.5 }).learningRate, 0.3);
  assert.is((new optimizer.Adam({ beta2: 0.9 })).beta2, 0.9);
  assert.throws(() => new optimizer.SGD(null as never), isErr(ValueError, 'optimizer.SGD: expected an options object ({ key: value }), got null'));
});

// ---------------------------------------------------------------- nn layers

test('nn.Dense: use_bias is refused (it used to keep the bias), with the camelCase spelling', () => fresh(() => {
  assert.throws(() => new nn.Dense(10, { use_bias: false } as never), isErr(ValueError, camel('nn.Dense', 'use_bias', 'useBias')));
  assert.throws(() => new nn.Dense(10, { in_units: 4 } as never), isErr(ValueError, camel('nn.Dense', 'in_units', 'inUnits')));
  assert.throws(() => new nn.Dense(10, { activaton: 'relu' } as never), isErr(ValueError, unknown('nn.Dense', 'activaton', DENSE)));
  // the key is checked before the other arguments, and before a name is taken
  assert.throws(() => new nn.Dense(0, { use_bias: false } as never), isErr(ValueError, camel('nn.Dense', 'use_bias', 'useBias')));
  const d = new nn.Dense(10, { useBias: false });
  assert.is(d.prefix, 'dense0_');
  assert.is(d.bias, null);
  assert.equal([...d.params.keys()], ['dense0_weight']);
}));

test('nn.Dense: every documented key is accepted', () => fresh(() => {
  const shared = new nn.Dense(3, { inUnits: 2 });
  const d = new nn.Dense(3, {
    activation: 'tanh', useBias: true, flatten: false, dtype: 'float32', weightInitializer: 'ones', biasInitializer: 'zeros',
    inUnits: 2, prefix: 'fc_', params: shared.params,
  });
  assert.is(d.prefix, 'fc_');
  assert.is(d.weight, shared.weight);
  assert.is(d.flatten, false);
  assert.is(d.toString(), 'Dense(2 -> 3, Activation(tanh))');
}));

test('a ParameterDict (or anything but an options object) where the options go is refused', () => fresh(() => {
  const shared = new nn.Dense(3);
  assert.throws(() => new nn.Dense(3, shared.params as never), isErr(ValueError, 'nn.Dense: expected an options object ({ key: value }), got an instance of ParameterDict'));
  assert.throws(() => new nn.Dropout(0.5, [0] as never), isErr(ValueError, 'nn.Dropout: expected an options object ({ key: value }), got an Array of length 1'));
  assert.throws(() => new nn.Sequential('seq_' as never), isErr(ValueError, 'nn.Sequential: expected an options object ({ key: value }), got "seq_"'));
  assert.is(new nn.Dense(3).prefix, 'dense1_');
  // object literals without Object.prototype are options too: null-prototype ones, and those of
  // another realm (a vm context, an iframe), whose prototype is that realm's Object.prototype
  const bare = Object.assign(Object.create(null) as object, { useBias: false });
  const foreign = Object.assign(Object.create(Object.create(null) as object) as object, { useBias: false });
  assert.is(new nn.Dense(3, bare).bias, null);
  assert.is(new nn.Dense(3, foreign).bias, null);
  assert.throws(() => new nn.Dense(3, Object.assign(Object.create(null) as object, { use_bias: false })), isErr(ValueError, camel('nn.Dense', 'use_bias', 'useBias')));
}));

test('every nn layer refuses unknown keys, snake_case ones with their camelCase spelling', () => fresh(() => {
  const cases: [() => unknown, string][] = [
    [() => new nn.Conv2D(6, 3, { in_channels: 1 } as never), camel('nn.Conv2D', 'in_channels', 'inChannels')],
    [() => new nn.Conv2D(6, 3, { stride: 2 } as never), unknown('nn.Conv2D', 'stride', CONV)],
    [() => new nn.Conv2D(6, 3, { use_bias: false } as never), camel('nn.Conv2D', 'use_bias', 'useBias')],
    [() => new nn.MaxPool2D(2, { ceil_mode: true } as never), camel('nn.MaxPool2D', 'ceil_mode', 'ceilMode')],
    [() => new nn.MaxPool2D({ pool_size: 3 } as never), camel('nn.MaxPool2D', 'pool_size', 'poolSize')],
    [() => new nn.MaxPool2D({ countIncludePad: false } as never), unknown('nn.MaxPool2D', 'countIncludePad', POOL)],
    [() => new nn.MaxPool2D({ strides: 1 }, { padding: 1 } as never), 'nn.MaxPool2D: options given twice; pass (poolSize, options) or (options)'],
    [() => new nn.AvgPool2D(2, { count_include_pad: false } as never), camel('nn.AvgPool2D', 'count_include_pad', 'countIncludePad')],
    [() => new nn.AvgPool2D({ stride: 2 } as never), unknown('nn.AvgPool2D', 'stride', `${POOL}, countIncludePad`)],
    [() => new nn.GlobalMaxPool2D({ poolSize: 2 } as never), unknown('nn.GlobalMaxPool2D', 'poolSize', `layout, ${BLOCK}`)],
    [() => new nn.GlobalAvgPool2D({ pre_fix: 'g_' } as never), unknown('nn.GlobalAvgPool2D', 'pre_fix', `layout, ${BLOCK}`)],
    [() => new nn.BatchNorm({ use_global_stats: true } as never), camel('nn.BatchNorm', 'use_global_stats', 'useGlobalStats')],
    [() => new nn.BatchNorm({ running_variance_initializer: 'ones' } as never), camel('nn.BatchNorm', 'running_variance_initializer', 'runningVarianceInitializer')],
    [() => new nn.BatchNorm({ moving_mean_initializer: 'zeros' } as never), unknown('nn.BatchNorm', 'moving_mean_initializer', BN)],
    [() => new nn.LayerNorm({ eps: 1e-3 } as never), unknown('nn.LayerNorm', 'eps', LN)],
    [() => new nn.LayerNorm({ gamma_initializer: 'ones' } as never), camel('nn.LayerNorm', 'gamma_initializer', 'gammaInitializer')],
    [() => new nn.Dropout(0.5, { rate: 0.1 } as never), unknown('nn.Dropout', 'rate', `axes, ${BLOCK}`)],
    [() => new nn.Embedding(10, 4, { sparse_grad: true } as never), camel('nn.Embedding', 'sparse_grad', 'sparseGrad')],
    [() => new nn.Embedding(10, 4, { weight_initializer: 'ones' } as never), camel('nn.Embedding', 'weight_initializer', 'weightInitializer')],
    [() => new nn.Activation('relu', { activation: 'tanh' } as never), unknown('nn.Activation', 'activation', BLOCK)],
    [() => new nn.Flatten({ axis: 1 } as never), unknown('nn.Flatten', 'axis', BLOCK)],
    [() => new nn.Lambda('relu', { prefx: 'l_' } as never), unknown('nn.Lambda', 'prefx', BLOCK)],
    [() => new nn.HybridLambda('relu', { name: 'f' } as never), unknown('nn.HybridLambda', 'name', BLOCK)],
    [() => new nn.Sequential({ prefx: 'net_' } as never), unknown('nn.Sequential', 'prefx', BLOCK)],
    [() => new nn.HybridSequential({ param: null } as never), unknown('nn.HybridSequential', 'param', BLOCK)],
    [() => new nn.Block({ prefix: 'b_', scope: null } as never), unknown('nn.Block', 'scope', BLOCK)],
    [() => new nn.HybridBlock({ prefx: 'h_' } as never), unknown('nn.HybridBlock', 'prefx', BLOCK)],
  ];
  for (const [make, message] of cases) assert.throws(make, isErr(ValueError, message), message);
  // nothing was built: every counter is still at 0
  const made = [new nn.Conv2D(6, 3), new nn.MaxPool2D(), new nn.BatchNorm(), new nn.LayerNorm(), new nn.Dropout(0.5), new nn.Embedding(10, 4),
    new nn.Activation('relu'), new nn.Flatten(), new nn.Lambda('relu'), new nn.HybridLambda('relu'), new nn.Sequential(), new nn.HybridSequential(), new nn.Block(), new nn.HybridBlock()];
  assert.equal(made.map((b) => b.prefix), ['conv0_', 'pool0_', 'batchnorm0_', 'layernorm0_', 'dropout0_', 'embedding0_', 'relu0_', 'flatten0_', 'lambda0_', 'hybridlambda0_',
    'sequential0_', 'hybridsequential0_', 'block0_', 'hybridblock0_']);
}));

test('every nn layer still accepts each of its keys', () => fresh(() => {
  const p = (s: string) => ({ prefix: s });
  const conv = new nn.Conv2D(4, 3, { strides: 1, padding: 1, dilation: 1, groups: 2, layout: 'NCHW', activation: 'relu', useBias: false, weightInitializer: 'ones', biasInitializer: 'zeros', inChannels: 2, ...p('c_') });
  assert.is(conv.toString(), 'Conv2D(1 -> 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), groups=2, bias=False, Activation(relu))');
  assert.is(new nn.MaxPool2D(3, { strides: 1, padding: 1, layout: 'NCHW', ceilMode: true, ...p('m_') }).toString(),
    'MaxPool2D(size=(3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True, global_pool=False, pool_type=max, layout=NCHW)');
  assert.equal(new nn.AvgPool2D({ poolSize: 2, countIncludePad: false }).poolSize, [2, 2]);
  assert.is(new nn.GlobalAvgPool2D({ layout: 'NCHW', ...p('g_') }).prefix, 'g_');
  const bn = new nn.BatchNorm({ axis: 1, momentum: 0.8, epsilon: 1e-3, center: false, scale: false, useGlobalStats: true, betaInitializer: 'zeros', gammaInitializer: 'ones',
    runningMeanInitializer: 'zeros', runningVarianceInitializer: 'ones', inChannels: 3, ...p('bn_') });
  assert.is(bn.toString(), 'BatchNorm(axis=1, eps=0.001, momentum=0.8, fix_gamma=True, use_global_stats=True, in_channels=3)');
  assert.is(new nn.LayerNorm({ axis: -1, epsilon: 1e-3, center: true, scale: true, betaInitializer: 'zeros', gammaInitializer: 'ones', inChannels: 5 }).toString(),
    'LayerNorm(eps=0.001, axis=-1, center=True, scale=True, in_channels=5)');
  assert.is(new nn.Dropout(0.25, { axes: [1], ...p('do_') }).toString(), 'Dropout(p = 0.25, axes=(1,))');
  assert.is(new nn.Embedding(10, 4, { dtype: 'float32', weightInitializer: 'ones', sparseGrad: false, ...p('emb_') }).prefix, 'emb_');
  assert.is(new nn.Activation('tanh', p('act_')).prefix, 'act_');
  assert.is(new nn.Flatten(p('flat_')).prefix, 'flat_');
  assert.is(new nn.Lambda('relu', p('l_')).prefix, 'l_');
  assert.is(new nn.HybridLambda('relu', p('hl_')).prefix, 'hl_');
  const seq = new nn.Sequential({ prefix: 'net_' });
  assert.is(new nn.HybridSequential({ prefix: 'h_', params: seq.params }).params.prefix, 'net_');
}));

test('a user Block subclass is named in the error and keeps nothing of a failed construction', () => fresh(() => {
  class MyNet extends nn.Block {
    constructor(options: nn.BlockOptions = {}) {
      super(options);
    }
  }
  class MySeq extends nn.Sequential {}
  assert.throws(() => new MyNet({ prefx: 'x_' } as never), isErr(ValueError, unknown('MyNet', 'prefx', BLOCK)));
  assert.throws(() => new MySeq({ prefx: 'x_' } as never), isErr(ValueError, unknown('MySeq', 'prefx', BLOCK)));
  assert.is(new MyNet().prefix, 'mynet0_');
  assert.is(new MySeq({ prefix: 'ok_' }).prefix, 'ok_');
  // a built-in layer's own check runs first and names the layer
  class MyDense extends nn.Dense {}
  assert.throws(() => new MyDense(3, { use_bias: false } as never), isErr(ValueError, camel('nn.Dense', 'use_bias', 'useBias')));
  assert.is(new MyDense(3).prefix, 'mydense0_');
}));

// ---------------------------------------------------------------- losses

test('every loss refuses unknown keys and accepts its own', () => fresh(() => {
  const cases: [() => unknown, string][] = [
    [() => new gluon.loss.L2Loss({ batch_axis: 1 } as never), camel('gluon.loss.L2Loss', 'batch_axis', 'batchAxis')],
    [() => new gluon.loss.L1Loss({ weights: 2 } as never), unknown('gluon.loss.L1Loss', 'weights', LOSS)],
    [() => new gluon.loss.SoftmaxCrossEntropyLoss({ sparse_label: false } as never), camel('gluon.loss.SoftmaxCrossEntropyLoss', 'sparse_label', 'sparseLabel')],
    [() => new gluon.loss.SoftmaxCELoss({ from_logits: true } as never), camel('gluon.loss.SoftmaxCrossEntropyLoss', 'from_logits', 'fromLogits')],
    [() => new gluon.loss.SoftmaxCrossEntropyLoss({ fromSigmoid: true } as never), unknown('gluon.loss.SoftmaxCrossEntropyLoss', 'fromSigmoid', `axis, sparseLabel, fromLogits, ${LOSS}`)],
    [() => new gluon.loss.SigmoidBinaryCrossEntropyLoss({ from_sigmoid: true } as never), camel('gluon.loss.SigmoidBinaryCrossEntropyLoss', 'from_sigmoid', 'fromSigmoid')],
    [() => new gluon.loss.SigmoidBCELoss({ sparseLabel: true } as never), unknown('gluon.loss.SigmoidBinaryCrossEntropyLoss', 'sparseLabel', `fromSigmoid, ${LOSS}`)],
  ];
  for (const [make, message] of cases) assert.throws(make, isErr(ValueError, message), message);
  assert.is(new gluon.loss.L2Loss({ weight: 2, batchAxis: 0, prefix: 'l2_' }).toString(), 'L2Loss(batch_axis=0, w=2.0)');
  assert.is(new gluon.loss.L1Loss().prefix, 'l1loss0_');
  const ce = new gluon.loss.SoftmaxCrossEntropyLoss({ axis: -1, sparseLabel: false, fromLogits: true, weight: null, batchAxis: 0 });
  assert.equal([ce.axis, ce.sparseLabel, ce.fromLogits, ce.prefix], [-1, false, true, 'softmaxcrossentropyloss0_']);
  assert.is(new gluon.loss.SigmoidBCELoss({ fromSigmoid: true, weight: 1 }).fromSigmoid, true);
}));

// ---------------------------------------------------------------- initializers

test('initializers refuse unknown keys; init.create still takes MXNet\'s snake_case kwargs', () => {
  assert.throws(() => new init.Xavier({ rnd_type: 'gaussian' } as never), isErr(ValueError, camel('init.Xavier', 'rnd_type', 'rndType')));
  assert.throws(() => new init.Xavier({ magnitud: 2 } as never), isErr(ValueError, unknown('init.Xavier', 'magnitud', 'rndType, factorType, magnitude')));
  assert.throws(() => new init.MSRAPrelu({ factor_type: 'in' } as never), isErr(ValueError, camel('init.MSRAPrelu', 'factor_type', 'factorType')));
  assert.throws(() => new init.MSRAPrelu({ magnitude: 2 } as never), isErr(ValueError, unknown('init.MSRAPrelu', 'magnitude', 'factorType, slope')));
  assert.throws(() => new init.Uniform({ scal: 1 } as never), isErr(ValueError, unknown('init.Uniform', 'scal', 'scale')));
  assert.throws(() => new init.Normal({ scale: 1 } as never), isErr(ValueError, unknown('init.Normal', 'scale', 'sigma')));
  assert.throws(() => new init.Constant({ value: 1, shape: [2] } as never), isErr(ValueError, unknown('init.Constant', 'shape', 'value')));
  assert.throws(() => init.create('zeros', { value: 1 }), isErr(ValueError, "init.Zero: unknown option 'value'; it takes no options"));
  assert.throws(() => init.create('one', { value: 1 }), isErr(ValueError, "init.One: unknown option 'value'; it takes no options"));
  assert.throws(() => init.create('xavier', { rnd_typ: 'gaussian' }), isErr(ValueError, unknown('init.Xavier', 'rndTyp', 'rndType, factorType, magnitude')));
  // valid forms
  const x = new init.Xavier({ rndType: 'gaussian', factorType: 'in', magnitude: 2 });
  assert.equal([x.rndType, x.factorType, x.magnitude], ['gaussian', 'in', 2]);
  const viaKwargs = init.create('xavier', { rnd_type: 'gaussian', factor_type: 'out', magnitude: 2 }) as InstanceType<typeof init.Xavier>;
  assert.equal([viaKwargs.rndType, viaKwargs.factorType, viaKwargs.magnitude], ['gaussian', 'out', 2]);
  const viaJson = init.create('["xavier", {"rnd_type": "gaussian", "magnitude": 2.5}]') as InstanceType<typeof init.Xavier>;
  assert.equal([viaJson.rndType, viaJson.magnitude], ['gaussian', 2.5]);
  assert.is((init.create('msraprelu', { factor_type: 'in', slope: 0 }) as InstanceType<typeof init.MSRAPrelu>).magnitude, 2);
  assert.is(new init.Uniform({ scale: 0.5 }).scale, 0.5);
  assert.is(new init.Uniform(0.3).scale, 0.3);
  assert.is(new init.Normal({ sigma: 2 }).sigma, 2);
  assert.is(new init.Constant({ value: 3 }).value, 3);
  assert.ok(init.create('zeros', {}) instanceof init.Zero);
});

// ---------------------------------------------------------------- Parameter, ParameterDict, Block methods

test('Parameter and ParameterDict.get refuse unknown keys; get adds nothing on error', () => {
  assert.throws(() => new Parameter('w', { grad_req: 'null' } as never), isErr(ValueError, camel("Parameter 'w'", 'grad_req', 'gradReq')));
  assert.throws(() => new Parameter('w', { stype: 'row_sparse' } as never), isErr(ValueError, unknown("Parameter 'w'", 'stype', PARAM)));
  const all = new Parameter('w', { shape: [2, 0], dtype: 'float32', init: 'ones', gradReq: 'add', lrMult: 2, wdMult: 0, allowDeferredInit: true, differentiable: true });
  assert.equal([all.shape, all.gradReq, all.lrMult, all.wdMult, all.allowDeferredInit], [[2, 0], 'add', 2, 0, true]);

  const shared = new ParameterDict('net_');
  shared.get('w', { shape: [2] });
  const dict = new ParameterDict('net_', shared);
  assert.throws(() => dict.get('w', { lr_mult: 2 } as never), isErr(ValueError, camel("ParameterDict.get('w')", 'lr_mult', 'lrMult')));
  assert.throws(() => dict.get('b', { allow_deferred_init: true } as never), isErr(ValueError, camel("ParameterDict.get('b')", 'allow_deferred_init', 'allowDeferredInit')));
  assert.is(dict.size, 0); // neither the shared 'w' nor a new 'b' was added
  assert.is(dict.get('w', { lrMult: 1 }), shared.get('w'));
  assert.is(dict.get('b', { shape: [3], allowDeferredInit: true }).name, 'net_b');
  // setattr keeps taking MXNet's snake_case attribute names
  dict.setattr('grad_req', 'null');
  assert.is(shared.get('w').gradReq, 'null');
});

test('initialize (Block, ParameterDict, Parameter) refuses unknown keys before initializing anything', () => fresh(() => {
  const net = new nn.Sequential();
  net.add(new nn.Dense(2, { inUnits: 3 }));
  assert.throws(() => net.initialize({ force_reinit: true } as never), isErr(ValueError, camel('Sequential.initialize', 'force_reinit', 'forceReinit')));
  assert.throws(() => net.initialize('ones', { ctx: 'cpu(0)' } as never), isErr(ValueError, unknown('Sequential.initialize', 'ctx', 'init, forceReinit')));
  assert.throws(() => net[0].initialize({ init: 'ones', verbose: true } as never), isErr(ValueError, unknown('Dense.initialize', 'verbose', 'init, forceReinit')));
  assert.throws(() => net[0].weight.data(), isErr(NotInitializedError));
  assert.throws(() => net.collectParams().initialize(undefined, { forcereinit: true } as never), isErr(ValueError, unknown('ParameterDict.initialize', 'forcereinit', 'init, forceReinit')));
  assert.throws(() => net[0].weight.initialize({ default_init: 'ones' } as never), isErr(ValueError, camel("Parameter 'dense0_weight'.initialize", 'default_init', 'defaultInit')));
  assert.throws(() => net[0].weight.initialize(null, { force: true } as never), isErr(ValueError, unknown("Parameter 'dense0_weight'.initialize", 'force', 'init, defaultInit, forceReinit')));
  assert.throws(() => net[0].weight.data(), isErr(NotInitializedError));

  net.initialize({ init: 'ones' });
  assert.equal(net[0].weight.data().toArray(), [[1, 1, 1], [1, 1, 1]]);
  // an initialized net is left alone by a refused call too (no warning, no reinit)
  const warnings = captureWarnings(() => assert.throws(() => net.initialize('zeros', { force_reinit: true } as never), isErr(ValueError)));
  assert.equal(warnings, []);
  assert.equal(net[0].weight.data().toArray(), [[1, 1, 1], [1, 1, 1]]);
  net.initialize('zeros', { forceReinit: true });
  assert.equal(net[0].bias.data().toArray(), [0, 0]);
  net.collectParams().initialize({ init: 'ones', forceReinit: true });
  net[0].bias.initialize({ init: 'zeros', defaultInit: 'ones', forceReinit: true });
  assert.equal([net[0].weight.data().toArray(), net[0].bias.data().toArray()], [[[1, 1, 1], [1, 1, 1]], [0, 0]]);
}));

test('loadParameters / saveParameters / ParameterDict.load refuse unknown keys and load nothing', () => fresh(() => {
  const net = new nn.Dense(2, { inUnits: 2 });
  net.initialize('ones');
  const bytes = net.saveParameters();
  const other = new nn.Dense(2, { inUnits: 2 });
  other.initialize('zeros');
  assert.throws(() => other.loadParameters(bytes, { allow_missing: true } as never), isErr(ValueError, camel('loadParameters', 'allow_missing', 'allowMissing')));
  assert.throws(() => other.loadParameters(bytes, { ctx: 'cpu(0)' } as never), isErr(ValueError, unknown('loadParameters', 'ctx', 'allowMissing, ignoreExtra')));
  assert.throws(() => net.saveParameters(undefined, { dedup: true } as never), isErr(ValueError, unknown('saveParameters', 'dedup', 'deduplicate')));
  assert.throws(() => other.collectParams().load(bytes, { restore_prefix: 'dense1_' } as never), isErr(ValueError, camel('ParameterDict.load', 'restore_prefix', 'restorePrefix')));
  assert.equal(other.weight.data().toArray(), [[0, 0], [0, 0]]);
  other.loadParameters(bytes, { allowMissing: false, ignoreExtra: false });
  assert.equal(other.weight.data().toArray(), [[1, 1], [1, 1]]);
  assert.ok(net.saveParameters(undefined, { deduplicate: true }).byteLength > 0);
  const dictBytes = net.collectParams().save(undefined, 'dense0_');
  other.initialize('zeros', { forceReinit: true });
  other.collectParams().load(dictBytes, { restorePrefix: 'dense1_', allowMissing: false, ignoreExtra: false });
  assert.equal(other.bias.data().toArray(), [0, 0]);
  assert.equal(other.weight.data().toArray(), [[1, 1], [1, 1]]);
}));

// ---------------------------------------------------------------- reprs of user subclasses

test('user subclasses print their own class name (MXNet\'s self.__class__.__name__)', () => fresh(() => {
  class MySeq extends nn.Sequential<nn.Block> {}
  class MyHybridSeq extends nn.HybridSequential<nn.HybridBlock> {}
  class MyDense extends nn.Dense {}
  class MyAct extends nn.Activation {}
  class MyDropout extends nn.Dropout {}
  class MyFlatten extends nn.Flatten {}
  class MyLambda extends nn.Lambda {}
  class MyHybridLambda extends nn.HybridLambda {}
  class MyConv extends nn.Conv2D {}
  class MyPool extends nn.MaxPool2D {}
  class MyBN extends nn.BatchNorm {}
  class MyLoss extends gluon.loss.L2Loss {}
  class Deeper extends MyDense {}

  assert.is(new MyDense(10).toString(), 'MyDense(None -> 10, linear)');
  assert.is(new MyDense(4, { activation: 'relu', inUnits: 3 }).toString(), 'MyDense(3 -> 4, Activation(relu))');
  assert.is(new Deeper(2).toString(), 'Deeper(None -> 2, linear)');
  assert.is(new MyAct('sigmoid').toString(), 'MyAct(sigmoid)');
  assert.is(new MyDropout(0.5).toString(), 'MyDropout(p = 0.5, axes=())');
  assert.is(new MyFlatten().toString(), 'MyFlatten');
  assert.is(new MyLambda('relu').toString(), 'MyLambda(relu)');
  assert.is(new MyHybridLambda('tanh').toString(), 'MyHybridLambda(tanh)');
  assert.is(new MyConv(6, 5).toString(), 'MyConv(None -> 6, kernel_size=(5, 5), stride=(1, 1))');
  assert.is(new MyPool().toString(), 'MyPool(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, global_pool=False, pool_type=max, layout=NCHW)');
  assert.is(new MyBN().toString(), 'MyBN(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, in_channels=None)');
  assert.is(new MyLoss().toString(), 'MyLoss(batch_axis=0, w=1.0)');

  const seq = new MySeq();
  seq.add(new MyDense(3), new nn.Dense(2, { activation: 'relu' }));
  assert.is(seq.toString(), 'MySeq(\n  (0): MyDense(None -> 3, linear)\n  (1): Dense(None -> 2, Activation(relu))\n)');
  const hseq = new MyHybridSeq();
  hseq.add(new MyFlatten());
  assert.is(hseq.toString(), 'MyHybridSeq(\n  (0): MyFlatten\n)');
  const outer = new nn.Sequential<nn.Block>();
  outer.add(hseq);
  assert.is(outer.toString(), 'Sequential(\n  (0): MyHybridSeq(\n    (0): MyFlatten\n  )\n)');
}));

test('built-in reprs are unchanged and come from string literals, not constructor.name (minified builds)', () => fresh(() => {
  const make: [{ name: string }, () => { toString(): string }, string][] = [
    [nn.Sequential, () => new nn.Sequential().add(new nn.Dense(3)), 'Sequential(\n  (0): Dense(None -> 3, linear)\n)'],
    [nn.HybridSequential, () => new nn.HybridSequential().add(new nn.Dense(3, { activation: 'relu', inUnits: 2 })), 'HybridSequential(\n  (0): Dense(2 -> 3, Activation(relu))\n)'],
    [nn.Dense, () => new nn.Dense(10), 'Dense(None -> 10, linear)'],
    [nn.Activation, () => new nn.Activation('relu'), 'Activation(relu)'],
    [nn.Dropout, () => new nn.Dropout(0.5), 'Dropout(p = 0.5, axes=())'],
    [nn.Flatten, () => new nn.Flatten(), 'Flatten'],
    [nn.Lambda, () => new nn.Lambda('relu'), 'Lambda(relu)'],
    [nn.HybridLambda, () => new nn.HybridLambda(function double(x) { return x; }), 'HybridLambda(double)'],
    [nn.Conv2D, () => new nn.Conv2D(6, 5), 'Conv2D(None -> 6, kernel_size=(5, 5), stride=(1, 1))'],
    [nn.Embedding, () => new nn.Embedding(10, 5), 'Embedding(10 -> 5, float32)'],
    [gluon.loss.SoftmaxCrossEntropyLoss, () => new gluon.loss.SoftmaxCrossEntropyLoss(), 'SoftmaxCrossEntropyLoss(batch_axis=0, w=None)'],
  ];
  for (const [cls, build, text] of make) {
    const original = Object.getOwnPropertyDescriptor(cls, 'name')!;
    Object.defineProperty(cls, 'name', { value: 'e', configurable: true }); // what a minifier leaves
    try {
      assert.is(build().toString(), text);
    } finally {
      Object.defineProperty(cls, 'name', original);
    }
  }
  // and nd still works through a repr'd net (no state left behind by the renaming)
  const net = new nn.Sequential();
  net.add(new nn.Dense(2, { inUnits: 2, weightInitializer: 'ones' }));
  net.initialize();
  assert.equal(net.forward(nd.ones([1, 2])).toArray(), [[2, 2]]);
}));

test.run();
