/** How the cluster view reaches the raw records of a CSV without holding the file in memory. */

/** Random access to the records of one CSV file, exactly as written there. */
export interface RecordSource {
  /** Absolute path of the CSV. */
  file: string;
  header: string[];
  /** Exact field values of a record (0-based record number). */
  readFields(record: number): Promise<string[]>;
  /** 1-based editor line where a record starts. */
  lineOf(record: number): number;
  /**
   * Optional fast path: the given column's field of each listed record, in the order listed.
   * Without it the view reads record by record.
   */
  readColumn?(column: number, records: Int32Array, signal?: AbortSignal): Promise<string[]>;
}

/**
 * One column's text for the listed records.
 *
 * @param records `[count]` 0-based record numbers.
 * @returns `[count]` field values.
 */
export async function readColumnText(
  source: RecordSource,
  column: number,
  records: Int32Array,
  signal?: AbortSignal,
): Promise<string[]> {
  if (source.readColumn) return source.readColumn(column, records, signal);

  // Limitation: without `readColumn` each record is read on its own, so colouring or filtering
  // a million points by a column takes as long as reading the whole file record by record.
  const values = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    if (signal?.aborted) break;
    const fields = await source.readFields(records[i]);
    values[i] = fields[column] ?? '';
  }
  return values;
}

/**
 * Numbers of a column for the listed records.
 *
 * @returns `[count]` values, NaN where the field is not a number.
 */
export async function readColumnNumbers(
  source: RecordSource,
  column: number,
  records: Int32Array,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const text = await readColumnText(source, column, records, signal);
  const values = new Float32Array(records.length);
  for (let i = 0; i < text.length; i++) {
    const field = (text[i] ?? '').trim();
    values[i] = field === '' ? NaN : Number(field);
  }
  return values;
}
