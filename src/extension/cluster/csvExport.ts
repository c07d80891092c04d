/** Writes chosen records of a CSV to a new CSV file, safely: temp file, then rename. */
import { promises as fs } from 'fs';
import * as path from 'path';

import { throwIfCancelled } from '../../core/errors';
import type { RecordSource } from './recordSource';

/** Records written between two cancellation checks and progress reports. */
const CHUNK = 1000;

/** Quotes a field when CSV needs it (a comma, a quote or a line break), doubling quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line, without its line break. */
export function csvLine(fields: string[]): string {
  return fields.map(csvField).join(',');
}

/**
 * Writes the header and the listed records to `target`. The file appears only when complete:
 * it is written next to the target under a temporary name and renamed into place.
 *
 * @param records 0-based record numbers, written in this order.
 * @param progress called with the share done, from 0 to 1.
 */
export async function exportRecords(
  source: RecordSource,
  records: ArrayLike<number>,
  target: string,
  signal?: AbortSignal,
  progress?: (share: number) => void,
): Promise<void> {
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`,
  );
  const file = await fs.open(temporary, 'wx');

  try {
    await file.write(csvLine(source.header) + '\n');
    for (let start = 0; start < records.length; start += CHUNK) {
      throwIfCancelled(signal, 'export');

      const end = Math.min(records.length, start + CHUNK);
      const lines: string[] = [];
      for (let i = start; i < end; i++) lines.push(csvLine(await source.readFields(records[i])));
      await file.write(lines.join('\n') + '\n');
      progress?.(end / records.length);
    }
    await file.close();
    await fs.rename(temporary, target);
  } catch (error) {
    await file.close().catch(() => undefined);
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
