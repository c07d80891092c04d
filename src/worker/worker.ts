/**
 * The worker thread's entry (built to `dist/worker.js`): runs the one job in `workerData`, posts
 * its events, and ends with a `result` or an `error`. One job per worker, so a crash or an
 * out-of-memory stop costs that job only.
 */

import * as os from 'os';
import { parentPort, workerData } from 'worker_threads';

import { InputError } from '../core/errors';
import type { JobContext } from './context';
import { runEmbedJob } from './jobs/embed';
import { runInspectJob } from './jobs/inspect';
import { runLoadEmbeddingsJob } from './jobs/loadEmbeddings';
import { runSelfTest } from './jobs/selfTest';
import { runTrainJob } from './jobs/train';
import { runValidateBundleJob } from './jobs/validateBundle';
import {
  transferablesOf,
  type HostMessage,
  type Job,
  type JobResults,
  type WorkerEvent,
  type WorkerStart,
} from './protocol';

function post(event: WorkerEvent, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(event, transfer);
}

function createContext(signal: AbortSignal): JobContext {
  return {
    signal,
    progress: (done, total, message) => post({ type: 'progress', done, total, message }),
    epoch: (report, positions, sample) =>
      post({ type: 'epoch', report, positions, sample }, transferablesOf([positions, sample])),
    log: (level, message) => post({ type: 'log', level, message }),
  };
}

function dispatch(job: Job, context: JobContext): Promise<JobResults[Job['kind']]> {
  switch (job.kind) {
    case 'inspect':
      return runInspectJob(job, context);
    case 'train':
      return runTrainJob(job, context);
    case 'embed':
      return runEmbedJob(job, context);
    case 'loadEmbeddings':
      return runLoadEmbeddingsJob(job, context);
    case 'validateBundle':
      return runValidateBundleJob(job, context);
    case 'selfTest':
      return runSelfTest(job, context);
  }
}

/** Nice value of a worker thread: heavy work yields the cores to the editor when both want them. */
const WORKER_NICENESS = 10;

/**
 * Lowers this thread's scheduling priority. On Linux the nice value belongs to the thread, so
 * the extension host's own thread keeps its priority.
 */
function yieldToEditor(): void {
  try {
    os.setPriority(0, WORKER_NICENESS);
  } catch {
    // Limitation: where the platform refuses, the worker runs at the editor's priority.
  }
}

async function main(): Promise<void> {
  yieldToEditor();
  const { job } = workerData as WorkerStart;
  const controller = new AbortController();
  parentPort?.on('message', (message: HostMessage) => {
    if (message.type === 'cancel') controller.abort();
  });

  try {
    const result = await dispatch(job, createContext(controller.signal));
    post({ type: 'result', result }, transferablesOf(result));
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const location = error instanceof InputError ? error.location : undefined;
    post({ type: 'error', message: error.message, name: error.name, location });
  }

  // The cancel listener would keep the thread alive; the caller also terminates it.
  parentPort?.close();
}

if (parentPort) void main();
