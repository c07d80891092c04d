/**
 * Each loss of `losses.ts` once more, in plain JavaScript, with its gradient, for the training
 * step. Every loss depends on a triplet only through `d(a,p)` and `d(a,n)` (squared distances), so
 * each is written as a per-triplet value and its two partial derivatives; the chain rule through
 * the distances is shared. A batch's embeddings are a few thousand numbers, so this costs
 * microseconds where the same arithmetic as tensor operations costs dozens of backend calls.
 * `losses.ts` stays the reference (validation loss, tests compare the two).
 */

import type { TrainConfig } from '../types';
import { LOSSLESS_EPSILON } from './losses';

/**
 * One triplet's loss from `positive = d(a,p)` and `negative = d(a,n)`: writes the value and the
 * partial derivatives with respect to `positive` and `negative` into `out[0..2]`.
 */
type DistanceLoss = (positive: number, negative: number, out: Float64Array) => void;

/** A batch's mean loss and the count of triplets whose FaceNet loss is zero at the margin. */
export interface BatchLoss {
  loss: number;
  satisfied: number;
}

/**
 * Computes the mean loss of the stacked `embeddings [3 * batch, dims]` (anchors, positives,
 * negatives) and writes its gradient with respect to them into `gradient [3 * batch, dims]`.
 */
export type LossGradient = (
  embeddings: Float32Array,
  batch: number,
  dims: number,
  gradient: Float32Array,
) => BatchLoss;

/** The loss `config` names, with its gradient. */
export function lossGradientFor(
  config: Pick<TrainConfig, 'loss' | 'dims' | 'margin' | 'beta'>,
): LossGradient {
  const byName: Record<TrainConfig['loss'], () => DistanceLoss> = {
    lossless: () => lossless(config.dims, config.beta ?? config.dims),
    linear: () => linear(config.dims),
    triplet: () => facenet(config.margin),
    contrastive: () => contrastive(config.margin),
  };
  return batchGradient(byName[config.loss](), config.margin);
}

/** `-ln(max(1 - p/beta, 0) + eps) - ln(max(1 - (N - n)/beta, 0) + eps)`. */
function lossless(dims: number, beta: number): DistanceLoss {
  return (positive, negative, out) => {
    const near = 1 - positive / beta;
    const far = 1 - (dims - negative) / beta;
    const nearShifted = Math.max(near, 0) + LOSSLESS_EPSILON;
    const farShifted = Math.max(far, 0) + LOSSLESS_EPSILON;
    out[0] = -Math.log(nearShifted) - Math.log(farShifted);
    out[1] = near >= 0 ? 1 / (beta * nearShifted) : 0;
    out[2] = far >= 0 ? -1 / (beta * farShifted) : 0;
  };
}

/** `p - n + N`. */
function linear(dims: number): DistanceLoss {
  return (positive, negative, out) => {
    out[0] = positive - negative + dims;
    out[1] = 1;
    out[2] = -1;
  };
}

/** `max(p - n + alpha, 0)`. */
function facenet(alpha: number): DistanceLoss {
  return (positive, negative, out) => {
    const hinge = positive - negative + alpha;
    const active = hinge > 0 ? 1 : 0;
    out[0] = hinge * active;
    out[1] = active;
    out[2] = -active;
  };
}

/** `(p + max(margin - sqrt(n + eps), 0)^2) / 2`. */
function contrastive(margin: number): DistanceLoss {
  return (positive, negative, out) => {
    const apart = Math.sqrt(negative + LOSSLESS_EPSILON);
    const short = Math.max(margin - apart, 0);
    out[0] = (positive + short * short) / 2;
    out[1] = 0.5;
    out[2] = -short / (2 * apart);
  };
}

/** The batch mean of `loss`, and its gradient through both squared distances. */
function batchGradient(loss: DistanceLoss, margin: number): LossGradient {
  const parts = new Float64Array(3);

  return (embeddings, batch, dims, gradient) => {
    let total = 0;
    let satisfied = 0;

    for (let triplet = 0; triplet < batch; triplet++) {
      const anchorAt = triplet * dims;
      const positiveAt = (batch + triplet) * dims;
      const negativeAt = (2 * batch + triplet) * dims;

      let positive = 0;
      let negative = 0;
      for (let axis = 0; axis < dims; axis++) {
        const anchor = embeddings[anchorAt + axis];
        positive += (embeddings[positiveAt + axis] - anchor) ** 2;
        negative += (embeddings[negativeAt + axis] - anchor) ** 2;
      }
      loss(positive, negative, parts);
      total += parts[0];
      if (positive - negative + margin <= 0) satisfied++;

      // d(x, y) = |x - y|^2, so its gradient with respect to x is 2 (x - y).
      const positiveScale = (2 * parts[1]) / batch;
      const negativeScale = (2 * parts[2]) / batch;
      for (let axis = 0; axis < dims; axis++) {
        const anchor = embeddings[anchorAt + axis];
        const towardsPositive = positiveScale * (embeddings[positiveAt + axis] - anchor);
        const towardsNegative = negativeScale * (embeddings[negativeAt + axis] - anchor);
        gradient[positiveAt + axis] = towardsPositive;
        gradient[negativeAt + axis] = towardsNegative;
        gradient[anchorAt + axis] = -towardsPositive - towardsNegative;
      }
    }

    return { loss: total / batch, satisfied };
  };
}
