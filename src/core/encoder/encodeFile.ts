import { CsvReader } from '../csv/reader';
import { RecordIndex, RecordIndexBuilder } from '../csv/recordIndex';
import { readValue } from '../csv/values';
import { FeatureMatrix } from '../types';
import { RowEncoder } from './apply';
import { Encoder } from './encoder';
import { throwNoRecords } from './schema';

export interface EncodeOptions {
  /** Label column; the encoder's own label unless given. */
  label?: string;
  signal?: AbortSignal;
  onProgress?: (records: number, bytes: number) => void;
}

/** A whole file encoded in memory. */
export interface EncodedFile {
  /** `[records, featureCount]` */
  features: FeatureMatrix;
  /** `[records]` index into `classNames`, -1 where the label is missing; null without a label. */
  labels: Int32Array | null;
  /** Label values found, sorted by name. */
  classNames: string[];
  index: RecordIndex;
  /** Tolerated problems: imputed, infinite and unseen values, classes of one record. */
  warnings: string[];
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** One batch of `streamEncoded`. */
export interface EncodedBatch {
  /** `[batchRecords, featureCount]`, fewer rows in the last batch. */
  features: FeatureMatrix;
  /** 0-based number of the batch's first record in the file. */
  firstRecord: number;
  /** `[rows]` editor line of each record. */
  lines: Int32Array;
  /** `[rows]` byte offset of each record. */
  offsets: Float64Array;
  /** Raw label value of each record, or null when the file has no label column. */
  labels: string[] | null;
}

/** Encodes every record of a file with a fitted encoder, keeping a record index. */
export async function encodeFile(
  file: string,
  encoder: Encoder,
  options: EncodeOptions = {},
): Promise<EncodedFile> {
  const reader = await CsvReader.open(file, { ...options, hash: true });
  const rows = reader.checked((header) => new RowEncoder(encoder, file, header));
  const labelColumn = labelColumnOf(reader.header, options.label ?? encoder.label);
  const width = encoder.featureCount;

  let values = new Float32Array(1024 * width);
  let labelIds = new Int32Array(1024);
  const classIds = new Map<string, number>();
  const index = new RecordIndexBuilder();
  let missingLabels = 0;

  for await (const record of reader.records()) {
    const row = index.count;
    if ((row + 1) * width > values.length) values = grown(values);
    if (row >= labelIds.length) labelIds = grown(labelIds);

    rows.encode(record.fields, record.line, values, row * width);
    index.add(record.offset, record.end, record.line);

    if (labelColumn >= 0) {
      const label = record.fields[labelColumn].trim();
      if (readValue(label).kind === 'missing') {
        labelIds[row] = -1;
        missingLabels += 1;
      } else {
        labelIds[row] = classIdOf(label, classIds);
      }
    }
  }

  const count = index.count;
  if (count === 0) throwNoRecords(file, reader.header);
  rows.throwIfNonNumeric();

  const classNames = [...classIds.keys()].sort();
  const labels = labelColumn >= 0 ? sortedLabels(labelIds.subarray(0, count), classIds) : null;
  const warnings = rows.warnings();
  if (missingLabels > 0) {
    warnings.push(`${file}: ${missingLabels} records have no label; they are labelled -1.`);
  }
  return {
    features: { values: values.slice(0, count * width), rows: count, features: width },
    labels,
    classNames: labels ? classNames : [],
    index: index.finish(file, reader.header, reader.delimiter),
    warnings,
    sha256: reader.sha256(),
  };
}

/**
 * Encodes a file batch by batch, for files too large to hold: memory stays at one batch
 * whatever the file's size.
 */
export async function* streamEncoded(
  file: string,
  encoder: Encoder,
  batchRecords: number,
  options: EncodeOptions = {},
): AsyncGenerator<EncodedBatch> {
  if (!Number.isInteger(batchRecords) || batchRecords < 1) {
    throw new RangeError(`batchRecords must be a positive integer, not ${batchRecords}.`);
  }
  const reader = await CsvReader.open(file, options);
  const rows = reader.checked((header) => new RowEncoder(encoder, file, header));
  const labelColumn = labelColumnOf(reader.header, options.label ?? encoder.label);
  const width = encoder.featureCount;

  let batch = newBatch(0, batchRecords, width, labelColumn >= 0);
  let filled = 0;
  for await (const record of reader.records()) {
    rows.encode(record.fields, record.line, batch.features.values, filled * width);
    batch.lines[filled] = record.line;
    batch.offsets[filled] = record.offset;
    batch.labels?.push(record.fields[labelColumn]);
    filled += 1;

    if (filled === batchRecords) {
      yield batch;
      batch = newBatch(record.index + 1, batchRecords, width, labelColumn >= 0);
      filled = 0;
    }
  }

  if (batch.firstRecord === 0 && filled === 0) throwNoRecords(file, reader.header);
  rows.throwIfNonNumeric();
  if (filled > 0) yield trimmed(batch, filled, width);
}

function labelColumnOf(header: string[], label: string | null | undefined): number {
  return label ? header.indexOf(label) : -1;
}

function classIdOf(label: string, classIds: Map<string, number>): number {
  let id = classIds.get(label);
  if (id === undefined) {
    id = classIds.size;
    classIds.set(label, id);
  }
  return id;
}

/** Renumbers labels from order of appearance to the sorted order of their names. */
function sortedLabels(labelIds: Int32Array, classIds: Map<string, number>): Int32Array {
  const sortedNames = [...classIds.keys()].sort();
  const renumber = new Int32Array(classIds.size);
  sortedNames.forEach((name, sorted) => (renumber[classIds.get(name) as number] = sorted));
  return labelIds.map((id) => (id < 0 ? id : renumber[id]));
}

function grown<T extends Float32Array | Int32Array>(array: T): T {
  const larger = new (array.constructor as new (length: number) => T)(array.length * 2);
  larger.set(array);
  return larger;
}

function newBatch(first: number, rows: number, width: number, labelled: boolean): EncodedBatch {
  return {
    features: { values: new Float32Array(rows * width), rows, features: width },
    firstRecord: first,
    lines: new Int32Array(rows),
    offsets: new Float64Array(rows),
    labels: labelled ? [] : null,
  };
}

function trimmed(batch: EncodedBatch, rows: number, width: number): EncodedBatch {
  return {
    features: { values: batch.features.values.slice(0, rows * width), rows, features: width },
    firstRecord: batch.firstRecord,
    lines: batch.lines.slice(0, rows),
    offsets: batch.offsets.slice(0, rows),
    labels: batch.labels,
  };
}
