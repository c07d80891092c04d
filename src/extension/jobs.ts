import * as path from 'path';
import * as vscode from 'vscode';

import { CancelledError, InputError } from '../core/errors';
import type { EpochReport } from '../core/types';
import { JobHooks, runJob } from '../worker/client';
import type { JobKind, JobOf, JobResults } from '../worker/protocol';

/** Everything a command needs to run heavy work off the extension host's event loop. */
export interface JobRunner {
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
}

/** A runner whose workers are `worker.js` beside the extension's bundle. */
export function createJobRunner(log: vscode.LogOutputChannel, extensionPath: string): JobRunner {
  const workerFile = path.join(extensionPath, 'dist', 'worker.js');

  return {
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
          const hooks: JobHooks = {
            signal: controller.signal,
            onLog: (level, message) => log[level](message),
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

          try {
            log.info(`${title}: started (${job.kind})`);
            const result = await runJob(workerFile, job, hooks);
            log.info(`${title}: done`);
            return result;
          } catch (error) {
            if (error instanceof CancelledError) {
              log.info(`${title}: cancelled, nothing was written`);
              return undefined;
            }
            throw error;
          } finally {
            subscriptions.forEach((subscription) => subscription.dispose());
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
