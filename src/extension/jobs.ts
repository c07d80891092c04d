import * as path from 'path';
import * as vscode from 'vscode';

import { CancelledError, InputError } from '../core/errors';
import type { EpochReport } from '../core/types';
import { JobHooks, runJob } from '../worker/client';
import { readTensorCount } from '../worker/jobs/tensorCount';
import type { JobKind, JobOf, JobResults } from '../worker/protocol';

/** A job whose worker thread is running now. */
export interface RunningJob {
  kind: JobKind;
  /** The progress notification's title, without the extension's name. */
  title: string;
  /** Ends the worker at once, as a crash would: the job fails and its command says so. */
  terminate(): Promise<void>;
}

/** How a job ended. */
export interface FinishedJob {
  kind: JobKind;
  title: string;
  status: 'done' | 'cancelled' | 'failed';
  seconds: number;
  /** Tensors the worker still held just before it answered, when the job reports them. */
  tensors?: number;
}

/** Everything a command needs to run heavy work off the extension host's event loop. */
export interface JobRunner extends vscode.Disposable {
  /**
   * Runs `job` in a worker thread behind a cancellable progress notification titled `title`.
   * Resolves `undefined` when the user cancels (or `token` fires), so callers stop quietly.
   */
  run<K extends JobKind>(
    title: string,
    job: JobOf<K>,
    options?: {
      token?: vscode.CancellationToken;
      onEpoch?: JobHooks['onEpoch'];
    },
  ): Promise<JobResults[K] | undefined>;

  /** The jobs running now, oldest first. */
  running(): RunningJob[];

  /** Fires once for every job that ends, however it ends. */
  readonly onDidFinish: vscode.Event<FinishedJob>;
}

/** A runner whose workers are `worker.js` beside the extension's bundle. */
export function createJobRunner(log: vscode.LogOutputChannel, extensionPath: string): JobRunner {
  const workerFile = path.join(extensionPath, 'dist', 'worker.js');
  const running = new Set<RunningJob>();
  const finished = new vscode.EventEmitter<FinishedJob>();

  return {
    running: () => [...running],
    onDidFinish: finished.event,
    dispose() {
      for (const entry of running) void entry.terminate();
      finished.dispose();
    },

    run(title, job, options = {}) {
      const progressOptions = {
        location: vscode.ProgressLocation.Notification,
        title: `Siamese Lens: ${title}`,
        cancellable: true,
      };

      return Promise.resolve(
        vscode.window.withProgress(progressOptions, async (progress, userToken) => {
          const controller = new AbortController();
          const abort = (): void => controller.abort();
          const subscriptions = [userToken.onCancellationRequested(abort)];
          if (options.token) subscriptions.push(options.token.onCancellationRequested(abort));
          if (options.token?.isCancellationRequested) abort();

          let lastShare = 0;
          let entry: RunningJob | undefined;
          let tensors: number | undefined;
          const hooks: JobHooks = {
            signal: controller.signal,
            onStart: (worker) => {
              entry = { kind: job.kind, title, terminate: () => worker.terminate().then(() => {}) };
              running.add(entry);
            },
            onLog: (level, message) => {
              tensors = readTensorCount(message) ?? tensors;
              log[level](message);
            },
            onProgress: (done, total, message) => {
              const share = total ? Math.min(100, (100 * done) / total) : undefined;
              const increment = share === undefined ? undefined : share - lastShare;
              if (share !== undefined) lastShare = share;
              progress.report({ message, increment });
            },
            onEpoch: (report: EpochReport, positions, sample) => {
              log.debug(describeEpoch(report));
              options.onEpoch?.(report, positions, sample);
            },
          };

          const started = Date.now();
          let status: FinishedJob['status'] = 'failed';
          try {
            log.info(`${title}: started (${job.kind})`);
            const result = await runJob(workerFile, job, hooks);
            status = 'done';
            log.info(`${title}: done`);
            return result;
          } catch (error) {
            if (error instanceof CancelledError) {
              status = 'cancelled';
              log.info(`${title}: cancelled, nothing was written`);
              return undefined;
            }
            throw error;
          } finally {
            subscriptions.forEach((subscription) => subscription.dispose());
            if (entry) running.delete(entry);
            const seconds = (Date.now() - started) / 1000;
            finished.fire({ kind: job.kind, title, status, seconds, tensors });
          }
        }),
      );
    },
  };
}

function describeEpoch(report: EpochReport): string {
  return (
    `epoch ${report.epoch}/${report.epochs}: loss ${report.loss.toFixed(4)}, ` +
    `validation ${report.validationLoss.toFixed(4)}, ` +
    `zero-hinge ${(100 * report.zeroHingeShare).toFixed(1)}%, ` +
    `${Math.round(report.tripletsPerSecond)} triplets/s`
  );
}

/**
 * Shows a failed command's error to the user and logs it. Input errors already name the file,
 * line and column; anything else is reported with the command's name.
 */
export function reportFailure(log: vscode.LogOutputChannel, what: string, error: unknown): string {
  const message =
    error instanceof InputError || (error as Error)?.name === 'InputError'
      ? (error as Error).message
      : `${what} failed: ${(error as Error)?.message ?? String(error)}`;
  log.error(message);
  void vscode.window.showErrorMessage(message);
  return message;
}
