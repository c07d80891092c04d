/**
 * `siamese-lens train FILE --label COL ...`: reads a CSV, trains an encoder network, and writes a
 * model bundle. Progress goes to stderr; the last line on stdout is one JSON object describing
 * the result.
 */

import { parseArgs } from 'util';

import { DEFAULT_CONTRASTIVE_MARGIN } from '../core/train/losses';
import { trainCsv } from '../core/trainCsv';
import {
  DEFAULT_TRAIN_CONFIG,
  type BackendChoice,
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
  const log = (line: string): void => void process.stderr.write(`${line}\n`);

  let lastShare = -1;
  const result = await trainCsv(
    { file, label, ignore, config, bundleDir: out },
    {
      progress: (done, total, message) => {
        const share = total ? Math.floor((10 * done) / total) : -1;
        if (share !== lastShare && !message.startsWith('epoch')) log(`${message}.`);
        lastShare = share;
      },
      epoch: (report) =>
        log(
          `Epoch ${report.epoch}/${report.epochs}: loss ${report.loss.toFixed(4)}, ` +
            `validation ${report.validationLoss.toFixed(4)}, ` +
            `satisfied ${(100 * report.zeroHingeShare).toFixed(1)}%, ` +
            `${Math.round(report.tripletsPerSecond)} triplets/s`,
        ),
      log: (level, message) => {
        if (level !== 'debug') log(level === 'info' ? message : `${level}: ${message}`);
      },
    },
  );

  const summary = {
    bundle: result.bundle,
    records: result.records,
    features: result.features,
    classes: result.classes.length,
    backend: result.backend,
    epochs: result.epochs,
    best_epoch: result.bestEpoch,
    seconds: (performance.now() - started) / 1000,
    triplets_per_s: result.tripletsPerSecond,
    final_loss: result.finalLoss,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
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
