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
