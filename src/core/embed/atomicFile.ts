/**
 * A file written beside its target under a hidden temporary name and renamed into place only when
 * complete, so that a failed or cancelled run never leaves a partial output.
 */

import { randomBytes } from 'crypto';
import { createWriteStream, promises as fs, type WriteStream } from 'fs';
import * as path from 'path';
import { once } from 'events';

export class AtomicFile {
  readonly target: string;
  readonly temporary: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(target: string) {
    this.target = path.resolve(target);
    const suffix = randomBytes(4).toString('hex');
    const name = `.${path.basename(this.target)}.${suffix}.tmp`;
    this.temporary = path.join(path.dirname(this.target), name);
    this.stream = createWriteStream(this.temporary);
    this.stream.on('error', (error) => (this.failure = error));
  }

  /** Appends `text`, waiting when the disk falls behind so memory stays flat. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Flushes, closes and renames the file into place. */
  async commit(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    await fs.rename(this.temporary, this.target);
  }

  /** Closes and deletes the temporary file; the target is left as it was. */
  async discard(): Promise<void> {
    if (!this.stream.closed) {
      // Not `once(stream, 'close')`: it rejects on the error that destroy() may emit.
      const closed = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
      this.stream.destroy();
      await closed;
    }
    await fs.rm(this.temporary, { force: true });
  }
}

/** Writes `text` to `target` through a temporary file. */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const file = new AtomicFile(target);
  try {
    await file.write(text);
    await file.commit();
  } catch (error) {
    // The write's own error is what the caller needs, even when deleting the leftover fails.
    await file.discard().catch(() => undefined);
    throw error;
  }
}
