/**
 * Losses side by side: one model per loss, trained on the same records with the same split, seed
 * and epoch budget, each scored on a test file with the training records as references, beside a
 * 1-nearest-neighbour baseline on the raw encoded features.
 */

import * as path from 'path';

import { saveBundle } from '../bundle/bundle';
import { encodeWithEncoder, readDataset, type Dataset } from '../dataset';
import { InputError, throwIfCancelled } from '../errors';
import { knnBaseline, perClassScores, type ClassScores, type EmbeddingMetrics } from '../metrics';
import { DEFAULT_ALPHA, DEFAULT_CONTRASTIVE_MARGIN } from '../train/losses';
import { buildReferences, embedRecords } from '../train/references';
import { trainModel } from '../train/trainer';
import type { EpochReport, LabelledFeatures, LossName, TrainConfig } from '../types';
import { labelledRecords, unifyClasses } from './classes';
import { evaluationAlpha, scoreEmbeddings } from './score';
import { trainingReport } from './trainingReport';

export interface CompareOptions {
  /** Labelled CSV the models are trained on; its records are the retrieval references. */
  train: string;
  /** Labelled CSV the models are scored on, encoded with the training file's encoder. */
  test: string;
  label: string;
  ignore: string[];
  losses: LossName[];
  /** Shared by every model; `loss` and `margin` are set per loss. */
  config: TrainConfig;
  /** Name of the initialised TensorFlow.js backend, for the bundles' reports. */
  backend: string;
  /** Folder the model bundles are written into, one `<train-name>-<loss>` folder per loss. */
  out: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  onEpoch?: (loss: LossName, report: EpochReport) => void;
}

/** One loss's model: how training went and what its embedding is worth on the test file. */
export interface LossRow extends EmbeddingMetrics {
  loss: LossName;
  /** FaceNet `alpha` or contrastive margin the model was trained with. */
  margin: number;
  bundle: string;
  epochs_run: number;
  best_epoch: number;
  stopped_early: boolean;
  training_seconds: number;
  triplets_per_s: number;
  final_loss: number;
  /** Training and validation loss, one value per epoch run. */
  loss_curve: number[];
  validation_curve: number[];
}

export interface Comparison {
  train: { file: string; records: number };
  test: { file: string; records: number };
  label: string;
  features: number;
  classes: string[];
  backend: string;
  config: Omit<TrainConfig, 'loss' | 'margin'>;
  rows: LossRow[];
  /** 1-nearest-neighbour classification of the test records by the training records. */
  baseline: {
    method: string;
    precision_at_1: number;
    per_class: Record<string, ClassScores>;
    seconds: number;
  };
  seconds: number;
}

/** The margin each loss is trained with: FaceNet's `alpha` 0.2, the contrastive margin 1. */
export function marginFor(loss: LossName): number {
  return loss === 'contrastive' ? DEFAULT_CONTRASTIVE_MARGIN : DEFAULT_ALPHA;
}

/**
 * Trains one model per loss in `options.losses`, one after the other, and scores each on the
 * test file. The backend must be initialised. Every bundle is written to `options.out`, its
 * report holding the test metrics.
 */
export async function compareLosses(options: CompareOptions): Promise<Comparison> {
  const started = performance.now();
  const { signal, label } = options;
  const progress = options.onProgress ?? (() => undefined);

  progress(`Reading ${options.train}.`);
  const trainSet = await readDataset(path.resolve(options.train), {
    label,
    ignore: options.ignore,
    signal,
  });
  progress(`Reading ${options.test} with the training file's encoder.`);
  const testSet = await encodeWithEncoder(path.resolve(options.test), trainSet.encoder, {
    label,
    signal,
  });

  const train = labelledOf(trainSet, label);
  const test = labelledOf(testSet, label);
  if (test.rows === 0) {
    throw new InputError({ file: testSet.file, column: label }, 'no record has a label.');
  }
  const classes = unifyClasses([train, test]);
  progress(
    `${train.rows} training and ${test.rows} test records, ${train.features} features, ` +
      `${classes.classNames.length} classes.`,
  );

  const rows: LossRow[] = [];
  for (const loss of options.losses) {
    throwIfCancelled(signal, 'comparison');
    progress(`Training with the ${loss} loss.`);
    rows.push(await trainAndScore(loss, trainSet, train, test, classes, options));
  }

  progress('Classifying the test records by their nearest training record (raw features).');
  const baselineStart = performance.now();
  const [trainLabels, testLabels] = classes.labels;
  const nearest = knnBaseline(train, trainLabels, test, testLabels, signal);
  const baseline = {
    method: '1-nearest-neighbour on the encoded features, squared Euclidean',
    precision_at_1: nearest.accuracy,
    per_class: perClassScores(testLabels, classes.classNames, nearest.predicted),
    seconds: (performance.now() - baselineStart) / 1000,
  };

  return {
    train: { file: trainSet.file, records: train.rows },
    test: { file: testSet.file, records: test.rows },
    label,
    features: train.features,
    classes: classes.classNames,
    backend: options.backend,
    config: sharedSettings(options.config),
    rows,
    baseline,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Trains one model, scores it on the test records, and saves its bundle. */
async function trainAndScore(
  loss: LossName,
  trainSet: Dataset,
  train: LabelledFeatures,
  test: LabelledFeatures,
  classes: { classNames: string[]; labels: Int32Array[] },
  options: CompareOptions,
): Promise<LossRow> {
  const config: TrainConfig = { ...options.config, loss, margin: marginFor(loss) };
  const result = await trainModel(train, config, {
    signal: options.signal,
    onEpoch: (report) => options.onEpoch?.(loss, report),
  });

  try {
    const trainEmbeddings = embedRecords(result.model, train);
    const references = buildReferences(trainEmbeddings, train, config.seed);
    const metrics = scoreEmbeddings({
      embeddings: embedRecords(result.model, test),
      labels: classes.labels[1],
      classNames: classes.classNames,
      reference: { embeddings: trainEmbeddings, labels: classes.labels[0] },
      references,
      alpha: evaluationAlpha(config),
      seed: config.seed,
      signal: options.signal,
    });

    const base = path.basename(trainSet.file).replace(/\.[^.]*$/, '');
    const bundle = await saveBundle(path.join(options.out, `${base}-${loss}`), {
      model: result.model,
      encoder: trainSet.encoder.toJSON(),
      references,
      report: trainingReport({
        sourceFile: trainSet.file,
        sha256: trainSet.sha256,
        data: train,
        references,
        backend: options.backend,
        config,
        result,
        metrics: { ...metrics, evaluatedOn: path.resolve(options.test) },
      }),
    });

    const { history } = result;
    return {
      loss,
      margin: config.margin,
      ...metrics,
      bundle,
      epochs_run: history.length,
      best_epoch: result.bestEpoch,
      stopped_early: result.stoppedEarly,
      training_seconds: result.trainingSeconds,
      triplets_per_s: result.tripletsPerSecond,
      final_loss: history[history.length - 1]?.loss ?? Number.NaN,
      loss_curve: history.map((epoch) => epoch.loss),
      validation_curve: history.map((epoch) => epoch.validationLoss),
    };
  } finally {
    result.model.dispose();
  }
}

/** The labelled records of a dataset; a file without the label column is an `InputError`. */
function labelledOf(dataset: Dataset, label: string): LabelledFeatures {
  if (dataset.labels === null) {
    throw new InputError({ file: dataset.file, column: label }, 'the label column was not found.');
  }
  return labelledRecords(dataset.features, dataset.labels, dataset.classNames);
}

/** The settings every model of the comparison shares: all but the loss and its margin. */
function sharedSettings(config: TrainConfig): Omit<TrainConfig, 'loss' | 'margin'> {
  const shared: Partial<TrainConfig> = { ...config };
  delete shared.loss;
  delete shared.margin;
  return shared as Omit<TrainConfig, 'loss' | 'margin'>;
}
