/**
 * Triplet losses. Each takes the embeddings of a batch of triplets, `anchor`, `positive` and
 * `negative`, all `[batch, N]` with values in `[0, 1]`, and returns the mean loss as a scalar.
 * Below, `d(x, y)` is the squared Euclidean distance between two embeddings, which lies in
 * `[0, N]` because every coordinate lies in `[0, 1]`.
 */

import * as tf from '@tensorflow/tfjs';

import type { LossName, TrainConfig } from '../types';

/** A triplet loss: three `[batch, N]` embeddings to a scalar mean. */
export type TripletLoss = (
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
) => tf.Scalar;

/** Keeps logarithms finite where a distance reaches its bound. */
export const LOSSLESS_EPSILON = 1e-8;

/** Default FaceNet `alpha`. */
export const DEFAULT_ALPHA = 0.2;

/** Default contrastive margin, in (unsquared) distance. */
export const DEFAULT_CONTRASTIVE_MARGIN = 1;

/** `[batch]` squared Euclidean distance between matching rows of two `[batch, N]` tensors. */
export function squaredDistance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.squaredDifference(a, b), 1));
}

/**
 * Lossless triplet loss, the default:
 * `-ln(-d(a,p)/beta + 1 + eps) - ln(-(N - d(a,n))/beta + 1 + eps)`, `beta` defaulting to `N` and
 * `eps = 1e-8`. Each term is 0 at its ideal (`d(a,p) = 0`, `d(a,n) = N`) and grows without a
 * plateau towards `-ln(eps)` at the other bound, so even well-separated triplets keep a gradient.
 * Each logarithm's argument is clamped below at `eps` (`max(., 0) + eps`, which bites only when
 * `beta < N`), so the loss stays finite everywhere.
 */
export function losslessLoss(dims: number, beta = dims, epsilon = LOSSLESS_EPSILON): TripletLoss {
  return (anchor, positive, negative) =>
    tf.tidy(() => {
      const positiveTerm = tf.maximum(
        tf.sub(1, tf.div(squaredDistance(anchor, positive), beta)),
        0,
      );
      const negativeGap = tf.sub(dims, squaredDistance(anchor, negative));
      const negativeTerm = tf.maximum(tf.sub(1, tf.div(negativeGap, beta)), 0);
      const perTriplet = tf.add(
        tf.log(tf.add(positiveTerm, epsilon)),
        tf.log(tf.add(negativeTerm, epsilon)),
      );
      return tf.neg(tf.mean(perTriplet)) as tf.Scalar;
    });
}

/**
 * Linear lossless loss: `d(a,p) - d(a,n) + N`, which lies in `[0, 2N]` and is 0 only at the
 * ideal (`d(a,p) = 0`, `d(a,n) = N`).
 */
export function linearLoss(dims: number): TripletLoss {
  return (anchor, positive, negative) =>
    tf.tidy(() => {
      const gap = tf.sub(squaredDistance(anchor, positive), squaredDistance(anchor, negative));
      return tf.add(tf.mean(gap), dims);
    });
}

/** FaceNet triplet loss: `max(d(a,p) - d(a,n) + alpha, 0)`. */
export function facenetLoss(alpha = DEFAULT_ALPHA): TripletLoss {
  return (anchor, positive, negative) =>
    tf.tidy(() => tf.mean(hinge(anchor, positive, negative, alpha)));
}

/**
 * Contrastive loss (Hadsell, Chopra and LeCun, 2006) on the two pairs of each triplet: `(a, p)`
 * similar (`y = 1`), `(a, n)` dissimilar (`y = 0`). Per pair
 * `y * d + (1 - y) * max(margin - sqrt(d + eps), 0)^2`, averaged over all `2 * batch` pairs, so
 * per triplet `(d(a,p) + max(margin - sqrt(d(a,n) + eps), 0)^2) / 2`. The `eps = 1e-8` inside
 * the root keeps its gradient finite at `d = 0`. Without the paper's factor 1/2 on each term.
 */
export function contrastiveLoss(
  margin = DEFAULT_CONTRASTIVE_MARGIN,
  epsilon = LOSSLESS_EPSILON,
): TripletLoss {
  return (anchor, positive, negative) =>
    tf.tidy(() => {
      const similar = squaredDistance(anchor, positive);
      const apart = tf.sqrt(tf.add(squaredDistance(anchor, negative), epsilon));
      const dissimilar = tf.square(tf.relu(tf.sub(margin, apart)));
      return tf.div(tf.mean(tf.add(similar, dissimilar)), 2);
    });
}

/** `[batch]` FaceNet loss of each triplet: `max(d(a,p) - d(a,n) + alpha, 0)`. */
function hinge(
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  alpha: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const gap = tf.sub(squaredDistance(anchor, positive), squaredDistance(anchor, negative));
    return tf.relu(tf.add(gap, alpha)) as tf.Tensor1D;
  });
}

/**
 * `[batch]` 1 where a triplet's FaceNet loss is zero at `alpha`, that is where
 * `d(a,p) + alpha <= d(a,n)`: the triplet is already satisfied, else 0.
 */
export function zeroHingeMask(
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  alpha = DEFAULT_ALPHA,
): tf.Tensor1D {
  return tf.tidy(() => {
    const satisfied = tf.lessEqual(hinge(anchor, positive, negative, alpha), 0);
    return tf.cast(satisfied, 'int32') as tf.Tensor1D;
  });
}

/** The loss `config` asks for, with its parameters. */
export function lossFor(
  config: Pick<TrainConfig, 'loss' | 'dims' | 'margin' | 'beta'>,
): TripletLoss {
  const byName: Record<LossName, () => TripletLoss> = {
    lossless: () => losslessLoss(config.dims, config.beta ?? config.dims),
    linear: () => linearLoss(config.dims),
    triplet: () => facenetLoss(config.margin),
    contrastive: () => contrastiveLoss(config.margin),
  };
  return byName[config.loss]();
}
