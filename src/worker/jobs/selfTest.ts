/** Failure modes for the client's tests: none of the extension's commands sends this job. */

import { CancelledError } from '../../core/errors';
import type { JobContext } from '../context';
import type { SelfTestJob, SelfTestResult } from '../protocol';

export async function runSelfTest(job: SelfTestJob, context: JobContext): Promise<SelfTestResult> {
  switch (job.action) {
    case 'echo':
      return { action: job.action, payload: job.payload };

    case 'exit':
      process.exit(1);
      break;

    case 'exhaustMemory':
      exhaustMemory();
      break;

    case 'waitForCancel':
      context.progress(0, undefined, 'waiting for cancel');
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      throw new CancelledError('self-test job');

    case 'ignoreCancel':
      context.progress(0, undefined, 'ignoring cancel');
      await new Promise(() => setInterval(() => undefined, 1000));
      break;
  }
  return { action: job.action };
}

/** Keeps small objects reachable until the heap limit is hit. */
function exhaustMemory(): void {
  const kept: number[][] = [];
  for (;;) kept.push(Array.from({ length: 1024 }, (_, index) => index));
}
