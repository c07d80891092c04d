import { describeLocation, InputError } from '../errors';
import { CsvReader, CsvRecord } from '../csv/reader';
import { readFiniteNumber, readValue } from '../csv/values';
import { CategoricalEncoding, ColumnEncoding, Encoder, NumericEncoding } from './encoder';
import { ColumnIssues, throwNonNumeric } from './issues';
import { RunningMoments } from './moments';
import { checkChoices, ColumnChoices, ColumnRole, planColumns } from './plan';
import { ColumnProfile, SAMPLE_RECORDS, throwNoRecords } from './schema';

export interface FitOptions extends ColumnChoices {
  signal?: AbortSignal;
  onProgress?: (records: number, bytes: number) => void;
  /** Records read to infer column kinds; 5,000 unless given. */
  sampleRecords?: number;
}

export interface FitResult {
  encoder: Encoder;
  /** Records in the file. */
  records: number;
  /** Records per label value, when there is a label. */
  classCounts: Map<string, number> | null;
  /** Missing and infinite values, by column. */
  warnings: string[];
  /** Classes of a single record. */
  classWarnings: string[];
  /** Hex SHA-256 of the bytes fitted on. */
  sha256: string;
}

/**
 * Skewness above which non-negative values reaching beyond 1 (counts, bytes, durations; not
 * rates or flags, which `log1p` would barely change) are taken as heavy-tailed and get `log1p`.
 */
export const HEAVY_TAIL_SKEWNESS = 2;
/** Most categories one column can have; rarer values share the unseen slot. */
export const MAX_CATEGORIES = 1000;
/**
 * Distinct values counted per column while fitting.
 * Limitation: beyond it new values go uncounted and are encoded in the unseen slot, so a column
 * with more distinct values than this loses those values (they are counted in `folded`).
 */
const MAX_TRACKED_VALUES = 100_000;

/** Streaming statistics for one column. */
interface Accumulator {
  role: ColumnRole;
  issues: ColumnIssues;
  raw: RunningMoments;
  logged: RunningMoments;
  counts: Map<string, number>;
  untracked: number;
}

/**
 * Fits an encoder in one streaming pass: infers column kinds from the first records, then keeps
 * running moments for numeric columns and value counts for categorical ones. Holds no records
 * beyond the sample.
 */
export async function fitEncoder(file: string, options: FitOptions = {}): Promise<FitResult> {
  const reader = await CsvReader.open(file, { ...options, hash: true });
  reader.checked((header) => checkChoices(file, header, options));
  const labelColumn = options.label === undefined ? -1 : reader.header.indexOf(options.label);
  const sampleSize = options.sampleRecords ?? SAMPLE_RECORDS;

  const profiles = reader.header.map((name) => new ColumnProfile(name));
  const records = reader.records();
  const sample: CsvRecord[] = [];
  while (sample.length < sampleSize) {
    const next = await records.next();
    if (next.done) break;
    next.value.fields.forEach((text, column) => profiles[column].add(text));
    sample.push(next.value);
  }
  if (sample.length === 0) throwNoRecords(file, reader.header);

  const roles = planColumns(profiles, options);
  const accumulators = roles.map((role, column) => newAccumulator(role, reader.header[column]));
  const classCounts = labelColumn >= 0 ? new Map<string, number>() : null;
  const classLines = new Map<string, number>();
  const add = (record: CsvRecord) => {
    addRecord(record, accumulators);
    if (classCounts) {
      const label = readLabel(file, record, labelColumn, options.label as string);
      classCounts.set(label, (classCounts.get(label) ?? 0) + 1);
      if (!classLines.has(label)) classLines.set(label, record.line);
    }
  };

  sample.forEach(add);
  let count = sample.length;
  sample.length = 0;
  for await (const record of records) {
    add(record);
    count += 1;
  }

  throwNonNumeric(
    file,
    accumulators.map((accumulator) => accumulator.issues),
  );
  const warnings = accumulators.flatMap((accumulator) =>
    accumulator.issues.warnings(file, 'imputed'),
  );
  const classWarnings = classCounts
    ? checkClasses(file, options.label as string, classCounts, classLines)
    : [];

  const columns = accumulators.map((accumulator, column) =>
    finishColumn(reader.header[column], accumulator),
  );
  const encoder = new Encoder(options.label ?? null, columns);
  const sha256 = reader.sha256();
  return { encoder, records: count, classCounts, warnings, classWarnings, sha256 };
}

function newAccumulator(role: ColumnRole, name: string): Accumulator {
  return {
    role,
    issues: new ColumnIssues(name),
    raw: new RunningMoments(),
    logged: new RunningMoments(),
    counts: new Map(),
    untracked: 0,
  };
}

function addRecord(record: CsvRecord, accumulators: Accumulator[]): void {
  for (let column = 0; column < accumulators.length; column += 1) {
    const accumulator = accumulators[column];
    const text = record.fields[column];
    if (accumulator.role.role === 'numeric') addNumber(text, record.line, accumulator);
    else if (accumulator.role.role === 'categorical') addCategory(text, record.line, accumulator);
  }
}

function addNumber(text: string, line: number, accumulator: Accumulator): void {
  const value = readFiniteNumber(text);
  if (Number.isNaN(value)) {
    const kind = readValue(text).kind;
    if (kind === 'missing') accumulator.issues.missing.add(line, text);
    else if (kind === 'out-of-range') accumulator.issues.outOfRange.add(line, text);
    else accumulator.issues.nonNumeric.add(line, text);
    return;
  }
  accumulator.raw.add(value);
  if (value >= 0) accumulator.logged.add(Math.log1p(value));
}

function addCategory(text: string, line: number, accumulator: Accumulator): void {
  const value = text.trim();
  const seen = accumulator.counts.get(value);
  if (seen !== undefined) accumulator.counts.set(value, seen + 1);
  else if (readValue(value).kind === 'missing') accumulator.issues.missing.add(line, text);
  else if (accumulator.counts.size < MAX_TRACKED_VALUES) accumulator.counts.set(value, 1);
  else accumulator.untracked += 1;
}

/** The record's label; every training record needs one. */
function readLabel(file: string, record: CsvRecord, labelColumn: number, label: string): string {
  const value = record.fields[labelColumn].trim();
  if (readValue(value).kind === 'missing') {
    throw new InputError(
      { file, line: record.line, column: label },
      'the label is missing; every training record needs one.',
    );
  }
  return value;
}

/** A label needs two classes; a class of one record cannot give an anchor a positive. */
function checkClasses(
  file: string,
  label: string,
  classCounts: Map<string, number>,
  classLines: Map<string, number>,
): string[] {
  if (classCounts.size < 2) {
    const only = [...classCounts.keys()][0];
    throw new InputError(
      { file, line: 2, column: label },
      `the label column has a single class ("${only}"); training needs at least two.`,
    );
  }
  return [...classCounts]
    .filter(([, count]) => count === 1)
    .map(
      ([name]) =>
        `${describeLocation({ file, line: classLines.get(name), column: label })}: class ` +
        `"${name}" has a single record, so it cannot form positive pairs; it only serves as a ` +
        'negative.',
    );
}

function finishColumn(name: string, accumulator: Accumulator): ColumnEncoding {
  const { role } = accumulator;
  if (role.role === 'label') return { name, kind: 'ignored', reason: 'label' };
  if (role.role === 'ignored') return { name, kind: 'ignored', reason: role.reason };
  if (role.role === 'numeric') return finishNumeric(name, accumulator);
  return finishCategorical(name, accumulator);
}

/** Constant columns drop out; heavy-tailed non-negative ones are z-scored after `log1p`. */
function finishNumeric(name: string, accumulator: Accumulator): ColumnEncoding {
  const { raw, logged } = accumulator;
  if (raw.count === 0 || raw.std === 0) return { name, kind: 'ignored', reason: 'constant' };

  const heavyTailed = raw.min >= 0 && raw.max > 1 && raw.skewness > HEAVY_TAIL_SKEWNESS;
  const moments = heavyTailed ? logged : raw;
  const encoding: NumericEncoding = {
    name,
    kind: 'numeric',
    transform: heavyTailed ? 'log1p' : 'none',
    mean: moments.mean,
    std: moments.std,
    skewness: raw.skewness,
    min: raw.min,
    max: raw.max,
    missing: accumulator.issues.missing.count + accumulator.issues.outOfRange.count,
  };
  return encoding;
}

/** The most frequent values up to MAX_CATEGORIES, sorted; a single value and no gaps drops out. */
function finishCategorical(name: string, accumulator: Accumulator): ColumnEncoding {
  const missing = accumulator.issues.missing.count;
  const byFrequency = [...accumulator.counts].sort((a, b) => b[1] - a[1]);
  if (byFrequency.length + (missing > 0 ? 1 : 0) <= 1 && accumulator.untracked === 0) {
    return { name, kind: 'ignored', reason: 'constant' };
  }

  const kept = byFrequency.slice(0, MAX_CATEGORIES);
  const folded =
    accumulator.untracked + byFrequency.slice(MAX_CATEGORIES).reduce((sum, [, n]) => sum + n, 0);
  const encoding: CategoricalEncoding = {
    name,
    kind: 'categorical',
    categories: kept.map(([value]) => value).sort(),
    missingSlot: missing > 0,
    missing,
    folded,
  };
  return encoding;
}
