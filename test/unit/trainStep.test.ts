import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';

import { initBackend } from '../../src/core/backend';
import { createRandom } from '../../src/core/metrics/random';
import { FlatAdam } from '../../src/core/train/adam';
import { lossGradientFor } from '../../src/core/train/lossGradient';
import { lossFor, zeroHingeMask } from '../../src/core/train/losses';
import { buildNetwork } from '../../src/core/train/network';
import { modelSlots, readParameters } from '../../src/core/train/parameters';
import { copyRows } from '../../src/core/train/sampling';
import { BatchBuilder, computeGradient, uploadWeights } from '../../src/core/train/step';
import { DEFAULT_TRAIN_CONFIG, type LossName } from '../../src/core/types';

const random = createRandom(5);
const uniform = (count: number, scale = 1): Float32Array =>
  Float32Array.from({ length: count }, () => scale * (random() * 2 - 1));

/** Largest absolute difference between two arrays of the same length. */
function largestGap(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.strictEqual(actual.length, expected.length);
  let gap = 0;
  for (let at = 0; at < actual.length; at++)
    gap = Math.max(gap, Math.abs(actual[at] - expected[at]));
  return gap;
}

describe('training step', () => {
  before(async () => {
    await initBackend('wasm');
  });

  for (const loss of ['lossless', 'linear', 'triplet', 'contrastive'] as LossName[]) {
    it(`differentiates the ${loss} loss as tf.grad does on losses.ts`, () => {
      const batch = 16;
      const dims = 3;
      const config = { ...DEFAULT_TRAIN_CONFIG, loss, dims, margin: 0.3 };
      const embeddings = Float32Array.from({ length: 3 * batch * dims }, () => random());

      const gradient = new Float32Array(embeddings.length);
      const figures = lossGradientFor(config)(embeddings, batch, dims, gradient);

      const reference = lossFor(config);
      const input = tf.tensor2d(embeddings, [3 * batch, dims]);
      const { value, grad } = tf.valueAndGrad((stacked: tf.Tensor) => {
        const [anchor, positive, negative] = tf.split(stacked, 3, 0) as tf.Tensor2D[];
        return reference(anchor, positive, negative);
      })(input);
      const [anchor, positive, negative] = tf.split(input, 3, 0) as tf.Tensor2D[];
      const mask = zeroHingeMask(anchor, positive, negative, config.margin);

      assert.ok(Math.abs(figures.loss - value.dataSync()[0]) < 1e-5);
      assert.ok(largestGap(gradient, grad.dataSync()) < 1e-5);
      assert.strictEqual(figures.satisfied, tf.sum(mask).dataSync()[0]);
      tf.dispose([input, value, grad, anchor, positive, negative, mask]);
    });
  }

  it('takes the same Adam steps as tf.train.adam', () => {
    const start = uniform(50);
    const gradients = [uniform(50), uniform(50, 0.01), uniform(50, 3)];

    const parameters = start.slice();
    const adam = new FlatAdam(parameters.length, { learningRate: 0.01 });
    for (const gradient of gradients) adam.step(parameters, gradient);

    const variable = tf.variable(tf.tensor1d(start));
    const reference = tf.train.adam(0.01);
    for (const gradient of gradients) {
      const slope = tf.tensor1d(gradient);
      reference.applyGradients([{ name: variable.name, tensor: slope }]);
      slope.dispose();
    }

    assert.ok(largestGap(parameters, variable.dataSync()) < 1e-6);
    assert.ok(largestGap(parameters, start) > 1e-3);
    reference.dispose();
    variable.dispose();
  });

  it('computes the network gradient that tf.grad computes through the model', () => {
    const features = 7;
    const batch = 12;
    const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [6, 5], dims: 3 };
    const model = buildNetwork(features, config);
    const { slots, size } = modelSlots(model);
    const parameters = readParameters(model, size);
    const values = uniform(40 * features, 2);
    const pick = (): Int32Array =>
      Int32Array.from({ length: batch }, () => Math.floor(random() * 40));
    const triplets = { anchors: pick(), positives: pick(), negatives: pick() };
    const before = tf.memory().numTensors;

    const weights = uploadWeights(parameters, slots);
    const input = new BatchBuilder(values, features, batch).upload(triplets);
    // 36 slots drawn from 40 records: some recur, and each distinct record is embedded once.
    assert.ok(input.rows.shape[0] < 3 * batch);
    const gradient = new Float32Array(size);
    const figures = computeGradient(input, weights, slots, lossGradientFor(config), gradient);
    tf.dispose([input.rows, input.columns, ...weights.flatMap((w) => [w.kernel, w.bias])]);
    assert.strictEqual(tf.memory().numTensors, before);

    const loss = lossFor(config);
    const stackedValues = new Float32Array(3 * batch * features);
    [triplets.anchors, triplets.positives, triplets.negatives].forEach((records, part) =>
      copyRows(values, features, records, stackedValues, part * batch),
    );
    const stacked = tf.tensor2d(stackedValues, [3 * batch, features]);
    const { value, grads } = tf.variableGrads(() => {
      const embeddings = model.apply(stacked) as tf.Tensor2D;
      const [anchor, positive, negative] = tf.split(embeddings, 3, 0) as tf.Tensor2D[];
      return loss(anchor, positive, negative);
    });
    const expected = model.trainableWeights.flatMap((weight) =>
      Array.from(grads[(weight.read() as tf.Variable).name].dataSync()),
    );

    assert.ok(Math.abs(figures.loss - value.dataSync()[0]) < 1e-5);
    // Float32 sums in a different order: compare relative to the largest entry.
    const largest = largestGap(expected, new Float32Array(size));
    assert.ok(largest > 1e-3);
    assert.ok(largestGap(gradient, expected) < 1e-4 * largest, `${largestGap(gradient, expected)}`);
    tf.dispose([stacked, value, ...Object.values(grads)]);
    model.dispose();
  });
});
