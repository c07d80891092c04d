/**
 * Train a CSV into a model bundle: read the labelled file, train the network, compute the class
 * references and save the bundle. The worker's `train` job and the CLI's `train` both run it.
 */
import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'fs';
import * as path from 'path';

import { initBackend } from './backend';
import { defaultBundleName, saveBundle } from './bundle/bundle';
import { readDataset, type Dataset } from './dataset';
import { viewPositions } from './embed/positions';
import { InputError, throwIfCancelled } from './errors';
import { trainingReport } from './evaluation/trainingReport';
import { createRandom, sampleIndices } from './metrics/random';
import { buildReferences, embedRecords } from './train/references';
import { trainModel } from './train/trainer';
import type { EpochReport, FeatureMatrix, LabelledFeatures, TrainConfig } from './types';

/** Most training records shown moving in the live view. */
export const LIVE_SAMPLE = 5000;

/** Progress units: reading the file fills the first tenth, the epochs the rest. */
const PROGRESS_TOTAL = 1000;
const READING_SHARE = 0.1;

export interface TrainCsvRequest {
  file: string;
  /** Header name of the label column. */
  label: string;
  /** Header names of columns that are not features. */
  ignore: string[];
  config: TrainConfig;
  /** Where the bundle goes; defaults to `<name>-<loss>-<time>` beside the CSV. */
  bundleDir?: string;
}

export interface TrainCsvHooks {
  signal?: AbortSignal;
  progress(done: number, total: number | undefined, message: string): void;
  /** `positions` is `[sample, 3]`, `sample` the `[sample]` training records they show. */
  epoch(report: EpochReport, positions?: Float32Array, sample?: Int32Array): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** What a finished run reports once the bundle is in place. */
export interface TrainCsvResult {
  /** Absolute path of the saved model bundle. */
  bundle: string;
  records: number;
  features: number;
  classes: string[];
  backend: string;
  /** Epochs run, and the 1-based epoch whose weights were kept. */
  epochs: number;
  bestEpoch: number;
  seconds: number;
  tripletsPerSecond: number;
  finalLoss: number;
  warnings: string[];
}

/** Trains on `request.file` and saves the bundle; nothing is saved when cancelled or failed. */
export async function trainCsv(
  request: TrainCsvRequest,
  hooks: TrainCsvHooks,
): Promise<TrainCsvResult> {
  const { config } = request;
  const file = path.resolve(request.file);
  const bundleDir = path.resolve(
    request.bundleDir ?? path.join(path.dirname(file), defaultBundleName(file, config.loss)),
  );

  const backend = await initBackend(config.backend);
  hooks.log('info', `Training on ${path.basename(file)} with the ${backend} backend.`);
  const dataset = await readLabelled(file, request, hooks);
  const data = labelledData(dataset, request.label);

  const live = liveSample(data, config);
  const trained = await trainModel(data, config, {
    signal: hooks.signal,
    onEpoch: (report, model) => {
      const share = READING_SHARE + ((1 - READING_SHARE) * report.epoch) / report.epochs;
      const message = `epoch ${report.epoch} of ${report.epochs}`;
      hooks.progress(Math.round(PROGRESS_TOTAL * share), PROGRESS_TOTAL, message);
      const positions = livePositions(model, live.features);
      hooks.epoch(report, positions, live.records.slice());
    },
  });

  try {
    throwIfCancelled(hooks.signal, 'training');
    hooks.progress(PROGRESS_TOTAL, PROGRESS_TOTAL, 'computing class references');
    const embeddings = embedRecords(trained.model, data);
    const references = buildReferences(embeddings, data, config.seed);
    const report = trainingReport({
      sourceFile: file,
      sha256: dataset.sha256,
      data,
      references,
      backend,
      config,
      result: trained,
      metrics: null,
    });

    throwIfCancelled(hooks.signal, 'training');
    const encoder = dataset.encoder.toJSON();
    const bundle = await saveBundle(bundleDir, {
      model: trained.model,
      encoder,
      report,
      references,
    });
    hooks.log('info', `Saved the model bundle ${bundle}.`);

    const history = trained.history;
    return {
      bundle,
      records: data.rows,
      features: data.features,
      classes: data.classNames,
      backend,
      epochs: history.length,
      bestEpoch: trained.bestEpoch,
      seconds: trained.seconds,
      tripletsPerSecond: trained.tripletsPerSecond,
      finalLoss: history[history.length - 1]?.loss ?? Number.NaN,
      warnings: dataset.warnings,
    };
  } finally {
    trained.model.dispose();
  }
}

async function readLabelled(
  file: string,
  request: TrainCsvRequest,
  hooks: TrainCsvHooks,
): Promise<Dataset> {
  const size = (await fs.stat(file)).size;
  const dataset = await readDataset(file, {
    label: request.label,
    ignore: request.ignore,
    signal: hooks.signal,
    onProgress: (records, bytes) => {
      const done = Math.round((PROGRESS_TOTAL * READING_SHARE * bytes) / size);
      hooks.progress(done, PROGRESS_TOTAL, `${records} records read`);
    },
  });
  for (const warning of dataset.warnings) hooks.log('warn', warning);
  return dataset;
}

/**
 * The dataset as training input, record numbers unchanged (the trainer skips records whose label
 * is missing); a file without the label column cannot train.
 */
function labelledData(dataset: Dataset, label: string): LabelledFeatures {
  if (dataset.labels === null) {
    throw new InputError({ file: dataset.file, line: 1, column: label }, 'no such label column.');
  }
  return { ...dataset.features, labels: dataset.labels, classNames: dataset.classNames };
}

/** A fixed, seeded sample of records and their features, the same every epoch. */
function liveSample(data: LabelledFeatures, config: TrainConfig) {
  const records = sampleIndices(data.rows, LIVE_SAMPLE, createRandom(config.seed + 1)).sort();
  const values = new Float32Array(records.length * data.features);
  records.forEach((record, row) => {
    const source = data.values.subarray(record * data.features, (record + 1) * data.features);
    values.set(source, row * data.features);
  });
  const features: FeatureMatrix = { values, rows: records.length, features: data.features };
  return { records, features };
}

/**
 * Where the sample sits under the model's current weights.
 *
 * @returns `[sample, 3]` positions in `[0, 1]^3`: the embedding, or its PCA projection.
 */
function livePositions(model: tf.LayersModel, features: FeatureMatrix): Float32Array {
  const embeddings = embedRecords(model, features);
  return viewPositions(embeddings.values, embeddings.features, embeddings.rows);
}
