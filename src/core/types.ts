/** Shapes shared by the data, training and embedding parts of the core. */

/** A block of feature vectors, row-major: `values` is `[rows, features]`. */
export interface FeatureMatrix {
  values: Float32Array;
  rows: number;
  features: number;
}

/** Feature vectors with their class: `labels[i]` indexes `classNames`. */
export interface LabelledFeatures extends FeatureMatrix {
  /** `[rows]` */
  labels: Int32Array;
  classNames: string[];
}

/** The losses a user can train with. */
export type LossName = 'lossless' | 'linear' | 'triplet' | 'contrastive';

/** How the negative (and for hard mining the positive) of each triplet is chosen. */
export type MiningName = 'random' | 'semi-hard' | 'hard';

/** Which TensorFlow.js backend runs the network; `auto` takes the fastest that loads. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** Every choice that shapes a training run. */
export interface TrainConfig {
  loss: LossName;
  /** Embedding dimensions `N`. */
  dims: number;
  /** Sizes of the hidden ReLU layers. */
  hidden: number[];
  epochs: number;
  /** Triplets per step. */
  batchSize: number;
  learningRate: number;
  mining: MiningName;
  /** FaceNet `alpha`, and the contrastive margin. */
  margin: number;
  /** Lossless `beta`; `undefined` means `N`. */
  beta?: number;
  seed: number;
  /** Share of records held out for validation loss. */
  validationSplit: number;
  /** Epochs without a better validation loss before training stops early. */
  patience: number;
  backend: BackendChoice;
}

/** What a training run reports after each epoch. */
export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  validationLoss: number;
  /** Share of the epoch's triplets whose FaceNet loss is 0 at the configured margin. */
  zeroHingeShare: number;
  tripletsPerSecond: number;
  seconds: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  loss: 'lossless',
  dims: 3,
  hidden: [64, 32],
  epochs: 20,
  batchSize: 256,
  learningRate: 0.001,
  mining: 'random',
  margin: 0.2,
  beta: undefined,
  seed: 42,
  validationSplit: 0.1,
  patience: 5,
  backend: 'auto',
};

/** One known state (normal, or a fault) as the model bundle remembers it. */
export interface ClassReference {
  name: string;
  /** Training records of this class. */
  count: number;
  /** `[N]` mean embedding of the class. */
  centroid: number[];
  /** Mean squared distance of the class's training embeddings to its centroid. */
  radius: number;
  /**
   * Squared distance to the nearest exemplar above which a record predicted as this class is
   * `novel`: chosen from training distances (a high percentile) and recorded in the bundle.
   */
  threshold: number;
  /** `[K, N]` up to K training embeddings of the class; `predicted` is the nearest one's class. */
  exemplars: number[][];
}

/** What the cluster view shows: one point per record. */
export interface ClusterData {
  title: string;
  /** Absolute path of the CSV the records come from. */
  sourceFile: string;
  count: number;
  /** `[count, 3]` positions in `[0, 1]^3`: the embedding itself, or its PCA projection. */
  positions: Float32Array;
  dims: number;
  /** `[count, dims]` full embeddings, for nearest neighbours. */
  embeddings: Float32Array;
  /** `[count]` label per point as an index into `labelNames`, -1 where there is none. */
  labels: Int32Array;
  labelNames: string[];
  /** `[count]` predicted class per point, indexing `predictedNames`. */
  predicted?: Int32Array;
  predictedNames?: string[];
  /** `[count]` 1 where the point resembles no known state. */
  novel?: Uint8Array;
  /** `[count]` 0-based record number in the source file of each point. */
  records: Int32Array;
}
