import path from 'node:path';
import { parseArgs } from 'node:util';

import { writeSample } from '../core/sample/write';

const USAGE = 'usage: siamese-lens sample --records N --seed S --out FILE';

/**
 * `sample --records N --seed S --out FILE`: writes N synthetic cell KPI records. Progress goes
 * to stderr; the last stdout line is `{"out", "records", "seed"}` as JSON.
 */
export async function runSample(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const records = positiveInteger(values.records, 'records');
  const seed = positiveInteger(values.seed, 'seed', 0);
  if (!values.out) throw new Error(`--out is required. ${USAGE}`);
  const out = path.resolve(values.out);

  await writeSample(out, {
    records,
    seed,
    onProgress: (written) => process.stderr.write(`sample: ${written} of ${records} records\n`),
  });
  process.stdout.write(`${JSON.stringify({ out, records, seed })}\n`);
}

function positiveInteger(text: string | undefined, name: string, minimum = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum || value > 0xffffffff) {
    throw new Error(`--${name} must be an integer of at least ${minimum}, not "${text}". ${USAGE}`);
  }
  return value;
}
