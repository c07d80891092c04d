/**
 * `siamese-lens train FILE --label COL ...`: reads a CSV, trains an encoder network, and writes a
 * model bundle. Progress goes to stderr; the last line on stdout is one JSON object describing
 * the result.
 */

import * as path from 'path';
import { parseArgs } from 'util';

import { initBackend } from '../core/backend';
import { defaultBundleName, REPORT_FORMAT, saveBundle } from '../core/bundle/bundle';
import { readDataset, type Dataset } from '../core/dataset';
import { InputError } from '../core/errors';
import { DEFAULT_CONTRASTIVE_MARGIN } from '../core/train/losses';
import { buildReferences, embedRecords } from '../core/train/references';
import { trainModel } from '../core/train/trainer';
import {
  DEFAULT_TRAIN_CONFIG,
  type BackendChoice,
  type LabelledFeatures,
  type LossName,
  type MiningName,
  type TrainConfig,
} from '../core/types';

const USAGE =
  'usage: siamese-lens train FILE --label COL [--ignore a,b] ' +
  '[--loss lossless|linear|triplet|contrastive] [--dims N] [--epochs E] [--batch B] ' +
  '[--mining random|semi-hard|hard] [--seed S] [--margin M] [--out DIR] ' +
  '[--backend auto|wasm|cpu|tensorflow]';

const LOSSES: LossName[] = ['lossless', 'linear', 'triplet', 'contrastive'];
const MININGS: MiningName[] = ['random', 'semi-hard', 'hard'];
const BACKENDS: BackendChoice[] = ['auto', 'wasm', 'cpu', 'tensorflow'];

export async function runTrain(argv: string[]): Promise<void> {
  const started = performance.now();
  const { file, label, ignore, out, config } = parseTrainArgs(argv);
  const source = path.resolve(file);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);

  const backend = await initBackend(config.backend);
  log(`Backend: ${backend}.`);

  let lastShare = -1;
  const dataset = await readDataset(source, {
    label,
    ignore,
    onProgress: (records) => {
      const share = Math.floor(records / 50000);
      if (share !== lastShare) log(`Reading: ${records} records.`);
      lastShare = share;
    },
  });
  dataset.warnings.forEach((warning) => log(`Warning: ${warning}`));
  const data = labelledRecords(dataset, label);
  log(`${data.rows} records, ${data.features} features, ${data.classNames.length} classes.`);

  const result = await trainModel(data, config, {
    onEpoch: (report) =>
      log(
        `Epoch ${report.epoch}/${report.epochs}: loss ${report.loss.toFixed(4)}, ` +
          `validation ${report.validationLoss.toFixed(4)}, ` +
          `satisfied ${(100 * report.zeroHingeShare).toFixed(1)}%, ` +
          `${Math.round(report.tripletsPerSecond)} triplets/s`,
      ),
  });

  try {
    const embeddings = embedRecords(result.model, data);
    const references = buildReferences(embeddings, data, config.seed);
    const folder = out ?? path.join(path.dirname(source), defaultBundleName(source, config.loss));
    const bundle = await saveBundle(folder, {
      model: result.model,
      encoder: dataset.encoder.toJSON(),
      references,
      report: {
        format: REPORT_FORMAT,
        version: 1,
        createdAt: new Date().toISOString(),
        sourceFile: source,
        sha256: dataset.sha256,
        records: data.rows,
        features: data.features,
        classes: references.map(({ name, count }) => ({ name, count })),
        backend,
        config,
        trainingRecords: result.trainingRecords.length,
        validationRecords: result.validationRecords.length,
        bestEpoch: result.bestEpoch,
        monitored: result.monitored,
        stoppedEarly: result.stoppedEarly,
        timings: {
          seconds: result.seconds,
          trainingSeconds: result.trainingSeconds,
          tripletsPerSecond: result.tripletsPerSecond,
        },
        history: result.history,
        metrics: null,
      },
    });
    log(`Model bundle: ${bundle}`);

    const summary = {
      bundle,
      records: data.rows,
      features: data.features,
      classes: data.classNames.length,
      backend,
      epochs: result.history.length,
      best_epoch: result.bestEpoch,
      seconds: (performance.now() - started) / 1000,
      triplets_per_s: result.tripletsPerSecond,
      final_loss: result.history[result.history.length - 1]?.loss ?? null,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    result.model.dispose();
  }
}

/** The records that have a label, as training input. */
function labelledRecords(dataset: Dataset, label: string): LabelledFeatures {
  const { features, labels, classNames } = dataset;
  if (labels === null) {
    throw new InputError({ file: dataset.file, column: label }, 'the label column was not found.');
  }

  const kept = Int32Array.from(labels.keys()).filter((record) => labels[record] >= 0);
  if (kept.length === labels.length) return { ...features, labels, classNames };

  const values = new Float32Array(kept.length * features.features);
  kept.forEach((record, order) => {
    const start = record * features.features;
    values.set(
      features.values.subarray(start, start + features.features),
      order * features.features,
    );
  });
  const keptLabels = kept.map((record) => labels[record]);
  return { values, rows: kept.length, features: features.features, labels: keptLabels, classNames };
}

interface TrainArguments {
  file: string;
  label: string;
  ignore: string[];
  out: string | undefined;
  config: TrainConfig;
}

/** Parses the command line; a bad option is an `Error` whose message includes the usage. */
export function parseTrainArgs(argv: string[]): TrainArguments {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      ignore: { type: 'string' },
      loss: { type: 'string' },
      dims: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      mining: { type: 'string' },
      seed: { type: 'string' },
      margin: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
    },
  });

  if (positionals.length !== 1) throw new Error(`Expected one CSV file.\n${USAGE}`);
  if (values.label === undefined) throw new Error(`--label is required.\n${USAGE}`);

  const loss = oneOf('loss', values.loss, LOSSES, DEFAULT_TRAIN_CONFIG.loss);
  const defaultMargin =
    loss === 'contrastive' ? DEFAULT_CONTRASTIVE_MARGIN : DEFAULT_TRAIN_CONFIG.margin;
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    loss,
    dims: whole('dims', values.dims, DEFAULT_TRAIN_CONFIG.dims),
    epochs: whole('epochs', values.epochs, DEFAULT_TRAIN_CONFIG.epochs),
    batchSize: whole('batch', values.batch, DEFAULT_TRAIN_CONFIG.batchSize),
    mining: oneOf('mining', values.mining, MININGS, DEFAULT_TRAIN_CONFIG.mining),
    seed: whole('seed', values.seed, DEFAULT_TRAIN_CONFIG.seed, 0),
    margin: positive('margin', values.margin, defaultMargin),
    backend: oneOf('backend', values.backend, BACKENDS, DEFAULT_TRAIN_CONFIG.backend),
  };

  const ignore = (values.ignore ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return { file: positionals[0], label: values.label, ignore, out: values.out, config };
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as string[]).includes(value)) return value as T;
  throw new Error(`--${name} must be one of ${allowed.join(', ')}, not "${value}".\n${USAGE}`);
}

function whole(name: string, value: string | undefined, fallback: number, least = 1): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (Number.isInteger(number) && number >= least) return number;
  throw new Error(`--${name} must be a whole number of at least ${least}, not "${value}".`);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (Number.isFinite(number) && number > 0) return number;
  throw new Error(`--${name} must be a positive number, not "${value}".`);
}
