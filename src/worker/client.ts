/**
 * Runs one job in a fresh worker thread and turns its events into callbacks and a promise. Plain
 * Node: the extension, the CLI and the tests share it.
 */

import { Worker, type ResourceLimits } from 'worker_threads';

import { CancelledError, InputError } from '../core/errors';
import type { EpochReport } from '../core/types';
import { removeLeftovers } from './jobs/leftovers';
import type {
  HostMessage,
  JobKind,
  JobOf,
  JobResults,
  LogLevel,
  WorkerEvent,
  WorkerStart,
} from './protocol';

/** How long a cancelled worker may take to stop on its own before it is terminated. */
const DEFAULT_CANCEL_GRACE_MS = 3000;

export interface JobHooks {
  onProgress?: (done: number, total: number | undefined, message: string) => void;
  onEpoch?: (report: EpochReport, positions?: Float32Array, sample?: Int32Array) => void;
  onLog?: (level: LogLevel, message: string) => void;
  signal?: AbortSignal;
  /** Heap limits for the worker; exceeding them fails this job only. */
  resourceLimits?: ResourceLimits;
  cancelGraceMs?: number;
  /**
   * Called once the job's worker thread exists, so the caller can watch it or end it with
   * `worker.terminate()`; the job then rejects as a worker that stopped without an answer.
   */
  onStart?: (worker: Worker) => void;
}

/**
 * Starts `workerFile` (the built `worker.js`) on `job` and resolves with its result. Rejects with
 * CancelledError after `signal` fires, with InputError (location kept) for bad input, and with a
 * plain Error naming the job when the worker crashes or exits early.
 */
export function runJob<K extends JobKind>(
  workerFile: string,
  job: JobOf<K>,
  hooks: JobHooks = {},
): Promise<JobResults[K]> {
  const { signal } = hooks;
  if (signal?.aborted) return Promise.reject(new CancelledError(`${job.kind} job`));

  return new Promise<JobResults[K]>((resolve, reject) => {
    const start: WorkerStart = { job };
    const worker = new Worker(workerFile, {
      workerData: start,
      resourceLimits: hooks.resourceLimits,
    });
    let settled = false;
    let cancelled = false;
    let abandoned = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const startedAt = Date.now();

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      if (graceTimer) clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };

    // A worker that ends without an answer had no chance to remove its temporary files: stop
    // it for good, remove what it left, then reject.
    const abandon = (error: Error): void => {
      if (settled || abandoned) return;
      abandoned = true;
      if (graceTimer) clearTimeout(graceTimer);
      const reason = cancelled ? new CancelledError(`${job.kind} job`) : error;
      void worker
        .terminate()
        .then(() => removeLeftovers(job, startedAt))
        .finally(() => finish(() => reject(reason)));
    };

    const onAbort = (): void => {
      cancelled = true;
      const message: HostMessage = { type: 'cancel' };
      worker.postMessage(message);
      graceTimer = setTimeout(() => {
        abandon(new CancelledError(`${job.kind} job`));
      }, hooks.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (event: WorkerEvent) => {
      if (abandoned) return;
      switch (event.type) {
        case 'progress':
          hooks.onProgress?.(event.done, event.total, event.message);
          break;
        case 'epoch':
          hooks.onEpoch?.(event.report, event.positions, event.sample);
          break;
        case 'log':
          hooks.onLog?.(event.level, event.message);
          break;
        case 'result':
          finish(() => resolve(event.result as JobResults[K]));
          break;
        case 'error':
          finish(() => reject(rebuildError(event)));
          break;
      }
    });

    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'ran out of memory'
          : `crashed: ${error.message || String(error)}`;
      abandon(new Error(`The ${job.kind} job's worker ${reason}.`));
    });

    worker.on('exit', (code) => {
      abandon(new Error(`The ${job.kind} job's worker stopped without an answer (exit ${code}).`));
    });

    hooks.onStart?.(worker);
  });
}

/** The worker's error as the class the caller can test for, with the worker's message. */
function rebuildError(event: Extract<WorkerEvent, { type: 'error' }>): Error {
  let error: Error;
  if (event.name === 'CancelledError') error = new CancelledError();
  else if (event.name === 'InputError' && event.location) {
    error = new InputError(event.location, '');
  } else {
    error = new Error();
    error.name = event.name;
  }
  error.message = event.message;
  return error;
}
