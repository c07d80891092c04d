const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The bytes of a stream between the last record handed out and what the parser has been fed:
 * enough to find where each record starts and ends and which line it is on, without holding the
 * file. Offsets are absolute positions in the file.
 */
export class ByteWindow {
  private chunks: Buffer[] = [];
  /** Absolute offset of `chunks[0][0]`. */
  private start = 0;
  private length = 0;

  /** Absolute offset one past the last byte appended. */
  get end(): number {
    return this.start + this.length;
  }

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The byte at an absolute offset, or -1 outside the window. */
  byteAt(offset: number): number {
    let position = offset - this.start;
    if (position < 0) return -1;
    for (const chunk of this.chunks) {
      if (position < chunk.length) return chunk[position];
      position -= chunk.length;
    }
    return -1;
  }

  /** A copy of the bytes in `[from, to)`, clipped to the window. */
  slice(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let chunkStart = this.start;
    for (const chunk of this.chunks) {
      const chunkEnd = chunkStart + chunk.length;
      if (chunkEnd > from && chunkStart < to) {
        parts.push(
          chunk.subarray(
            Math.max(from, chunkStart) - chunkStart,
            Math.min(to, chunkEnd) - chunkStart,
          ),
        );
      }
      chunkStart = chunkEnd;
    }
    return Buffer.concat(parts);
  }

  /** First offset at or after `from` (and before `to`) whose byte is not CR or LF. */
  skipLineBreaks(from: number, to: number): number {
    let offset = from;
    while (offset < to) {
      const byte = this.byteAt(offset);
      if (byte !== NEWLINE && byte !== CARRIAGE_RETURN) break;
      offset += 1;
    }
    return offset;
  }

  /** Offset just past the record text that ends at `end`, before its CRLF or LF terminator. */
  trimTerminator(from: number, end: number): number {
    let offset = end;
    if (offset > from && this.byteAt(offset - 1) === NEWLINE) offset -= 1;
    if (offset > from && this.byteAt(offset - 1) === CARRIAGE_RETURN) offset -= 1;
    return offset;
  }

  /**
   * How many LF bytes lie in `[from, to)`.
   * Limitation: lines end at LF only; in a file with old Mac CR-only line endings every record
   * reports line 1, although the records themselves are read correctly.
   */
  countNewlines(from: number, to: number): number {
    let count = 0;
    let chunkStart = this.start;
    for (const chunk of this.chunks) {
      const chunkEnd = chunkStart + chunk.length;
      if (chunkEnd > from && chunkStart < to) {
        const stop = Math.min(to, chunkEnd) - chunkStart;
        let position = Math.max(from, chunkStart) - chunkStart;
        for (;;) {
          const found = chunk.indexOf(NEWLINE, position);
          if (found < 0 || found >= stop) break;
          count += 1;
          position = found + 1;
        }
      }
      chunkStart = chunkEnd;
      if (chunkStart >= to) break;
    }
    return count;
  }

  /** Forgets whole chunks that end at or before `offset`. */
  discardBefore(offset: number): void {
    while (this.chunks.length > 1 && this.start + this.chunks[0].length <= offset) {
      const first = this.chunks.shift() as Buffer;
      this.start += first.length;
      this.length -= first.length;
    }
  }
}
