import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

import { Delimiter } from './delimiter';

/** A record index as plain data, for `postMessage`: the typed arrays can be transferred. */
export interface RecordIndexTransfer {
  file: string;
  header: string[];
  delimiter: Delimiter;
  /** `[count]` byte offset where each record starts. */
  offsets: Float64Array;
  /** `[count]` 1-based editor line of each record's first line. */
  lines: Int32Array;
  /** `[count]` byte offset just past each record's text, before its line terminator. */
  ends?: Float64Array;
}

/**
 * Where each record of a CSV sits in its file, so that one record can be read back from disk
 * (for the cluster view's record panel) without holding the file in memory.
 */
export class RecordIndex {
  readonly file: string;
  readonly header: string[];
  readonly delimiter: Delimiter;
  private readonly offsets: Float64Array;
  private readonly lines: Int32Array;
  private readonly ends: Float64Array | undefined;

  constructor(transfer: RecordIndexTransfer) {
    this.file = transfer.file;
    this.header = transfer.header;
    this.delimiter = transfer.delimiter;
    this.offsets = transfer.offsets;
    this.lines = transfer.lines;
    this.ends = transfer.ends;
  }

  static fromTransfer(transfer: RecordIndexTransfer): RecordIndex {
    return new RecordIndex(transfer);
  }

  get count(): number {
    return this.offsets.length;
  }

  /** 1-based editor line where record `i` (0-based) starts. */
  lineOf(i: number): number {
    return this.lines[this.checked(i)];
  }

  /** Byte offset where record `i` starts. */
  offsetOf(i: number): number {
    return this.offsets[this.checked(i)];
  }

  /** The exact source text of record `i`, without its line terminator. */
  async readRaw(i: number): Promise<string> {
    const start = this.offsetOf(i);
    const handle = await open(this.file, 'r');
    try {
      const end = this.endOf(i) ?? (await handle.stat()).size;
      const bytes = Buffer.alloc(end - start);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(
          bytes,
          filled,
          bytes.length - filled,
          start + filled,
        );
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return trimLineBreaks(bytes.subarray(0, filled).toString('utf8'));
    } finally {
      await handle.close();
    }
  }

  /** The fields of record `i`, unquoted, in header order. */
  async readFields(i: number): Promise<string[]> {
    const raw = await this.readRaw(i);
    const rows = parse(raw, { delimiter: this.delimiter, relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  }

  toTransfer(): RecordIndexTransfer {
    return {
      file: this.file,
      header: this.header,
      delimiter: this.delimiter,
      offsets: this.offsets,
      lines: this.lines,
      ends: this.ends,
    };
  }

  /** Where record `i`'s text ends: stored, or where the next record starts, or the file's end. */
  private endOf(i: number): number | undefined {
    if (this.ends) return this.ends[i];
    if (i + 1 < this.count) return this.offsets[i + 1];
    return undefined;
  }

  private checked(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new RangeError(`Record ${i} is outside 0..${this.count - 1} of ${this.file}.`);
    }
    return i;
  }
}

/** Without stored ends the text runs up to the next record: drop the blank lines in between. */
function trimLineBreaks(text: string): string {
  return text.replace(/[\r\n]+$/, '');
}

/** Collects record positions while streaming, growing its arrays by doubling. */
export class RecordIndexBuilder {
  private offsets = new Float64Array(1024);
  private ends = new Float64Array(1024);
  private lines = new Int32Array(1024);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(offset: number, end: number, line: number): void {
    if (this.size === this.offsets.length) this.grow();
    this.offsets[this.size] = offset;
    this.ends[this.size] = end;
    this.lines[this.size] = line;
    this.size += 1;
  }

  finish(file: string, header: string[], delimiter: Delimiter): RecordIndex {
    return new RecordIndex({
      file,
      header,
      delimiter,
      offsets: this.offsets.slice(0, this.size),
      lines: this.lines.slice(0, this.size),
      ends: this.ends.slice(0, this.size),
    });
  }

  private grow(): void {
    const capacity = this.offsets.length * 2;
    const offsets = new Float64Array(capacity);
    const ends = new Float64Array(capacity);
    const lines = new Int32Array(capacity);
    offsets.set(this.offsets);
    ends.set(this.ends);
    lines.set(this.lines);
    this.offsets = offsets;
    this.ends = ends;
    this.lines = lines;
  }
}
