/**
 * Reads an `<name>.embeddings.csv` (with its sidecar) back into what the cluster view shows, and
 * indexes the source CSV again so that clicked records can be read. Used to reopen the view.
 */

import * as path from 'path';

import { CsvReader } from '../csv/reader';
import { RecordIndexBuilder } from '../csv/recordIndex';
import { InputError } from '../errors';
import type { EmbedOutcome } from './embedFile';
import { Growable } from './growable';
import { viewPositions } from './positions';
import { readSidecar, type EmbeddingsSidecar } from './sidecar';

export interface ReadEmbeddingsOptions {
  signal?: AbortSignal;
  onProgress?: (records: number, message: string) => void;
}

/** Column positions in the embeddings CSV. */
interface Columns {
  record: number;
  label: number;
  values: number[];
  predicted: number;
  novel: number;
}

/** Reads `embeddingsFile` and re-indexes its source; throws InputError naming what is wrong. */
export async function readEmbeddings(
  embeddingsFile: string,
  options: ReadEmbeddingsOptions = {},
): Promise<EmbedOutcome> {
  const started = performance.now();
  const file = path.resolve(embeddingsFile);
  const sidecar = await readSidecar(file);
  const { signal } = options;

  const reader = await CsvReader.open(file, { signal });
  const columns = findColumns(file, reader.header, sidecar);
  const { dims } = sidecar;

  const labelNames = new NameIds(sidecar.classes);
  const predictedNames = new NameIds(sidecar.classes);
  const embeddings = new Growable(Float32Array, 1 << 16);
  const records = new Growable(Int32Array, 1 << 14);
  const labels = new Growable(Int32Array, 1 << 14);
  const predicted = new Growable(Int32Array, 1 << 14);
  const novel = new Growable(Uint8Array, 1 << 14);
  const vector = new Float32Array(dims);

  for await (const row of reader.records()) {
    const location = (column: number) => ({ file, line: row.line, column: reader.header[column] });
    for (let dim = 0; dim < dims; dim++) {
      const value = Number(row.fields[columns.values[dim]]);
      if (!Number.isFinite(value)) {
        throw new InputError(location(columns.values[dim]), 'not a number.');
      }
      vector[dim] = value;
    }
    const record = Number(row.fields[columns.record]);
    if (!Number.isInteger(record) || record < 1) {
      throw new InputError(location(columns.record), 'not a record number (1, 2, ...).');
    }

    embeddings.append(vector);
    records.append([record - 1]);
    labels.append([columns.label < 0 ? -1 : labelNames.idOf(row.fields[columns.label])]);
    predicted.append([predictedNames.idOf(row.fields[columns.predicted])]);
    novel.append([row.fields[columns.novel].trim() === 'true' ? 1 : 0]);
    if (row.index % 100_000 === 0) options.onProgress?.(row.index, 'reading embeddings');
  }

  const count = records.length;
  const embeddingValues = embeddings.finish();
  const recordNumbers = records.finish();
  const index = await indexSource(sidecar.source, signal, options.onProgress);
  const beyond = recordNumbers.find((record) => record >= index.offsets.length);
  if (beyond !== undefined) {
    const problem = `record ${beyond + 1} is not there; the file changed after it was embedded.`;
    throw new InputError({ file: sidecar.source }, problem);
  }
  const novelFlags = novel.finish();
  const seconds = (performance.now() - started) / 1000;

  return {
    summary: {
      out: file,
      records: count,
      dims,
      novel: novelFlags.reduce((sum, flag) => sum + flag, 0),
      seconds,
      recordsPerSecond: count / seconds,
      backend: 'none',
      warnings: [],
    },
    cluster: {
      title: path.basename(sidecar.source),
      sourceFile: sidecar.source,
      count,
      positions: viewPositions(embeddingValues, dims, count),
      dims,
      embeddings: embeddingValues,
      labels: labels.finish(),
      labelNames: labelNames.names,
      predicted: predicted.finish(),
      predictedNames: predictedNames.names,
      novel: novelFlags,
      records: recordNumbers,
    },
    index,
  };
}

function findColumns(file: string, header: string[], sidecar: EmbeddingsSidecar): Columns {
  const find = (name: string): number => {
    const column = header.indexOf(name);
    if (column < 0) throw new InputError({ file, line: 1 }, `the header lacks column "${name}".`);
    return column;
  };
  return {
    record: find('record'),
    label: sidecar.label === null ? -1 : find(sidecar.label),
    values: Array.from({ length: sidecar.dims }, (_, dim) => find(`e${dim + 1}`)),
    predicted: find('predicted'),
    novel: find('novel'),
  };
}

/** Names numbered in order of first appearance, starting from the bundle's classes. */
class NameIds {
  readonly names: string[];
  private readonly ids: Map<string, number>;

  constructor(initial: string[]) {
    this.names = [...initial];
    this.ids = new Map(this.names.map((name, id) => [name, id]));
  }

  /** The id of `name`, new names appended; -1 for an empty field. */
  idOf(name: string): number {
    const trimmed = name.trim();
    if (trimmed === '') return -1;
    let id = this.ids.get(trimmed);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(trimmed);
      this.ids.set(trimmed, id);
    }
    return id;
  }
}

/** Where every record of the source sits, read afresh (the file may be large). */
async function indexSource(
  source: string,
  signal: AbortSignal | undefined,
  onProgress: ReadEmbeddingsOptions['onProgress'],
) {
  let reader: CsvReader;
  try {
    reader = await CsvReader.open(source, {
      signal,
      onProgress: (records) => onProgress?.(records, 'indexing the source'),
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file: source }, `the source of these embeddings cannot be read.`);
  }

  const builder = new RecordIndexBuilder();
  for await (const record of reader.records()) builder.add(record.offset, record.end, record.line);
  return builder.finish(source, reader.header, reader.delimiter).toTransfer();
}
