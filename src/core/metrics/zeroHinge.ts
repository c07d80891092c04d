/** How many triplets the embedding already satisfies with the FaceNet margin. */

import { squaredDistance } from './distances';
import { LabelledEmbeddings, membersByClass } from './labelled';
import { createRandom, randomIndex } from './random';

/** Triplets drawn for the zero-hinge share. */
export const ZERO_HINGE_TRIPLETS = 10_000;

/**
 * Share of sampled triplets whose FaceNet loss `max(d(a, p) - d(a, n) + alpha, 0)` is 0, with
 * d the squared Euclidean distance. Each triplet (seeded): an anchor drawn uniformly from the
 * records whose class has at least two records, a positive drawn uniformly from the other records
 * of its class, a negative drawn uniformly from the records of all other classes.
 * NaN when no triplet can be formed (no class with two records, or a single class).
 */
export function zeroHingeShare(
  set: LabelledEmbeddings,
  alpha: number,
  seed: number,
  triplets = ZERO_HINGE_TRIPLETS,
): number {
  const { embeddings, dims, labels } = set;
  const members = membersByClass(labels);
  if (members.size < 2) return NaN;

  const anchors: number[] = [];
  for (const rows of members.values()) if (rows.length >= 2) anchors.push(...rows);
  if (anchors.length === 0) return NaN;

  const random = createRandom(seed);
  let satisfied = 0;
  for (let triplet = 0; triplet < triplets; triplet++) {
    const anchor = anchors[randomIndex(random, anchors.length)];
    const ownRows = members.get(labels[anchor]) as Int32Array;

    let positive = ownRows[randomIndex(random, ownRows.length - 1)];
    if (positive === anchor) positive = ownRows[ownRows.length - 1];

    // Drawing again until the class differs keeps the negative uniform over the other classes.
    let negative = randomIndex(random, labels.length);
    while (labels[negative] === labels[anchor]) negative = randomIndex(random, labels.length);

    const positiveDistance = squaredDistance(embeddings, anchor, embeddings, positive, dims);
    const negativeDistance = squaredDistance(embeddings, anchor, embeddings, negative, dims);
    if (Math.max(positiveDistance - negativeDistance + alpha, 0) === 0) satisfied++;
  }

  return satisfied / triplets;
}
