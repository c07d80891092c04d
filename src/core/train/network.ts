import * as tf from '@tensorflow/tfjs';

import type { TrainConfig } from '../types';

/** What shapes the network: input width, hidden widths, embedding dimensions, seed. */
export type NetworkShape = Pick<TrainConfig, 'dims' | 'hidden' | 'seed'>;

/**
 * The encoder network: one Dense ReLU layer per entry of `hidden`, then Dense(`dims`, sigmoid), so
 * that every embedding lies in `[0, 1]^dims`. Kernels use Glorot-uniform initializers seeded from
 * `seed` (one seed per layer), biases start at zero: the same seed gives the same weights.
 * Input `[rows, features]`, output `[rows, dims]`.
 */
export function buildNetwork(features: number, shape: NetworkShape): tf.Sequential {
  const model = tf.sequential({ name: 'siamese_encoder' });
  const widths = [...shape.hidden, shape.dims];

  widths.forEach((units, index) => {
    const last = index === widths.length - 1;
    model.add(
      tf.layers.dense({
        units,
        activation: last ? 'sigmoid' : 'relu',
        inputShape: index === 0 ? [features] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: shape.seed + index }),
        biasInitializer: 'zeros',
        name: last ? 'embedding' : `hidden_${index + 1}`,
      }),
    );
  });

  return model;
}

/** The trainable variables of `model`, kernel then bias for each layer, in layer order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * Builds the training forward pass of a network made by `buildNetwork`: `(x [rows, features])
 * -> embeddings [rows, dims]`, differentiable with respect to `variables`.
 *
 * The gradient is written out by hand, as one custom-gradient op for the whole network, because
 * the automatic one multiplies by transposed operands (`matMul(a, b, true, false)`), which the
 * wasm backend runs several times slower than an explicit `transpose` and a plain `matMul`, and
 * because the input's own gradient is never needed.
 */
export function trainingForward(variables: tf.Variable[]): (x: tf.Tensor2D) => tf.Tensor2D {
  const layers = variables.length / 2;

  return (x: tf.Tensor2D) => {
    const forward = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const weights = args.slice(0, -1) as tf.Tensor[];
      const save = args[args.length - 1] as tf.GradSaveFunc;

      // activations[i] is the input of layer i: `[rows, width_i]`.
      const activations: tf.Tensor2D[] = [x];
      for (let layer = 0; layer < layers; layer++) {
        const kernel = weights[2 * layer] as tf.Tensor2D;
        const bias = weights[2 * layer + 1];
        const sum = tf.add(tf.matMul(activations[layer], kernel), bias) as tf.Tensor2D;
        activations.push(layer === layers - 1 ? tf.sigmoid(sum) : tf.relu(sum));
      }
      save([...activations.slice(1), ...weights]);

      const value = activations[layers];
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
        backward(dy as tf.Tensor2D, x, saved, layers);
      return { value, gradFunc };
    });

    return forward(...variables) as tf.Tensor2D;
  };
}

/**
 * Back-propagates `dy` `[rows, dims]` through the saved activations; returns the gradients of
 * every kernel and bias, in the order of the forward pass's inputs.
 */
function backward(
  dy: tf.Tensor2D,
  x: tf.Tensor2D,
  saved: tf.Tensor[],
  layers: number,
): tf.Tensor[] {
  const outputs = saved.slice(0, layers) as tf.Tensor2D[];
  const weights = saved.slice(layers);
  const gradients: tf.Tensor[] = new Array(2 * layers);

  // A bias gradient is a column sum; `ones [1, rows]` times a matrix is the fastest one on wasm.
  const ones = tf.ones([1, x.shape[0]]) as tf.Tensor2D;

  // Gradient of the pre-activation sum of the last (sigmoid) layer: dy * y * (1 - y).
  const embedding = outputs[layers - 1];
  let delta = tf.mul(dy, tf.mul(embedding, tf.sub(1, embedding))) as tf.Tensor2D;

  for (let layer = layers - 1; layer >= 0; layer--) {
    const input = layer === 0 ? x : outputs[layer - 1];
    gradients[2 * layer] = tf.matMul(tf.transpose(input), delta);
    gradients[2 * layer + 1] = tf.reshape(tf.matMul(ones, delta), [delta.shape[1]]);

    if (layer > 0) {
      const kernel = weights[2 * layer] as tf.Tensor2D;
      const upstream = tf.matMul(delta, tf.transpose(kernel));
      delta = tf.mul(upstream, tf.step(input)) as tf.Tensor2D;
    }
  }

  return gradients;
}
