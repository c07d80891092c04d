/**
 * The files an embedding run writes, batch by batch: `<name>.embeddings.csv` and, on request, the
 * Embedding Projector's `vectors.tsv` (one vector a line, no header) and `metadata.tsv` (a header,
 * then one row per record). All go through temporary files: nothing appears unless all complete.
 */

import { promises as fs } from 'fs';
import * as path from 'path';

import { AtomicFile } from './atomicFile';
import { csvField, formatDistance, formatUnit, tsvField } from './format';

/** One batch of embedded records, ready to be written. */
export interface EmbeddedBatch {
  /** `[rows]` 0-based record numbers. */
  records: Int32Array;
  /** `[rows]` 1-based editor lines where each record starts. */
  lines: Int32Array;
  /** `[rows]` label as written in the source, or null when the file has none. */
  labels: string[] | null;
  /** `[rows, dims]` embeddings. */
  embeddings: Float32Array;
  dims: number;
  /** `[rows]` predicted class names. */
  predicted: string[];
  /** `[rows]` squared distance to the nearest exemplar. */
  distance: Float32Array;
  /** `[rows]` 1 where the record resembles no known state. */
  novel: Uint8Array;
}

export class EmbeddingOutputs {
  private readonly csv: AtomicFile;
  private readonly vectors: AtomicFile | undefined;
  private readonly metadata: AtomicFile | undefined;
  /** The projector folder when this run created it, so that discarding removes it again. */
  private readonly createdFolder: string | undefined;

  private constructor(
    csv: AtomicFile,
    projector?: { vectors: AtomicFile; metadata: AtomicFile; createdFolder?: string },
  ) {
    this.csv = csv;
    this.vectors = projector?.vectors;
    this.metadata = projector?.metadata;
    this.createdFolder = projector?.createdFolder;
  }

  /** Opens the outputs and writes their headers. `labelColumn` is null when there is no label. */
  static async open(
    out: string,
    projectorDir: string | undefined,
    labelColumn: string | null,
    dims: number,
  ): Promise<EmbeddingOutputs> {
    const dimensionNames = Array.from({ length: dims }, (_, index) => `e${index + 1}`);
    const labelHeader = labelColumn === null ? [] : [csvField(labelColumn)];
    const header = ['record', 'line', ...labelHeader, ...dimensionNames, 'predicted'];
    const outputs = await EmbeddingOutputs.create(out, projectorDir);

    try {
      await outputs.csv.write(`${[...header, 'distance', 'novel'].join(',')}\n`);
      const metadataHeader = ['record', ...(labelColumn === null ? [] : ['label'])];
      await outputs.metadata?.write(`${[...metadataHeader, 'predicted', 'novel'].join('\t')}\n`);
    } catch (error) {
      await outputs.discard().catch(() => undefined);
      throw error;
    }
    return outputs;
  }

  private static async create(out: string, projectorDir?: string): Promise<EmbeddingOutputs> {
    if (projectorDir === undefined) return new EmbeddingOutputs(new AtomicFile(out));
    const created = await fs.mkdir(projectorDir, { recursive: true });
    return new EmbeddingOutputs(new AtomicFile(out), {
      vectors: new AtomicFile(path.join(projectorDir, 'vectors.tsv')),
      metadata: new AtomicFile(path.join(projectorDir, 'metadata.tsv')),
      createdFolder: created,
    });
  }

  /** Appends one batch's rows to every output. */
  async write(batch: EmbeddedBatch): Promise<void> {
    if (batch.records.length === 0) return;
    const csvRows: string[] = [];
    const vectorRows: string[] = [];
    const metadataRows: string[] = [];

    for (let row = 0; row < batch.records.length; row++) {
      const values: string[] = [];
      for (let dim = 0; dim < batch.dims; dim++) {
        values.push(formatUnit(batch.embeddings[row * batch.dims + dim]));
      }
      const record = String(batch.records[row] + 1);
      const label = batch.labels === null ? [] : [batch.labels[row]];
      const novel = batch.novel[row] === 1 ? 'true' : 'false';
      const predicted = batch.predicted[row];

      const csvLabel = label.map(csvField);
      const csvTail = [csvField(predicted), formatDistance(batch.distance[row]), novel];
      csvRows.push(
        [record, String(batch.lines[row]), ...csvLabel, ...values, ...csvTail].join(','),
      );
      vectorRows.push(values.join('\t'));
      metadataRows.push([record, ...label, predicted, novel].map(tsvField).join('\t'));
    }

    await this.csv.write(`${csvRows.join('\n')}\n`);
    await this.vectors?.write(`${vectorRows.join('\n')}\n`);
    await this.metadata?.write(`${metadataRows.join('\n')}\n`);
  }

  /** Renames every output into place. */
  async commit(): Promise<void> {
    await this.csv.commit();
    await this.vectors?.commit();
    await this.metadata?.commit();
  }

  /**
   * Deletes every temporary file, and the projector folder when this run created it. Every
   * deletion is tried even when one fails; the first failure is thrown afterwards.
   */
  async discard(): Promise<void> {
    const files = [this.csv, this.vectors, this.metadata];
    const outcomes = await Promise.allSettled(files.map((file) => file?.discard()));
    if (this.createdFolder) await fs.rm(this.createdFolder, { recursive: true, force: true });

    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
