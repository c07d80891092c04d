/**
 * Retrieval metrics: precision@1, R-precision and MAP@R as defined by Musgrave, Belongie and Lim,
 * "A Metric Learning Reality Check" (ECCV 2020), with squared Euclidean distances.
 */

import { forEachDistanceRow, ReferenceRows } from './distances';
import { LabelledEmbeddings } from './labelled';
import { createRandom, sampleIndices } from './random';

/** How much of a large set the retrieval metrics look at. */
export interface RetrievalLimits {
  /** Queries (evaluated records, seeded sample) whose nearest reference decides precision@1. */
  precisionQueries: number;
  /** The first this many of those queries also decide R-precision and MAP@R. */
  mapQueries: number;
  /** Largest R used for R-precision and MAP@R. */
  maxR: number;
}

export const DEFAULT_RETRIEVAL_LIMITS: RetrievalLimits = {
  precisionQueries: 10_000,
  mapQueries: 2_000,
  maxR: 1_000,
};

export interface RetrievalScores {
  precisionAtOne: number;
  rPrecision: number;
  mapAtR: number;
}

/**
 * Scores how well nearest neighbours share a query's label.
 *
 * Reference set: `reference` when given (say, the training records, assumed disjoint from the
 * evaluated ones), otherwise the evaluated records themselves, leaving the query out
 * (leave-one-out). Distances are squared Euclidean; ties go to the earlier reference row.
 *
 * - precision@1: share of queries whose nearest reference has the query's label.
 * - R-precision: with R the number of references sharing the query's label (not counting the
 *   query itself), the share of its R nearest references that share it; averaged over queries.
 * - MAP@R: mean over queries of `(1/R) * sum_{i<=R} P@i * rel(i)`, where `rel(i)` is 1 when the
 *   i-th nearest reference shares the label and `P@i` is the share of matches among the first i.
 *
 * Queries: a seeded sample of `limits.precisionQueries` evaluated records (all of them when
 * fewer); R-precision and MAP@R use the first `limits.mapQueries` of that sample. Queries with
 * R = 0 (no other record of their class) count for precision@1 only.
 *
 * Limitation: R is capped at `limits.maxR`; for classes with more references than that, both
 * scores describe the `maxR` nearest only and read higher than the uncapped definition would.
 *
 * Each score is NaN when no query qualifies.
 */
export function retrievalScores(
  evaluated: LabelledEmbeddings,
  reference: LabelledEmbeddings | undefined,
  seed: number,
  limits: RetrievalLimits = DEFAULT_RETRIEVAL_LIMITS,
  signal?: AbortSignal,
): RetrievalScores {
  const leaveOneOut = reference === undefined;
  const references = reference ?? evaluated;
  const referenceRows = new ReferenceRows(references.embeddings, references.dims);
  const referenceLabels = references.labels;
  const queries = sampleIndices(
    evaluated.labels.length,
    limits.precisionQueries,
    createRandom(seed),
  );

  const classSizes = new Map<number, number>();
  for (const label of referenceLabels) classSizes.set(label, (classSizes.get(label) ?? 0) + 1);

  const ranking = new NeighbourRanking(referenceRows.rows);
  let nearestQueries = 0;
  let nearestHits = 0;
  let rankedQueries = 0;
  let rPrecisionSum = 0;
  let averagePrecisionSum = 0;

  forEachDistanceRow(
    evaluated.embeddings,
    queries,
    referenceRows,
    (position, distances) => {
      const row = queries[position];
      const label = evaluated.labels[row];
      if (leaveOneOut) distances[row] = Infinity;

      const nearest = nearestRow(distances);
      if (nearest < 0) return;
      nearestQueries++;
      if (referenceLabels[nearest] === label) nearestHits++;

      const sameClass = (classSizes.get(label) ?? 0) - (leaveOneOut ? 1 : 0);
      const r = Math.min(sameClass, limits.maxR);
      if (position >= limits.mapQueries || r <= 0) return;

      const ranked = ranking.nearest(distances, r);
      let hits = 0;
      let precisionSum = 0;
      for (let rank = 0; rank < r; rank++) {
        if (referenceLabels[ranked[rank]] !== label) continue;
        hits++;
        precisionSum += hits / (rank + 1);
      }
      rankedQueries++;
      rPrecisionSum += hits / r;
      averagePrecisionSum += precisionSum / r;
    },
    signal,
  );

  return {
    precisionAtOne: nearestQueries > 0 ? nearestHits / nearestQueries : NaN,
    rPrecision: rankedQueries > 0 ? rPrecisionSum / rankedQueries : NaN,
    mapAtR: rankedQueries > 0 ? averagePrecisionSum / rankedQueries : NaN,
  };
}

/** Row of the smallest finite distance (the earliest on ties), or -1 when there is none. */
export function nearestRow(distances: Float64Array): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let row = 0; row < distances.length; row++) {
    if (distances[row] < bestDistance) {
      bestDistance = distances[row];
      best = row;
    }
  }
  return best;
}

/** Finds the k nearest rows of a distance row without sorting all of it. */
class NeighbourRanking {
  private readonly scratch: Float64Array;
  private readonly picked: Int32Array;

  constructor(rows: number) {
    this.scratch = new Float64Array(rows);
    this.picked = new Int32Array(rows);
  }

  /** `[k]` rows with the k smallest distances, nearest first, earlier rows first on ties. */
  nearest(distances: Float64Array, k: number): Int32Array {
    this.scratch.set(distances);
    const cutoff = selectKth(this.scratch, k - 1);

    let count = 0;
    for (let row = 0; row < distances.length; row++) {
      if (distances[row] < cutoff) this.picked[count++] = row;
    }
    for (let row = 0; row < distances.length && count < k; row++) {
      if (distances[row] === cutoff) this.picked[count++] = row;
    }

    const ranked = this.picked.slice(0, count);
    ranked.sort((a, b) => distances[a] - distances[b] || a - b);
    return ranked;
  }
}

/** The k-th smallest value (0-based) of `values`, which it reorders (Hoare quickselect). */
export function selectKth(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;

  while (low < high) {
    const middle = (low + high) >>> 1;
    const pivot = medianOfThree(values[low], values[middle], values[high]);
    let left = low;
    let right = high;
    while (left <= right) {
      while (values[left] < pivot) left++;
      while (values[right] > pivot) right--;
      if (left <= right) {
        const swap = values[left];
        values[left] = values[right];
        values[right] = swap;
        left++;
        right--;
      }
    }
    if (k <= right) high = right;
    else if (k >= left) low = left;
    else return values[k];
  }

  return values[k];
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
