/**
 * Records in, features out: the data layer's public face. Reads a CSV, fits or applies an
 * encoder, and keeps where every record sits in its file.
 */
import { stat } from 'node:fs/promises';

import { Encoder } from './encoder/encoder';
import { InputError } from './errors';
import { encodeFile, type EncodedFile } from './encoder/encodeFile';
import { fitEncoder } from './encoder/fit';

export { RecordIndex } from './csv/recordIndex';
export type { RecordIndexTransfer } from './csv/recordIndex';
export { Encoder } from './encoder/encoder';
export type { ColumnEncoding, EncoderJSON } from './encoder/encoder';
export { fitEncoder } from './encoder/fit';
export type { FitOptions, FitResult } from './encoder/fit';
export { inspectColumns } from './encoder/schema';
export type { ColumnKind, ColumnSummary } from './encoder/schema';
export { streamEncoded } from './encoder/encodeFile';
export type { EncodedBatch } from './encoder/encodeFile';

export interface DatasetOptions {
  /** Header name of the label column. */
  label?: string;
  /** Header names of columns that are not features. */
  ignore?: string[];
  /** Overrides of the inferred column kinds, by header name. */
  kinds?: Record<string, 'numeric' | 'categorical' | 'ignore'>;
  signal?: AbortSignal;
  /**
   * Records read in the current pass, and progress in bytes: `bytes / fileSize` is the share of
   * the work done, although `readDataset` reads the file twice.
   */
  onProgress?: (records: number, bytes: number) => void;
}

/** A CSV encoded in memory, with the encoder that encoded it. */
export interface Dataset extends EncodedFile {
  file: string;
  encoder: Encoder;
}

/** Fits the encoder on the file and encodes it. */
export async function readDataset(file: string, options: DatasetOptions): Promise<Dataset> {
  const { onProgress } = options;
  const halfSize = (await stat(file)).size / 2;

  const fit = await fitEncoder(file, {
    ...options,
    onProgress: onProgress && ((records, bytes) => onProgress(records, Math.round(bytes / 2))),
  });
  const encoded = await encodeFile(file, fit.encoder, {
    label: options.label,
    signal: options.signal,
    onProgress:
      onProgress && ((records, bytes) => onProgress(records, Math.round(halfSize + bytes / 2))),
  });

  if (encoded.sha256 !== fit.sha256) {
    const problem =
      'the file changed between fitting the encoder and encoding its records, so the two ' +
      'passes read different data. Read it again once nothing is writing to it.';
    throw new InputError({ file }, problem);
  }

  return {
    file,
    encoder: fit.encoder,
    ...encoded,
    warnings: [...encoded.warnings, ...fit.classWarnings],
  };
}

/** Encodes with an existing encoder (columns checked). Labels read if the label column exists. */
export async function encodeWithEncoder(
  file: string,
  encoder: Encoder,
  options: DatasetOptions = {},
): Promise<Dataset> {
  const encoded = await encodeFile(file, encoder, options);
  return { file, encoder, ...encoded };
}
