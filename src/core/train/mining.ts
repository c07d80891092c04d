/**
 * Online mining inside a batch: the anchors and positives of a class-balanced batch, embedded with
 * the current weights, form a pool; for each anchor a harder positive and negative are picked from
 * it with whole-batch tensor ops (a distance matrix, masks, arg-min and arg-max).
 */

import * as tf from '@tensorflow/tfjs';

import type { MiningName } from '../types';
import type { TripletIndices } from './sampling';

/** Stands in for "no candidate" in masked arg-min; above every squared distance in `[0,1]^N`. */
const FAR = 1e9;

/** Choices in the pool, `[batch]` each: pool positions of the picked positive and negative. */
export interface PoolChoice {
  positives: Int32Array;
  negatives: Int32Array;
  /** 1 where the pool held a record of another class, so `negatives` is meaningful. */
  found: Uint8Array;
}

/**
 * Picks positives and negatives from a pool of `2 * batch` records: `pool [2 * batch, N]` holds the
 * embeddings of the anchors (rows `0 .. batch - 1`) then of their positives; `poolLabels
 * [2 * batch]` their classes.
 *
 * - `hard` (batch-hard): the farthest record of the anchor's class, the nearest of another class.
 * - `semi-hard` (FaceNet): the positive is kept; the negative is the nearest record of another
 *   class that is still farther than the positive; when none is, the farthest of another class
 *   (pulling the nearest negatives from the start can collapse all embeddings to one point).
 */
export function choosePoolTriplets(
  pool: tf.Tensor2D,
  poolLabels: Int32Array,
  mining: Exclude<MiningName, 'random'>,
): PoolChoice {
  const batch = pool.shape[0] / 2;

  const [positiveChoice, negativeChoice, foundChoice] = tf.tidy(() => {
    const [anchors, positives] = tf.split(pool, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const distances = pairwiseSquaredDistances(anchors, pool);

    const anchorLabels = tf.tensor2d(poolLabels.subarray(0, batch), [batch, 1], 'int32');
    const sameClass = tf.equal(anchorLabels, tf.tensor2d(poolLabels, [1, 2 * batch], 'int32'));
    const otherClass = tf.logicalNot(sameClass);
    const found = tf.any(otherClass, 1);
    const far = tf.fill(distances.shape, FAR);
    const below = tf.fill(distances.shape, -1);

    if (mining === 'hard') {
      const self = tf.cast(tf.oneHot(tf.range(0, batch, 1, 'int32'), 2 * batch), 'bool');
      const candidates = tf.logicalAnd(sameClass, tf.logicalNot(self));
      const farthestSame = tf.argMax(tf.where(candidates, distances, below), 1);
      const nearestOther = tf.argMin(tf.where(otherClass, distances, far), 1);
      return [farthestSame, nearestOther, found];
    }

    const positiveDistance = tf.sum(tf.squaredDifference(anchors, positives), 1);
    const beyond = tf.greater(distances, tf.reshape(positiveDistance, [batch, 1]));
    const semiHard = tf.logicalAnd(otherClass, beyond);
    const nearestBeyond = tf.argMin(tf.where(semiHard, distances, far), 1);
    const farthestOther = tf.argMax(tf.where(otherClass, distances, below), 1);
    const negative = tf.where(tf.any(semiHard, 1), nearestBeyond, farthestOther);
    const keptPositive = tf.range(batch, 2 * batch, 1, 'int32');
    return [keptPositive, negative, found];
  });

  const choice: PoolChoice = {
    positives: Int32Array.from(positiveChoice.dataSync()),
    negatives: Int32Array.from(negativeChoice.dataSync()),
    found: Uint8Array.from(foundChoice.dataSync()),
  };
  tf.dispose([positiveChoice, negativeChoice, foundChoice]);
  return choice;
}

/** `[rows, columns]` squared Euclidean distances between rows of `[rows, N]` and `[columns, N]`. */
export function pairwiseSquaredDistances(rows: tf.Tensor2D, columns: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const rowNorms = tf.sum(tf.square(rows), 1, true);
    const columnNorms = tf.reshape(tf.sum(tf.square(columns), 1), [1, columns.shape[0]]);
    const products = tf.matMul(rows, tf.transpose(columns));
    return tf.relu(tf.sub(tf.add(rowNorms, columnNorms), tf.mul(products, 2))) as tf.Tensor2D;
  });
}

/**
 * Replaces the positives and negatives of `sampled` with the records chosen in its pool
 * (`[anchors; positives]`); anchors whose pool had no other class keep their sampled negative.
 */
export function applyPoolChoice(sampled: TripletIndices, choice: PoolChoice): TripletIndices {
  const batch = sampled.anchors.length;
  const poolRecord = (position: number): number =>
    position < batch ? sampled.anchors[position] : sampled.positives[position - batch];

  const positives = sampled.positives.map((_, slot) => poolRecord(choice.positives[slot]));
  const negatives = sampled.negatives.map((record, slot) =>
    choice.found[slot] === 1 ? poolRecord(choice.negatives[slot]) : record,
  );
  return { anchors: sampled.anchors, positives, negatives };
}
