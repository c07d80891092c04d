/**
 * `train`: reads a labelled CSV, trains the network, computes the class references and saves the
 * model bundle. Each epoch shows a fixed sample of training records moving in the live view.
 */

import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'fs';
import * as path from 'path';

import { initBackend } from '../../core/backend';
import {
  defaultBundleName,
  REPORT_FORMAT,
  saveBundle,
  type TrainingReport,
} from '../../core/bundle/bundle';
import { readDataset, type Dataset } from '../../core/dataset';
import { InputError, throwIfCancelled } from '../../core/errors';
import { createRandom, sampleIndices } from '../../core/metrics/random';
import { viewPositions } from '../../core/embed/positions';
import { buildReferences, embedRecords } from '../../core/train/references';
import { trainModel } from '../../core/train/trainer';
import type { EpochReport, FeatureMatrix, LabelledFeatures, TrainConfig } from '../../core/types';
import type { JobContext } from '../context';
import type { TrainJob, TrainResult } from '../protocol';
import { describeTensorCount } from './tensorCount';

/** Most training records shown moving in the live view. */
export const LIVE_SAMPLE = 5000;

/** Progress units: reading the file fills the first tenth, the epochs the rest. */
const PROGRESS_TOTAL = 1000;
const READING_SHARE = 0.1;

export async function runTrainJob(job: TrainJob, context: JobContext): Promise<TrainResult> {
  const result = await trainBundle(job, context);
  context.log('debug', describeTensorCount(tf.memory().numTensors));
  return result;
}

/** The hooks `trainBundle` reports through; a `JobContext` is one. */
export type TrainBundleHooks = Pick<JobContext, 'signal' | 'progress' | 'epoch' | 'log'>;

/** Trains on `job.file` and saves the bundle; nothing is saved when cancelled or failed. */
export async function trainBundle(job: TrainJob, hooks: TrainBundleHooks): Promise<TrainResult> {
  const { config } = job;
  const file = path.resolve(job.file);
  const bundleDir = path.resolve(
    job.bundleDir ?? path.join(path.dirname(file), defaultBundleName(file, config.loss)),
  );

  const backend = await initBackend(config.backend);
  hooks.log('info', `Training on ${path.basename(file)} with the ${backend} backend.`);
  const size = (await fs.stat(file)).size;
  const dataset = await readDataset(file, {
    label: job.label,
    ignore: job.ignore,
    signal: hooks.signal,
    onProgress: (records, bytes) => {
      const done = Math.round((PROGRESS_TOTAL * READING_SHARE * bytes) / size);
      hooks.progress(done, PROGRESS_TOTAL, `${records} records read`);
    },
  });
  for (const warning of dataset.warnings) hooks.log('warn', warning);
  const data = labelledFeatures(dataset, job.label);

  const live = liveSample(data, config);
  let lastReport: EpochReport | undefined;
  const trained = await trainModel(data, config, {
    signal: hooks.signal,
    onEpoch: (report: EpochReport, model?: tf.LayersModel) => {
      lastReport = report;
      const share = READING_SHARE + ((1 - READING_SHARE) * report.epoch) / report.epochs;
      const message = `epoch ${report.epoch} of ${report.epochs}`;
      hooks.progress(Math.round(PROGRESS_TOTAL * share), PROGRESS_TOTAL, message);
      hooks.log('debug', `epoch ${report.epoch}: loss ${report.loss.toFixed(4)}`);
      const positions = model ? livePositions(model, live.features) : undefined;
      hooks.epoch(report, positions, positions ? live.records.slice() : undefined);
    },
  });

  try {
    throwIfCancelled(hooks.signal, 'training');
    hooks.progress(PROGRESS_TOTAL, PROGRESS_TOTAL, 'computing class references');
    const embeddings = embedRecords(trained.model, data);
    const references = buildReferences(embeddings, data, config.seed);

    const report: TrainingReport = {
      format: REPORT_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      sourceFile: file,
      sha256: dataset.sha256,
      records: data.rows,
      features: data.features,
      classes: references.map((reference) => ({ name: reference.name, count: reference.count })),
      backend,
      config,
      trainingRecords: trained.trainingRecords.length,
      validationRecords: trained.validationRecords.length,
      bestEpoch: trained.bestEpoch,
      monitored: trained.monitored,
      stoppedEarly: trained.stoppedEarly,
      timings: {
        seconds: trained.seconds,
        trainingSeconds: trained.trainingSeconds,
        tripletsPerSecond: trained.tripletsPerSecond,
      },
      history: trained.history,
      metrics: null,
    };
    throwIfCancelled(hooks.signal, 'training');
    const encoder = dataset.encoder.toJSON();
    const bundle = await saveBundle(bundleDir, {
      model: trained.model,
      encoder,
      report,
      references,
    });
    hooks.log('info', `Saved the model bundle ${bundle}.`);

    return {
      bundle,
      records: data.rows,
      features: data.features,
      classes: data.classNames,
      backend,
      seconds: trained.seconds,
      tripletsPerSecond: trained.tripletsPerSecond,
      finalLoss: lastReport?.loss ?? Number.NaN,
      warnings: dataset.warnings,
    };
  } finally {
    trained.model.dispose();
  }
}

/** The dataset as training input; a file without the label column cannot train. */
function labelledFeatures(dataset: Dataset, label: string): LabelledFeatures {
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
