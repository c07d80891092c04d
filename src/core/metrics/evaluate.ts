/** Every embedding metric at once, as the training report and the CLI show them. */

import { throwIfCancelled } from '../errors';
import { clusterLabelNmi } from './clustering';
import { compactness } from './compactness';
import { checkedRows, LabelledEmbeddings, selectRows } from './labelled';
import { ClassScores, perClassScores } from './perClass';
import { DEFAULT_RETRIEVAL_LIMITS, retrievalScores, RetrievalLimits } from './retrieval';
import { SILHOUETTE_SAMPLE, silhouette } from './silhouette';
import { ZERO_HINGE_TRIPLETS, zeroHingeShare } from './zeroHinge';

/** Sample sizes that keep the evaluation of a large set to seconds. */
export interface EvaluationLimits extends RetrievalLimits {
  silhouetteSample: number;
  zeroHingeTriplets: number;
}

export const DEFAULT_EVALUATION_LIMITS: EvaluationLimits = {
  ...DEFAULT_RETRIEVAL_LIMITS,
  silhouetteSample: SILHOUETTE_SAMPLE,
  zeroHingeTriplets: ZERO_HINGE_TRIPLETS,
};

export interface EvaluationInput {
  /** `[n, dims]` embeddings of the evaluated records. */
  embeddings: Float32Array;
  dims: number;
  /** `[n]` class of each record, indexing `classNames`; records labelled -1 are left out. */
  labels: Int32Array;
  classNames: string[];
  /**
   * Reference records for the retrieval metrics (say, the training set), labelled with the same
   * `classNames`; without it they run leave-one-out on the evaluated records.
   */
  reference?: { embeddings: Float32Array; labels: Int32Array };
  /** `[n]` a classifier's prediction per record, indexing `predictedNames` (or `classNames`). */
  predicted?: Int32Array;
  predictedNames?: string[];
  /** FaceNet margin for the zero-hinge share. */
  alpha: number;
  /** Seeds every sample and the k-means initialisation. */
  seed: number;
  limits?: Partial<EvaluationLimits>;
  signal?: AbortSignal;
}

/** Metric names as they appear in reports. NaN marks a metric the data cannot define. */
export interface EmbeddingMetrics {
  precision_at_1: number;
  map_at_r: number;
  r_precision: number;
  nmi: number;
  silhouette: number;
  compactness: number;
  zero_hinge_share: number;
  /** Empty when no `predicted` labelling was given. */
  per_class: Record<string, ClassScores>;
}

/**
 * Scores an embedding against its labels; each metric is defined in its own module:
 * precision@1, R-precision and MAP@R (`retrieval.ts`), NMI of k-means clusters (`clustering.ts`),
 * silhouette (`silhouette.ts`), compactness (`compactness.ts`), zero-hinge share
 * (`zeroHinge.ts`) and per-class precision and recall of `predicted` (`perClass.ts`).
 *
 * Records labelled -1, here and in the reference, are left out of every metric. The same input
 * and seed always give the same figures.
 */
export function evaluateEmbeddings(input: EvaluationInput): EmbeddingMetrics {
  const limits = { ...DEFAULT_EVALUATION_LIMITS, ...input.limits };
  const { dims, seed, signal } = input;
  const evaluated = labelledOnly({ embeddings: input.embeddings, dims, labels: input.labels });
  checkedRows(evaluated);
  const reference =
    input.reference && labelledOnly({ ...input.reference, dims }, 'reference embeddings');

  const retrieval = retrievalScores(evaluated, reference, seed, limits, signal);
  throwIfCancelled(signal, 'evaluation');

  const metrics: EmbeddingMetrics = {
    precision_at_1: retrieval.precisionAtOne,
    map_at_r: retrieval.mapAtR,
    r_precision: retrieval.rPrecision,
    nmi: clusterLabelNmi(evaluated.embeddings, dims, evaluated.labels, seed),
    silhouette: silhouette(evaluated, seed, limits.silhouetteSample),
    compactness: compactness(evaluated),
    zero_hinge_share: zeroHingeShare(evaluated, input.alpha, seed, limits.zeroHingeTriplets),
    per_class: {},
  };

  if (input.predicted) {
    const predictedNames = input.predictedNames ?? input.classNames;
    metrics.per_class = perClassScores(
      input.labels,
      input.classNames,
      input.predicted,
      predictedNames,
    );
  }

  return metrics;
}

/** The rows of `set` that have a label (>= 0), checked. */
function labelledOnly(set: LabelledEmbeddings, what?: string): LabelledEmbeddings {
  checkedRows(set, what);
  if (set.labels.every((label) => label >= 0)) return set;

  const rows: number[] = [];
  set.labels.forEach((label, row) => {
    if (label >= 0) rows.push(row);
  });
  return selectRows(set, rows);
}
