/**
 * Scores a model's embeddings of labelled records: the retrieval, clustering and margin metrics
 * of `evaluateEmbeddings`, plus per-class precision and recall of the model's own classifier
 * (nearest exemplar among the model bundle's class references).
 */

import { DEFAULT_EVALUATION_LIMITS, evaluateEmbeddings, type EmbeddingMetrics } from '../metrics';
import { classify } from '../train/references';
import { DEFAULT_ALPHA } from '../train/losses';
import type { ClassReference, FeatureMatrix, TrainConfig } from '../types';

/**
 * Sample sizes for evaluation. Precision@1 looks at up to 50,000 records, so that on test sets of
 * that size or less it is exact and stands beside an exact 1-nearest-neighbour baseline.
 * Limitation: beyond 50,000 records precision@1 is estimated from a seeded sample of them.
 */
export const EVALUATION_LIMITS = { ...DEFAULT_EVALUATION_LIMITS, precisionQueries: 50_000 };

export interface ScoreInput {
  /** `[rows, dims]` embeddings of the evaluated records. */
  embeddings: FeatureMatrix;
  /** `[rows]` class of each record, indexing `classNames`; -1 records are left out. */
  labels: Int32Array;
  classNames: string[];
  /**
   * Reference records for the retrieval metrics (the training set's embeddings), labelled with
   * the same `classNames`; without it retrieval runs leave-one-out on the evaluated records.
   */
  reference?: { embeddings: FeatureMatrix; labels: Int32Array };
  /** The model bundle's classes: each record's nearest exemplar gives its predicted class. */
  references: ClassReference[];
  /** FaceNet margin of the zero-hinge share. */
  alpha: number;
  seed: number;
  signal?: AbortSignal;
}

/** Every metric of `evaluateEmbeddings`, with `per_class` from the bundle's classifier. */
export function scoreEmbeddings(input: ScoreInput): EmbeddingMetrics {
  const { embeddings, reference } = input;
  const predicted = classify(embeddings, input.references).predicted;

  return evaluateEmbeddings({
    embeddings: embeddings.values,
    dims: embeddings.features,
    labels: input.labels,
    classNames: input.classNames,
    reference: reference && {
      embeddings: reference.embeddings.values,
      labels: reference.labels,
    },
    predicted,
    predictedNames: input.references.map((known) => known.name),
    alpha: input.alpha,
    seed: input.seed,
    limits: EVALUATION_LIMITS,
    signal: input.signal,
  });
}

/**
 * The FaceNet margin that the zero-hinge share is measured at: the model's own `alpha` when it
 * was trained with FaceNet's loss, else the default 0.2, so that models trained with different
 * losses are measured alike (a contrastive model's `margin` is a distance, not an `alpha`).
 */
export function evaluationAlpha(config: Pick<TrainConfig, 'loss' | 'margin'>): number {
  return config.loss === 'triplet' ? config.margin : DEFAULT_ALPHA;
}
