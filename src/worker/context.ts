/** What a job handler gets from the worker: the cancel signal and ways to report back. */

import type { EpochReport } from '../core/types';
import type { LogLevel } from './protocol';

export interface JobContext {
  /** Fires when the caller cancels; handlers pass it down and leave no output behind. */
  signal: AbortSignal;
  progress(done: number, total: number | undefined, message: string): void;
  /** `positions` is `[sample, 3]`, `sample` the `[sample]` training records they show. */
  epoch(report: EpochReport, positions?: Float32Array, sample?: Int32Array): void;
  log(level: LogLevel, message: string): void;
}
