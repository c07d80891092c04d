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
