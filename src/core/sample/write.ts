import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { CancelledError } from '../errors';
import { SAMPLE_HEADER, TelecomSample } from './telecom';

export interface SampleOptions {
  records: number;
  seed: number;
  signal?: AbortSignal;
  /** Called every 100,000 records and at the end. */
  onProgress?: (records: number) => void;
}

const RECORDS_PER_WRITE = 2000;
const PROGRESS_EVERY = 100_000;

/**
 * Writes `records` telecom cell KPI records to `out` as CSV. The file appears whole or not at all:
 * it is written beside `out` under a temporary name and renamed into place.
 */
export async function writeSample(out: string, options: SampleOptions): Promise<void> {
  const { records, seed, signal, onProgress } = options;
  if (!Number.isInteger(records) || records < 1) {
    throw new RangeError(`records must be a positive integer, not ${records}.`);
  }
  const temporary = path.join(
    path.dirname(out),
    `.${path.basename(out)}.${process.pid}.${Date.now()}.tmp`,
  );
  const stream = createWriteStream(temporary);
  const sample = new TelecomSample(seed);

  try {
    let lines = [SAMPLE_HEADER.join(',')];
    for (let written = 0; written < records; written += 1) {
      lines.push(sample.next().join(','));
      if (lines.length === RECORDS_PER_WRITE || written === records - 1) {
        if (!stream.write(lines.join('\n') + '\n')) await once(stream, 'drain');
        lines = [];
        if (signal?.aborted) throw new CancelledError('sample generation');
      }
      if ((written + 1) % PROGRESS_EVERY === 0) onProgress?.(written + 1);
    }
    stream.end();
    await once(stream, 'finish');
    await rename(temporary, out);
    onProgress?.(records);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
