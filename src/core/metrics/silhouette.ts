/** Silhouette of the labelled classes in embedding space. */

import { LabelledEmbeddings } from './labelled';
import { createRandom, sampleIndices } from './random';

/** Records the silhouette looks at, at most. */
export const SILHOUETTE_SAMPLE = 2_000;

/**
 * Mean silhouette of the labels, Euclidean distance (not squared). For record i with a the mean
 * distance to the other records of its class and b the smallest mean distance to the records of
 * another class, `s(i) = (b - a) / max(a, b)`, and 0 when i is alone in its class (or a = b = 0).
 *
 * Sets larger than `sampleSize` are scored on a seeded sample of that many records, with a and b
 * taken within the sample. NaN when fewer than two classes are present.
 */
export function silhouette(
  set: LabelledEmbeddings,
  seed: number,
  sampleSize = SILHOUETTE_SAMPLE,
): number {
  const { embeddings, dims, labels } = set;
  const sample = sampleIndices(labels.length, sampleSize, createRandom(seed));
  const count = sample.length;

  const classOf = new Map<number, number>();
  const sampleClass = new Int32Array(count);
  sample.forEach((row, position) => {
    if (!classOf.has(labels[row])) classOf.set(labels[row], classOf.size);
    sampleClass[position] = classOf.get(labels[row]) as number;
  });
  const classes = classOf.size;
  if (classes < 2) return NaN;

  const classSizes = new Float64Array(classes);
  for (const cls of sampleClass) classSizes[cls]++;

  const distanceSums = new Float64Array(count * classes);
  for (let first = 0; first < count; first++) {
    const firstOffset = sample[first] * dims;
    for (let second = first + 1; second < count; second++) {
      const secondOffset = sample[second] * dims;
      let sum = 0;
      for (let dim = 0; dim < dims; dim++) {
        const difference = embeddings[firstOffset + dim] - embeddings[secondOffset + dim];
        sum += difference * difference;
      }
      const distance = Math.sqrt(sum);
      distanceSums[first * classes + sampleClass[second]] += distance;
      distanceSums[second * classes + sampleClass[first]] += distance;
    }
  }

  let total = 0;
  for (let position = 0; position < count; position++) {
    const own = sampleClass[position];
    if (classSizes[own] < 2) continue;

    const within = distanceSums[position * classes + own] / (classSizes[own] - 1);
    let between = Infinity;
    for (let cls = 0; cls < classes; cls++) {
      if (cls === own) continue;
      between = Math.min(between, distanceSums[position * classes + cls] / classSizes[cls]);
    }
    const larger = Math.max(within, between);
    if (larger > 0) total += (between - within) / larger;
  }

  return total / count;
}
