/**
 * The log line a job posts just before its result: how many tensors the worker still holds. A
 * finished job should hold none beyond what its backend keeps, so a count that grows from job to
 * job is a leak. Free of TensorFlow.js, so that the extension host can read it back.
 */

const PREFIX = 'tensors held at the end of the job: ';

/** The log line for `count` tensors. */
export function describeTensorCount(count: number): string {
  return `${PREFIX}${count}`;
}

/** The count a `describeTensorCount` line holds, or undefined for any other line. */
export function readTensorCount(message: string): number | undefined {
  if (!message.startsWith(PREFIX)) return undefined;
  const count = Number(message.slice(PREFIX.length));
  return Number.isInteger(count) ? count : undefined;
}
