/** How tight each class is compared with how far apart the classes are. */

import { LabelledEmbeddings } from './labelled';

/**
 * Compactness = (mean over records of the Euclidean distance to its own class centroid) /
 * (mean over unordered pairs of distinct classes of the Euclidean distance between their
 * centroids). Centroids are class means over every record. Lower is better: 0 when every class
 * collapses onto its centroid. NaN with fewer than two classes or when all centroids coincide.
 */
export function compactness(set: LabelledEmbeddings): number {
  const { embeddings, dims, labels } = set;

  const slotOf = new Map<number, number>();
  for (const label of labels) if (!slotOf.has(label)) slotOf.set(label, slotOf.size);
  const classes = slotOf.size;
  if (classes < 2) return NaN;

  const centroids = new Float64Array(classes * dims);
  const sizes = new Float64Array(classes);
  labels.forEach((label, row) => {
    const slot = slotOf.get(label) as number;
    sizes[slot]++;
    for (let dim = 0; dim < dims; dim++) {
      centroids[slot * dims + dim] += embeddings[row * dims + dim];
    }
  });
  for (let slot = 0; slot < classes; slot++) {
    for (let dim = 0; dim < dims; dim++) centroids[slot * dims + dim] /= sizes[slot];
  }

  let withinSum = 0;
  labels.forEach((label, row) => {
    const slot = slotOf.get(label) as number;
    let sum = 0;
    for (let dim = 0; dim < dims; dim++) {
      const difference = embeddings[row * dims + dim] - centroids[slot * dims + dim];
      sum += difference * difference;
    }
    withinSum += Math.sqrt(sum);
  });

  let betweenSum = 0;
  for (let first = 0; first < classes; first++) {
    for (let second = first + 1; second < classes; second++) {
      let sum = 0;
      for (let dim = 0; dim < dims; dim++) {
        const difference = centroids[first * dims + dim] - centroids[second * dims + dim];
        sum += difference * difference;
      }
      betweenSum += Math.sqrt(sum);
    }
  }

  const meanWithin = withinSum / labels.length;
  const meanBetween = betweenSum / ((classes * (classes - 1)) / 2);
  return meanBetween > 0 ? meanWithin / meanBetween : NaN;
}
