/**
 * "What is this model worth on this file?": embeds a labelled CSV with a model bundle and scores
 * the embeddings, against a reference file's embeddings or leave-one-out. The bundle is only
 * read, never changed.
 */

import * as path from 'path';

import { ENCODER_FILE, loadBundle, type LoadedBundle } from '../bundle/bundle';
import { Encoder, encodeWithEncoder } from '../dataset';
import { InputError, throwIfCancelled } from '../errors';
import type { EmbeddingMetrics } from '../metrics';
import { embedRecords } from '../train/references';
import type { FeatureMatrix, LabelledFeatures } from '../types';
import { labelledRecords, unifyClasses } from './classes';
import { evaluationAlpha, scoreEmbeddings } from './score';

export interface FileEvaluationOptions {
  /** A labelled CSV (say, the training file) whose embeddings are the retrieval references. */
  reference?: string;
  signal?: AbortSignal;
  /** One line a step, for a log or stderr. */
  onProgress?: (message: string) => void;
}

export interface FileEvaluation {
  metrics: EmbeddingMetrics;
  /** Labelled records of the evaluated file, and of the reference file (null without one). */
  records: number;
  referenceRecords: number | null;
  /** Label column the classes were read from. */
  label: string;
  seconds: number;
}

/**
 * Embeds `file` with the model bundle in `modelFolder` (its own encoder and network) and scores
 * the embeddings with `scoreEmbeddings`. Records are labelled by the column the model was trained
 * on; records without a label are left out. The TensorFlow.js backend must be initialised.
 */
export async function evaluateFile(
  file: string,
  modelFolder: string,
  options: FileEvaluationOptions = {},
): Promise<FileEvaluation> {
  const started = performance.now();
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);

  const bundle = await loadBundle(modelFolder);
  try {
    const encoder = Encoder.fromJSON(bundle.encoder, path.join(bundle.folder, ENCODER_FILE));
    const label = modelLabel(bundle, encoder);

    progress(`Embedding ${file}.`);
    const evaluated = await embedLabelled(file, encoder, label, bundle, signal);
    if (evaluated.records.rows === 0) {
      throw new InputError({ file, column: label }, 'no record has a label to evaluate against.');
    }

    let reference: LabelledEmbeddings | undefined;
    if (options.reference !== undefined) {
      progress(`Embedding the reference records of ${options.reference}.`);
      reference = await embedLabelled(options.reference, encoder, label, bundle, signal);
    }
    throwIfCancelled(signal, 'evaluation');

    progress(`Scoring ${evaluated.records.rows} records.`);
    const classes = unifyClasses(
      reference ? [evaluated.records, reference.records] : [evaluated.records],
    );
    const metrics = scoreEmbeddings({
      embeddings: evaluated.embeddings,
      labels: classes.labels[0],
      classNames: classes.classNames,
      reference: reference && { embeddings: reference.embeddings, labels: classes.labels[1] },
      references: bundle.references,
      alpha: evaluationAlpha(bundle.report.config),
      seed: bundle.report.config.seed,
      signal,
    });

    return {
      metrics,
      records: evaluated.records.rows,
      referenceRecords: reference ? reference.records.rows : null,
      label,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    bundle.model.dispose();
  }
}

/** Labelled records of a file and their embeddings. */
interface LabelledEmbeddings {
  records: LabelledFeatures;
  /** `[records.rows, dims]` */
  embeddings: FeatureMatrix;
}

/** Encodes `file` with the model's encoder, keeps its labelled records and embeds them. */
async function embedLabelled(
  file: string,
  encoder: Encoder,
  label: string,
  bundle: LoadedBundle,
  signal: AbortSignal | undefined,
): Promise<LabelledEmbeddings> {
  const source = path.resolve(file);
  const dataset = await encodeWithEncoder(source, encoder, { label, signal });
  if (dataset.labels === null) {
    const problem = `has no column "${label}", the label the model was trained on.`;
    throw new InputError({ file: source, column: label }, problem);
  }

  const records = labelledRecords(dataset.features, dataset.labels, dataset.classNames);
  return { records, embeddings: embedRecords(bundle.model, records) };
}

/** The label column the bundle's model was trained on. */
function modelLabel(bundle: LoadedBundle, encoder: Encoder): string {
  if (encoder.label === null) {
    const problem = 'names no label column, so there are no classes to evaluate against.';
    throw new InputError({ file: path.join(bundle.folder, ENCODER_FILE) }, problem);
  }
  return encoder.label;
}
