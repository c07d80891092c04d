import { InputError } from '../errors';
import { CsvReader } from '../csv/reader';
import { readValue } from '../csv/values';

/** What a column looks like from a sample of its records. */
export type ColumnKind = 'numeric' | 'categorical' | 'identifier' | 'constant' | 'timestamp';

/** One column as the label quick pick shows it. */
export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  /** Distinct non-missing values in the sample. */
  distinct: number;
  /** Up to five distinct values, in order of appearance. */
  examples: string[];
  /** Missing values in the sample. */
  missing: number;
}

/** Records read to infer column kinds. */
export const SAMPLE_RECORDS = 5000;

/** Share of a column's sampled values that must be numbers for it to count as numeric. */
const NUMERIC_SHARE = 0.95;
/** A text column with more distinct values than this share of its values names records. */
const IDENTIFIER_SHARE = 0.5;
const IDENTIFIER_MIN_DISTINCT = 50;
const EXAMPLES = 5;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Counts over one column's sampled values, enough to tell its kind. */
export class ColumnProfile {
  readonly name: string;
  values = 0;
  missing = 0;
  numbers = 0;
  timestamps = 0;
  readonly distinctValues = new Set<string>();
  private integersIncreasing = true;
  private previousNumber = Number.NEGATIVE_INFINITY;

  constructor(name: string) {
    this.name = name;
  }

  add(text: string): void {
    this.values += 1;
    const reading = readValue(text);
    if (reading.kind === 'missing') {
      this.missing += 1;
      return;
    }

    const value = text.trim();
    this.distinctValues.add(value);
    if (reading.kind === 'number' || reading.kind === 'out-of-range') this.numbers += 1;
    if (reading.kind === 'number') {
      const increasing = Number.isInteger(reading.value) && reading.value > this.previousNumber;
      this.integersIncreasing &&= increasing;
      this.previousNumber = reading.value;
    } else {
      this.integersIncreasing = false;
    }
    if (TIMESTAMP.test(value)) this.timestamps += 1;
  }

  get present(): number {
    return this.values - this.missing;
  }

  /** The kind the sample suggests; see the thresholds above. */
  kind(): ColumnKind {
    const present = this.present;
    const distinct = this.distinctValues.size;
    if (present === 0 || distinct <= 1) return 'constant';

    if (this.numbers >= NUMERIC_SHARE * present) {
      const rowNumbers = this.integersIncreasing && distinct === present;
      return rowNumbers && present >= IDENTIFIER_MIN_DISTINCT ? 'identifier' : 'numeric';
    }
    if (this.timestamps === present) return 'timestamp';
    if (distinct > IDENTIFIER_SHARE * present && distinct > IDENTIFIER_MIN_DISTINCT) {
      return 'identifier';
    }
    return 'categorical';
  }

  summary(): ColumnSummary {
    const examples = [...this.distinctValues].slice(0, EXAMPLES);
    return {
      name: this.name,
      kind: this.kind(),
      distinct: this.distinctValues.size,
      examples,
      missing: this.missing,
    };
  }
}

/**
 * Reads the header and the first `sampleRecords` records of a CSV and describes each column:
 * its inferred kind, distinct values and a few examples.
 */
export async function inspectColumns(
  file: string,
  sampleRecords = SAMPLE_RECORDS,
): Promise<ColumnSummary[]> {
  const reader = await CsvReader.open(file);
  const profiles = reader.header.map((name) => new ColumnProfile(name));
  let records = 0;
  try {
    for await (const record of reader.records()) {
      record.fields.forEach((text, column) => profiles[column].add(text));
      records += 1;
      if (records >= sampleRecords) break;
    }
  } finally {
    reader.close();
  }
  if (records === 0) throwNoRecords(file, reader.header);
  return profiles.map((profile) => profile.summary());
}

/** A header with nothing after it cannot be fitted or encoded. */
export function throwNoRecords(file: string, header: string[]): never {
  throw new InputError(
    { file, line: 2, column: header[0] },
    'the file has a header but no records after it.',
  );
}
