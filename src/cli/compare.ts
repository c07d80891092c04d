/**
 * `siamese-lens compare TRAIN --test TEST --label COL --losses a,b,...`: trains one model per
 * loss with the same records, split, seed and epoch budget, scores each on TEST with TRAIN as the
 * reference set, and adds a 1-nearest-neighbour baseline on the raw encoded features. Progress
 * goes to stderr; the last stdout line is one JSON object.
 */

import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';

import { initBackend } from '../core/backend';
import { compareLosses } from '../core/evaluation/compareLosses';
import { DEFAULT_TRAIN_CONFIG, type BackendChoice, type LossName } from '../core/types';

/**
 * Epochs per model unless `--epochs` says otherwise. At this budget NSL-KDD (25,192 training and
 * 22,544 test records) with all four losses took 109 s on two shared cores with the wasm backend:
 * 25 s of training, 58 s for the raw-feature baseline, the rest reading and evaluating; well
 * inside 15 minutes even at a fifth of that training speed.
 */
export const DEFAULT_COMPARE_EPOCHS = 10;

const LOSSES: LossName[] = ['lossless', 'linear', 'triplet', 'contrastive'];
const BACKENDS: BackendChoice[] = ['auto', 'wasm', 'cpu', 'tensorflow'];

const USAGE =
  'usage: siamese-lens compare TRAIN --test TEST --label COL [--ignore a,b] ' +
  '[--losses lossless,linear,triplet,contrastive] [--epochs E] [--seed S] [--dims N] ' +
  '[--out DIR] [--backend auto|wasm|cpu|tensorflow]';

export async function runCompare(argv: string[]): Promise<void> {
  const args = parseCompareArgs(argv);
  const log = (line: string): void => void process.stderr.write(`compare: ${line}\n`);
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);

  try {
    const backend = await initBackend(args.backend);
    log(`Backend: ${backend}.`);
    const out = await bundleFolder(args.out);
    log(`Model bundles go to ${out}.`);

    const comparison = await compareLosses({
      train: args.train,
      test: args.test,
      label: args.label,
      ignore: args.ignore,
      losses: args.losses,
      config: {
        ...DEFAULT_TRAIN_CONFIG,
        epochs: args.epochs,
        seed: args.seed,
        dims: args.dims,
        backend: args.backend,
      },
      backend,
      out,
      signal: controller.signal,
      onProgress: log,
      onEpoch: (loss, report) =>
        log(
          `${loss} epoch ${report.epoch}/${report.epochs}: loss ${report.loss.toFixed(4)}, ` +
            `validation ${report.validationLoss.toFixed(4)}, ` +
            `${Math.round(report.tripletsPerSecond)} triplets/s`,
        ),
    });

    for (const row of comparison.rows) {
      log(`${row.loss}: precision@1 ${row.precision_at_1.toFixed(4)} on the test records.`);
    }
    const baseline = comparison.baseline.precision_at_1.toFixed(4);
    log(`1-NN on raw features: precision@1 ${baseline}.`);
    process.stdout.write(`${JSON.stringify(comparison)}\n`);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

interface CompareArguments {
  train: string;
  test: string;
  label: string;
  ignore: string[];
  losses: LossName[];
  epochs: number;
  seed: number;
  dims: number;
  out: string | undefined;
  backend: BackendChoice;
}

/** Parses the command line; a bad option is an `Error` whose message includes the usage. */
export function parseCompareArgs(argv: string[]): CompareArguments {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      test: { type: 'string' },
      label: { type: 'string' },
      ignore: { type: 'string', default: '' },
      losses: { type: 'string', default: LOSSES.join(',') },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      dims: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string', default: DEFAULT_TRAIN_CONFIG.backend },
    },
  });

  if (positionals.length !== 1) throw new Error(`Expected one training CSV file.\n${USAGE}`);
  if (values.test === undefined) throw new Error(`--test is required.\n${USAGE}`);
  if (values.label === undefined) throw new Error(`--label is required.\n${USAGE}`);

  const losses = list(values.losses);
  const unknown = losses.filter((loss) => !(LOSSES as string[]).includes(loss));
  if (losses.length === 0 || unknown.length > 0) {
    throw new Error(`--losses takes names from ${LOSSES.join(', ')}.\n${USAGE}`);
  }
  const backend = values.backend as BackendChoice;
  if (!BACKENDS.includes(backend)) {
    throw new Error(`--backend must be one of ${BACKENDS.join(', ')}.\n${USAGE}`);
  }

  return {
    train: path.resolve(positionals[0]),
    test: path.resolve(values.test),
    label: values.label,
    ignore: list(values.ignore),
    losses: [...new Set(losses)] as LossName[],
    epochs: whole('epochs', values.epochs, DEFAULT_COMPARE_EPOCHS, 1),
    seed: whole('seed', values.seed, DEFAULT_TRAIN_CONFIG.seed, 0),
    dims: whole('dims', values.dims, DEFAULT_TRAIN_CONFIG.dims, 2),
    out: values.out && path.resolve(values.out),
    backend,
  };
}

/** `--out` (created when missing), or a new folder under the system's temporary folder. */
async function bundleFolder(out: string | undefined): Promise<string> {
  if (out === undefined) return fs.mkdtemp(path.join(os.tmpdir(), 'siamese-lens-compare-'));
  await fs.mkdir(out, { recursive: true });
  return out;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

function whole(name: string, value: string | undefined, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (Number.isInteger(number) && number >= least) return number;
  throw new Error(`--${name} must be a whole number of at least ${least}, not "${value}".`);
}
