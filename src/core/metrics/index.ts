/** What the embedding is worth: retrieval, clustering and margin metrics, and baselines. */

export { evaluateEmbeddings, DEFAULT_EVALUATION_LIMITS } from './evaluate';
export type { EmbeddingMetrics, EvaluationInput, EvaluationLimits } from './evaluate';
export { retrievalScores, DEFAULT_RETRIEVAL_LIMITS } from './retrieval';
export type { RetrievalLimits, RetrievalScores } from './retrieval';
export { kMeans, normalizedMutualInformation, clusterLabelNmi } from './clustering';
export { silhouette } from './silhouette';
export { compactness } from './compactness';
export { zeroHingeShare } from './zeroHinge';
export { perClassScores } from './perClass';
export type { ClassScores } from './perClass';
export { knnBaseline } from './knnBaseline';
export type { KnnBaselineResult } from './knnBaseline';
export type { LabelledEmbeddings } from './labelled';
