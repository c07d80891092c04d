/** How well unsupervised clusters of the embeddings line up with the labels. */

import { squaredDistance } from './distances';
import { createRandom, randomIndex } from './random';

/** Lloyd iterations k-means runs at most (it stops earlier once no record changes cluster). */
export const KMEANS_ITERATIONS = 50;

/**
 * k-means with k-means++ seeding (seeded PRNG), squared Euclidean distance, one run.
 *
 * @param embeddings `[rows, dims]`
 * @returns `[rows]` cluster of each row, in `[0, k)`. A cluster that empties keeps its centre.
 */
export function kMeans(
  embeddings: Float32Array,
  dims: number,
  k: number,
  seed: number,
  iterations = KMEANS_ITERATIONS,
): Int32Array {
  const rows = embeddings.length / dims;
  const centres = seedCentres(embeddings, dims, k, seed);
  const clusters = new Int32Array(rows).fill(-1);

  for (let iteration = 0; iteration < iterations; iteration++) {
    let changed = 0;
    for (let row = 0; row < rows; row++) {
      const cluster = nearestCentre(embeddings, row, centres, dims);
      if (cluster !== clusters[row]) changed++;
      clusters[row] = cluster;
    }
    if (changed === 0) break;

    moveCentres(embeddings, dims, clusters, centres);
  }

  return clusters;
}

/**
 * Normalised mutual information of two labellings of the same records, with arithmetic-mean
 * normalisation: `NMI = I(U; V) / ((H(U) + H(V)) / 2)`, natural logarithms. In `[0, 1]`; 1 when
 * both labellings put every record in a single group (both entropies 0).
 */
export function normalizedMutualInformation(first: Int32Array, second: Int32Array): number {
  const rows = first.length;
  if (second.length !== rows) throw new RangeError('Both labellings must cover the same records.');
  if (rows === 0) return NaN;

  const firstCounts = new Map<number, number>();
  const secondCounts = new Map<number, number>();
  const jointCounts = new Map<string, number>();
  for (let row = 0; row < rows; row++) {
    firstCounts.set(first[row], (firstCounts.get(first[row]) ?? 0) + 1);
    secondCounts.set(second[row], (secondCounts.get(second[row]) ?? 0) + 1);
    const pair = `${first[row]},${second[row]}`;
    jointCounts.set(pair, (jointCounts.get(pair) ?? 0) + 1);
  }

  const firstEntropy = entropy(firstCounts.values(), rows);
  const secondEntropy = entropy(secondCounts.values(), rows);
  if (firstEntropy + secondEntropy === 0) return 1;

  let information = 0;
  for (const [pair, count] of jointCounts) {
    const [a, b] = pair.split(',').map(Number);
    const expected = ((firstCounts.get(a) ?? 0) * (secondCounts.get(b) ?? 0)) / rows;
    information += (count / rows) * Math.log(count / expected);
  }

  return Math.min(1, Math.max(0, information / ((firstEntropy + secondEntropy) / 2)));
}

/**
 * NMI between k-means clusters of the embeddings (k = number of distinct labels) and the labels.
 * Uses every record.
 *
 * Limitation: one k-means++ run, without restarts; an unlucky start can split one class and
 * merge two others, which lowers the NMI for a reason that is not the embedding's.
 */
export function clusterLabelNmi(
  embeddings: Float32Array,
  dims: number,
  labels: Int32Array,
  seed: number,
): number {
  const k = new Set(labels).size;
  if (k === 0) return NaN;
  return normalizedMutualInformation(kMeans(embeddings, dims, k, seed), labels);
}

function entropy(counts: Iterable<number>, total: number): number {
  let sum = 0;
  for (const count of counts) sum -= (count / total) * Math.log(count / total);
  return sum;
}

/** k-means++: each next centre drawn with probability proportional to its squared distance. */
function seedCentres(
  embeddings: Float32Array,
  dims: number,
  k: number,
  seed: number,
): Float32Array {
  const rows = embeddings.length / dims;
  const random = createRandom(seed);
  const centres = new Float32Array(k * dims);
  const closest = new Float64Array(rows).fill(Infinity);

  let chosen = randomIndex(random, rows);
  for (let centre = 0; centre < k; centre++) {
    centres.set(embeddings.subarray(chosen * dims, (chosen + 1) * dims), centre * dims);

    let total = 0;
    for (let row = 0; row < rows; row++) {
      const distance = squaredDistance(embeddings, row, centres, centre, dims);
      if (distance < closest[row]) closest[row] = distance;
      total += closest[row];
    }

    chosen = total > 0 ? drawWeighted(closest, total, random()) : randomIndex(random, rows);
  }

  return centres;
}

/** The row where a uniform draw lands when each row takes a share `weights[row] / total`. */
function drawWeighted(weights: Float64Array, total: number, uniform: number): number {
  let remaining = uniform * total;
  for (let row = 0; row < weights.length; row++) {
    remaining -= weights[row];
    if (remaining < 0) return row;
  }
  return weights.length - 1;
}

function nearestCentre(
  embeddings: Float32Array,
  row: number,
  centres: Float32Array,
  dims: number,
): number {
  const k = centres.length / dims;
  let best = 0;
  let bestDistance = Infinity;
  for (let centre = 0; centre < k; centre++) {
    const distance = squaredDistance(embeddings, row, centres, centre, dims);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = centre;
    }
  }
  return best;
}

function moveCentres(
  embeddings: Float32Array,
  dims: number,
  clusters: Int32Array,
  centres: Float32Array,
): void {
  const k = centres.length / dims;
  const sums = new Float64Array(k * dims);
  const sizes = new Float64Array(k);
  clusters.forEach((cluster, row) => {
    sizes[cluster]++;
    for (let dim = 0; dim < dims; dim++) sums[cluster * dims + dim] += embeddings[row * dims + dim];
  });

  for (let centre = 0; centre < k; centre++) {
    if (sizes[centre] === 0) continue;
    for (let dim = 0; dim < dims; dim++) {
      centres[centre * dims + dim] = sums[centre * dims + dim] / sizes[centre];
    }
  }
}
