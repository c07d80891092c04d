/**
 * Every message between a job's caller and its worker thread, in one place. The caller starts a
 * fresh worker per job with the request in `workerData`; the worker answers with events and ends
 * with exactly one `result` or `error`. Typed arrays travel in the transfer list, never as JSON.
 */

import type { InputLocation } from '../core/errors';
import type { ColumnSummary } from '../core/dataset';
import type { EmbedOutcome } from '../core/embed/embedFile';

export type { EmbedSummary } from '../core/embed/embedFile';
import type { TrainCsvResult } from '../core/trainCsv';
import type { EpochReport, TrainConfig } from '../core/types';

/** Reads a CSV's header and a sample of its records, for the label quick pick. */
export interface InspectJob {
  kind: 'inspect';
  file: string;
}

/** Trains a model on a labelled CSV and saves it as a model bundle. */
export interface TrainJob {
  kind: 'train';
  file: string;
  /** Header name of the label column. */
  label: string;
  /** Header names of columns that are not features. */
  ignore: string[];
  config: TrainConfig;
  /** Where the bundle goes; defaults to a `<name>.siamese` folder beside the CSV. */
  bundleDir?: string;
}

/** Embeds every record of a CSV with a model bundle and writes `<name>.embeddings.csv`. */
export interface EmbedJob {
  kind: 'embed';
  file: string;
  bundleDir: string;
  /** Output CSV; defaults to `<name>.embeddings.csv` beside the source. */
  out?: string;
  /** Folder for the Embedding Projector's `vectors.tsv` and `metadata.tsv`. */
  projectorDir?: string;
}

/** Reads an `<name>.embeddings.csv` (and its sidecar) back for the cluster view. */
export interface LoadEmbeddingsJob {
  kind: 'loadEmbeddings';
  embeddingsFile: string;
}

/** Checks that a folder holds a usable model bundle and summarises it. */
export interface ValidateBundleJob {
  kind: 'validateBundle';
  dir: string;
}

/**
 * Exercises the client's failure handling from tests: a worker that exits, runs out of memory,
 * waits for cancel, or ignores cancel. No command of the extension sends it.
 */
export interface SelfTestJob {
  kind: 'selfTest';
  action: 'exit' | 'exhaustMemory' | 'waitForCancel' | 'ignoreCancel' | 'echo';
  /** For `echo`: returned in the result, transferred. */
  payload?: Float32Array;
}

export type Job =
  InspectJob | TrainJob | EmbedJob | LoadEmbeddingsJob | ValidateBundleJob | SelfTestJob;

export type JobKind = Job['kind'];

/** The request of one kind, e.g. `JobOf<'embed'>` is `EmbedJob`. */
export type JobOf<K extends JobKind> = Extract<Job, { kind: K }>;

/** What `inspect` answers. */
export interface InspectResult {
  file: string;
  columns: ColumnSummary[];
}

/** What `train` answers once the bundle is in place. */
export type TrainResult = TrainCsvResult;

/** What `embed` and `loadEmbeddings` answer: enough to open the cluster view and read records. */
export type ClusterResult = EmbedOutcome;

/** What `validateBundle` answers. */
export interface BundleSummary {
  dir: string;
  dims: number;
  classes: string[];
  /** The training file's label column, or null when it had none. */
  label: string | null;
  finalLoss: number;
  created: string;
}

export interface SelfTestResult {
  action: SelfTestJob['action'];
  payload?: Float32Array;
}

export interface JobResults {
  inspect: InspectResult;
  train: TrainResult;
  embed: ClusterResult;
  loadEmbeddings: ClusterResult;
  validateBundle: BundleSummary;
  selfTest: SelfTestResult;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the worker posts back. */
export type WorkerEvent =
  /** Work done so far; `total` is absent when it is not known in advance. */
  | { type: 'progress'; done: number; total?: number; message: string }
  /**
   * One training epoch finished. `positions` is `[sample, 3]` in `[0, 1]^3` for the live view,
   * `sample` the `[sample]` 0-based training records they belong to.
   */
  | { type: 'epoch'; report: EpochReport; positions?: Float32Array; sample?: Int32Array }
  /** A line for the log channel. */
  | { type: 'log'; level: LogLevel; message: string }
  /** The job's answer; the last message. */
  | { type: 'result'; result: JobResults[JobKind] }
  /** The job failed; the last message. `location` is set for an InputError. */
  | { type: 'error'; message: string; name: string; location?: InputLocation };

/** What the caller posts to a running worker. */
export type HostMessage =
  /** Stop as soon as possible, leaving no output behind. */
  { type: 'cancel' };

/** The `workerData` every worker starts with. */
export interface WorkerStart {
  job: Job;
}

/**
 * The distinct ArrayBuffers under `value` (typed arrays in objects and arrays, a few levels deep),
 * for a `postMessage` transfer list. A view onto part of a larger buffer is left to be copied, so
 * that transferring it cannot detach memory that something else still uses.
 */
export function transferablesOf(value: unknown, depth = 4): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  collect(value, depth, buffers);
  return [...buffers];
}

function collect(value: unknown, depth: number, buffers: Set<ArrayBuffer>): void {
  if (value === null || typeof value !== 'object') return;

  if (ArrayBuffer.isView(value)) {
    const whole = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength;
    if (whole && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    return;
  }

  if (depth === 0) return;
  const children = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) collect(child, depth - 1, buffers);
}
