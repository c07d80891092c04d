/**
 * `siamese-lens evaluate FILE --model DIR [--reference TRAIN_FILE]`: what a model bundle's
 * embedding is worth on a labelled CSV. Progress goes to stderr; the last stdout line is one JSON
 * object with every metric, `records` and `seconds`. The bundle is left unchanged.
 */

import * as path from 'path';
import { parseArgs } from 'util';

import { initBackend } from '../core/backend';
import { evaluateFile } from '../core/evaluation/evaluateFile';
import type { BackendChoice } from '../core/types';

const USAGE =
  'usage: siamese-lens evaluate FILE --model DIR [--reference TRAIN_FILE] ' +
  '[--backend auto|wasm|cpu|tensorflow]';

const BACKENDS: BackendChoice[] = ['auto', 'wasm', 'cpu', 'tensorflow'];

export async function runEvaluate(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      reference: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
    },
  });
  if (positionals.length !== 1) throw new Error(`Expected one CSV file.\n${USAGE}`);
  if (values.model === undefined) throw new Error(`--model is required.\n${USAGE}`);
  const backendChoice = values.backend as BackendChoice;
  if (!BACKENDS.includes(backendChoice)) {
    throw new Error(`--backend must be one of ${BACKENDS.join(', ')}.\n${USAGE}`);
  }

  const log = (line: string): void => void process.stderr.write(`evaluate: ${line}\n`);
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);

  try {
    const backend = await initBackend(backendChoice);
    log(`Backend: ${backend}.`);
    log(values.reference ? 'Reference set: the reference file.' : 'Reference set: leave-one-out.');

    const evaluation = await evaluateFile(path.resolve(positionals[0]), values.model, {
      reference: values.reference && path.resolve(values.reference),
      signal: controller.signal,
      onProgress: log,
    });

    const { metrics } = evaluation;
    log(
      `precision@1 ${metrics.precision_at_1.toFixed(4)}, MAP@R ${metrics.map_at_r.toFixed(4)}, ` +
        `NMI ${metrics.nmi.toFixed(4)}`,
    );
    const result = {
      ...metrics,
      records: evaluation.records,
      reference_records: evaluation.referenceRecords,
      label: evaluation.label,
      backend,
      seconds: evaluation.seconds,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
