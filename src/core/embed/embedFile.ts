/**
 * Embeds every record of a CSV with a model bundle: records stream through the encoder and the
 * network in large batches, each batch is classified against the bundle's references and written
 * out, and only the typed arrays the cluster view needs stay in memory.
 */

import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'fs';
import * as path from 'path';

import { initBackend } from '../backend';
import { loadBundle, type LoadedBundle } from '../bundle/bundle';
import { CsvReader } from '../csv/reader';
import { Encoder, streamEncoded, type RecordIndexTransfer } from '../dataset';
import { InputError, throwIfCancelled } from '../errors';
import { classify } from '../train/references';
import type { BackendChoice, ClusterData } from '../types';
import { Growable } from './growable';
import { EmbeddingOutputs } from './outputs';
import { viewPositions } from './positions';
import { defaultEmbeddingsPath, writeSidecar } from './sidecar';

/** Records per network call: large enough that per-call overhead vanishes. */
export const EMBED_BATCH_RECORDS = 16_384;

export interface EmbedFileOptions {
  /** Output CSV; defaults to `<name>.embeddings.csv` beside the source. */
  out?: string;
  /** Folder for the Embedding Projector's `vectors.tsv` and `metadata.tsv`. */
  projectorDir?: string;
  signal?: AbortSignal;
  /** `done` and `total` are bytes of the source read. */
  onProgress?: (done: number, total: number, message: string) => void;
  backend?: BackendChoice;
  batchRecords?: number;
}

/** Counts and timings of one embedding run. */
export interface EmbedSummary {
  /** Absolute path of the written `<name>.embeddings.csv`. */
  out: string;
  projectorDir?: string;
  records: number;
  dims: number;
  novel: number;
  seconds: number;
  recordsPerSecond: number;
  backend: string;
  /** Tolerated problems, one sentence each, for the log. */
  warnings: string[];
}

/** Everything the cluster view needs, typed arrays ready to be transferred. */
export interface EmbedOutcome {
  summary: EmbedSummary;
  cluster: ClusterData;
  /** The source CSV's record index, for reading a clicked record. */
  index: RecordIndexTransfer;
}

/** Per-record arrays collected while streaming. */
class Collected {
  readonly embeddings = new Growable(Float32Array, 1 << 16);
  readonly labels = new Growable(Int32Array, 1 << 14);
  readonly predicted = new Growable(Int32Array, 1 << 14);
  readonly novel = new Growable(Uint8Array, 1 << 14);
  readonly lines = new Growable(Int32Array, 1 << 14);
  readonly offsets = new Growable(Float64Array, 1 << 14);
}

/**
 * Embeds `file` with the bundle in `bundleDir` and writes `<name>.embeddings.csv` (and its
 * sidecar, and the projector files when asked). Nothing is written when it fails or is cancelled.
 */
export async function embedFile(
  file: string,
  bundleDir: string,
  options: EmbedFileOptions = {},
): Promise<EmbedOutcome> {
  const started = performance.now();
  const source = path.resolve(file);
  if (options.out !== undefined && path.resolve(options.out) === source) {
    throw new InputError({ file: source }, 'the output would overwrite the CSV being embedded.');
  }

  const backend = await initBackend(options.backend ?? 'auto');
  const bundle = await loadBundle(path.resolve(bundleDir));
  try {
    return await embedWithBundle(source, bundle, backend, started, options);
  } finally {
    bundle.model.dispose();
  }
}

/** `embedFile` once the bundle is loaded; the caller disposes its network. */
async function embedWithBundle(
  source: string,
  bundle: LoadedBundle,
  backend: string,
  started: number,
  options: EmbedFileOptions,
): Promise<EmbedOutcome> {
  const { references } = bundle;
  const encoder = Encoder.fromJSON(bundle.encoder, path.join(bundle.folder, 'encoder.json'));
  const out = path.resolve(options.out ?? defaultEmbeddingsPath(source));
  const projectorDir = options.projectorDir && path.resolve(options.projectorDir);
  const { signal } = options;

  const classNames = references.map((reference) => reference.name);
  const dims = bundle.report.config.dims;

  const layout = await readLayout(source, encoder.label);
  const labelNames = [...classNames];
  const labelIds = new Map(labelNames.map((name, id) => [name, id]));
  const size = (await fs.stat(source)).size;

  const outputs = await EmbeddingOutputs.open(out, projectorDir, layout.label, dims);
  const collected = new Collected();
  let novelCount = 0;
  try {
    const batches = streamEncoded(source, encoder, options.batchRecords ?? EMBED_BATCH_RECORDS, {
      signal,
    });
    for await (const batch of batches) {
      throwIfCancelled(signal, 'embedding');
      const rows = batch.features.rows;
      const embeddings = await predict(bundle.model, batch.features.values, rows);
      const verdict = classify({ values: embeddings, rows, features: dims }, references);

      const records = Int32Array.from({ length: rows }, (_, row) => batch.firstRecord + row);
      const labels = layout.label === null ? null : batch.labels;
      await outputs.write({
        records,
        lines: batch.lines,
        labels,
        embeddings,
        dims,
        predicted: Array.from(verdict.predicted, (id) => classNames[id] ?? ''),
        distance: verdict.distance,
        novel: verdict.novel,
      });

      collected.embeddings.append(embeddings);
      collected.labels.append(labelIdsOf(labels, rows, labelNames, labelIds));
      collected.predicted.append(verdict.predicted);
      collected.novel.append(verdict.novel);
      collected.lines.append(batch.lines);
      collected.offsets.append(batch.offsets);
      novelCount += verdict.novel.reduce((sum, flag) => sum + flag, 0);

      const done = batch.offsets[rows - 1] ?? 0;
      options.onProgress?.(done, size, `${collected.lines.length} records embedded`);
    }

    throwIfCancelled(signal, 'embedding');
    await outputs.commit();
  } catch (error) {
    // The run's own error is what the caller needs; a failed clean-up must not replace it.
    // Limitation: a temporary file that cannot be deleted stays beside the output, hidden.
    await outputs.discard().catch(() => undefined);
    throw error;
  }

  const count = collected.lines.length;
  const embeddings = collected.embeddings.finish();
  await writeSidecar(out, {
    source,
    bundle: bundle.folder,
    dims,
    label: layout.label,
    classes: classNames,
    records: count,
    created: new Date().toISOString(),
  });

  const seconds = (performance.now() - started) / 1000;
  return {
    summary: {
      out,
      projectorDir,
      records: count,
      dims,
      novel: novelCount,
      seconds,
      recordsPerSecond: count / seconds,
      backend,
      warnings: layout.warnings,
    },
    cluster: {
      title: path.basename(source),
      sourceFile: source,
      count,
      positions: viewPositions(embeddings, dims, count),
      dims,
      embeddings,
      labels: collected.labels.finish(),
      labelNames,
      predicted: collected.predicted.finish(),
      predictedNames: classNames,
      novel: collected.novel.finish(),
      records: Int32Array.from({ length: count }, (_, record) => record),
    },
    index: {
      file: source,
      header: layout.header,
      delimiter: layout.delimiter,
      offsets: collected.offsets.finish(),
      lines: collected.lines.finish(),
    },
  };
}

/**
 * The network's output for a batch, computed in one call.
 *
 * @param values `[rows, features]` encoded records.
 * @returns `[rows, dims]` embeddings.
 */
async function predict(model: tf.LayersModel, values: Float32Array, rows: number) {
  const features = values.length / rows;
  // One call for the whole batch: predict's default of 32 rows a call is about 100x slower.
  const output = tf.tidy(
    () => model.predict(tf.tensor2d(values, [rows, features]), { batchSize: rows }) as tf.Tensor,
  );
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

/** The source's header and delimiter, and its label column when it has the bundle's one. */
async function readLayout(source: string, label: string | null) {
  const reader = await CsvReader.open(source);
  reader.close();
  const hasLabel = label !== null && reader.header.includes(label);
  const warnings =
    label !== null && !hasLabel
      ? [`${source} has no "${label}" column: the records are shown without their labels.`]
      : [];
  return {
    header: reader.header,
    delimiter: reader.delimiter,
    label: hasLabel ? label : null,
    warnings,
  };
}

/** `[rows]` index of each record's label into `labelNames` (extended with new names), or -1. */
function labelIdsOf(
  labels: string[] | null,
  rows: number,
  labelNames: string[],
  labelIds: Map<string, number>,
): Int32Array {
  const ids = new Int32Array(rows).fill(-1);
  if (labels === null) return ids;

  for (let row = 0; row < rows; row++) {
    const name = labels[row].trim();
    if (name === '') continue;
    let id = labelIds.get(name);
    if (id === undefined) {
      id = labelNames.length;
      labelNames.push(name);
      labelIds.set(name, id);
    }
    ids[row] = id;
  }
  return ids;
}
