/**
 * Where in a user's file a problem sits. `line` is the 1-based editor line, `column` the
 * header name of the column (or its 1-based position when the file has no such header).
 */
export interface InputLocation {
  file: string;
  line?: number;
  column?: string;
}

/**
 * A problem with the user's input: a CSV, a model bundle, a setting. Its message always names the
 * file, and the line and column where there is one, so that the user can go straight to it.
 */
export class InputError extends Error {
  readonly location: InputLocation;

  constructor(location: InputLocation, problem: string) {
    super(`${describeLocation(location)}: ${problem}`);
    this.name = 'InputError';
    this.location = location;
  }
}

/** `file.csv, line 812, column src_bytes`, leaving out the parts that are unknown. */
export function describeLocation(location: InputLocation): string {
  const parts = [location.file];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  return parts.join(', ');
}

/** Thrown when the user cancels a long job; callers treat it as a quiet stop, not a failure. */
export class CancelledError extends Error {
  constructor(what = 'operation') {
    super(`The ${what} was cancelled.`);
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}
