/**
 * What `activate()` returns: other extensions (and the integration tests) reach it through
 * `vscode.extensions.getExtension('siamese-lens.siamese-lens').exports`.
 */
import type * as vscode from 'vscode';

import type { FinishedJob, JobRunner, RunningJob } from './jobs';

export type { FinishedJob, RunningJob } from './jobs';

export interface SiameseLensApi {
  /** The worker jobs running now (training, embedding, reading files), oldest first. */
  runningJobs(): RunningJob[];
  /** Fires when a worker job ends: done, cancelled or failed. */
  readonly onDidFinishJob: vscode.Event<FinishedJob>;
}

export function createApi(jobs: JobRunner): SiameseLensApi {
  return {
    runningJobs: () => jobs.running(),
    onDidFinishJob: jobs.onDidFinish,
  };
}
