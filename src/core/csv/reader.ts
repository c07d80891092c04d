import { createHash, Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { CsvError, Info, parse } from 'csv-parse';

import { CancelledError, InputError } from '../errors';
import { ByteChecker } from './byteCheck';
import { ByteWindow } from './byteWindow';
import { Delimiter, detectDelimiter } from './delimiter';
import { byteProblemError, MAX_RECORD_BYTES, parseError, ReadPosition } from './failure';

export { MAX_RECORD_BYTES } from './failure';

/** One record as read from the file, with where it sits there. */
export interface CsvRecord {
  /** Unquoted values, as many as the header has columns. */
  fields: string[];
  /** 0-based record number; the header is not a record. */
  index: number;
  /** Byte offset of the record's first byte. */
  offset: number;
  /** Byte offset just past the record's text, before its line terminator. */
  end: number;
  /** 1-based editor line of the record's first line. */
  line: number;
}

export interface CsvReadOptions {
  signal?: AbortSignal;
  /** Called every few thousand records with the records and bytes read so far. */
  onProgress?: (records: number, bytes: number) => void;
  /** Hash the file's bytes while reading; see `CsvReader.sha256`. */
  hash?: boolean;
}

interface ParsedItem {
  record: string[];
  info: Info;
}

/** The first bytes of a file and its size when it was opened. */
interface FileStart {
  bytes: Buffer;
  size: number;
}

const DETECTION_BYTES = 64 * 1024;
const CHECK_EVERY = 1024;
const PROGRESS_EVERY = 8192;

/**
 * Streams a CSV file record by record with csv-parse: header first, delimiter detected from the
 * first bytes, BOM and CRLF handled, quoted fields may span lines. Never holds the whole file.
 * Bytes that are not UTF-8 text, records over `MAX_RECORD_BYTES` and a file that changes size
 * while it is read are InputErrors naming the line and column.
 */
export class CsvReader {
  readonly file: string;
  readonly delimiter: Delimiter;

  private names: string[] = [];
  private readonly items: AsyncIterator<ParsedItem>;
  private readonly window = new ByteWindow();
  private readonly checker = new ByteChecker();
  private readonly hash: Hash | undefined;
  private readonly options: CsvReadOptions;
  private readonly stream: NodeJS.ReadableStream & { destroy(): void };
  private readonly size: number;
  private previousEnd = 0;
  private newlinesBeforePreviousEnd = 0;

  private constructor(file: string, start: FileStart, options: CsvReadOptions) {
    this.file = file;
    this.delimiter = detectDelimiter(stripBom(start.bytes));
    this.options = options;
    this.size = start.size;
    this.hash = options.hash ? createHash('sha256') : undefined;

    const { window, checker, hash } = this;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        window.append(chunk);
        hash?.update(chunk);
        checker.scan(chunk);
        done(null, chunk);
      },
      flush(done) {
        checker.finish();
        done();
      },
    });
    const parser = parse({
      delimiter: this.delimiter,
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Named rather than discovered: discovery costs a search per byte until the first line
      // break, which makes a long first line (a file without line breaks) very slow to refuse.
      record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: MAX_RECORD_BYTES,
    });
    pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), tap, parser, () => {
      // Errors reach the reader through the parser's iterator.
    });
    this.items = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedItem>;
    this.stream = parser;
  }

  /** Opens the file and reads its header; the records follow from `records()`. */
  static async open(file: string, options: CsvReadOptions = {}): Promise<CsvReader> {
    const start = await readStart(file);
    checkEncoding(file, start.bytes);

    const reader = new CsvReader(file, start, options);
    try {
      await reader.readHeader();
    } catch (error) {
      reader.close();
      throw error;
    }
    return reader;
  }

  /** Header names, trimmed, in file order. */
  get header(): string[] {
    return this.names;
  }

  /** The records after the header, in file order. Ragged records throw an InputError. */
  async *records(): AsyncGenerator<CsvRecord> {
    const { signal, onProgress } = this.options;
    let index = 0;
    try {
      for (;;) {
        const next = await this.nextItem();
        if (next.done) break;

        const record = this.locate(next.value, index);
        if (record.fields.length !== this.header.length) this.throwRagged(record);
        yield record;
        index += 1;

        if (index % CHECK_EVERY === 0 && signal?.aborted) throw new CancelledError('reading');
        if (index % PROGRESS_EVERY === 0) onProgress?.(index, this.previousEnd);
      }
      this.checkUnchanged();
      onProgress?.(index, this.previousEnd);
    } finally {
      this.close();
    }
  }

  /** Hex SHA-256 of the file's bytes; only once `records()` has run to the end with `hash`. */
  sha256(): string {
    if (!this.hash) throw new Error('The reader was opened without hashing.');
    return this.hash.digest('hex');
  }

  /** Runs a check of the header before reading on, closing the reader if the check throws. */
  checked<T>(check: (header: string[]) => T): T {
    try {
      return check(this.header);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Stops reading; safe to call more than once. */
  close(): void {
    this.stream.destroy();
  }

  private async readHeader(): Promise<void> {
    const first = await this.nextItem();
    if (first.done) {
      throw new InputError({ file: this.file, line: 1, column: '1' }, 'the file is empty.');
    }
    this.names = checkHeader(this.file, first.value.record);
    this.previousEnd = first.value.info.bytes;
    this.newlinesBeforePreviousEnd = this.window.countNewlines(0, this.previousEnd);
  }

  /**
   * The parser's next record. Bad bytes inside it, and parse errors, become InputErrors at
   * their line and column.
   */
  private async nextItem(): Promise<IteratorResult<ParsedItem>> {
    let next: IteratorResult<ParsedItem>;
    try {
      next = await this.items.next();
    } catch (error) {
      const problem = this.checker.problem;
      if (problem) throw byteProblemError(this.position(), problem);
      throw error instanceof CsvError ? parseError(this.position(), error) : error;
    }

    const problem = this.checker.problem;
    const reached = next.done ? Number.POSITIVE_INFINITY : next.value.info.bytes;
    if (problem && problem.offset < reached) throw byteProblemError(this.position(), problem);
    return next;
  }

  private position(): ReadPosition {
    return {
      file: this.file,
      header: this.names,
      delimiter: this.delimiter,
      window: this.window,
      from: this.previousEnd,
      newlinesBefore: this.newlinesBeforePreviousEnd,
    };
  }

  /** Works out the record's start, end and line from the parser's byte count. */
  private locate(item: ParsedItem, index: number): CsvRecord {
    const recordEnd = item.info.bytes;
    const offset = this.window.skipLineBreaks(this.previousEnd, recordEnd);
    const newlinesBefore =
      this.newlinesBeforePreviousEnd + this.window.countNewlines(this.previousEnd, offset);
    const end = this.window.trimTerminator(offset, recordEnd);

    this.newlinesBeforePreviousEnd = newlinesBefore + this.window.countNewlines(offset, recordEnd);
    this.previousEnd = recordEnd;
    this.window.discardBefore(recordEnd);
    return { fields: item.record, index, offset, end, line: newlinesBefore + 1 };
  }

  /** Reading to the end must have seen as many bytes as the file held when it was opened. */
  private checkUnchanged(): void {
    const read = this.window.end;
    if (read === this.size) return;
    const problem =
      `the file changed while it was being read: it held ${this.size} bytes when opened and ` +
      `${read} when read to the end. Read it again once nothing is writing to it.`;
    throw new InputError({ file: this.file }, problem);
  }

  private throwRagged(record: CsvRecord): never {
    const found = record.fields.length;
    const expected = this.header.length;
    const column = found < expected ? this.header[found] : String(expected + 1);
    throw new InputError(
      { file: this.file, line: record.line, column },
      `the record has ${found} fields but the header has ${expected} columns.`,
    );
  }
}

async function readStart(file: string): Promise<FileStart> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputError({ file }, `the file cannot be opened (${describeError(error)}).`);
  }
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(DETECTION_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, DETECTION_BYTES, 0);
    return { bytes: buffer.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

/** An empty file, or one in UTF-16, gets a clear error before any parsing. */
function checkEncoding(file: string, firstBytes: Buffer): void {
  const utf16 =
    (firstBytes[0] === 0xff && firstBytes[1] === 0xfe) ||
    (firstBytes[0] === 0xfe && firstBytes[1] === 0xff);
  if (utf16) {
    throw new InputError(
      { file, line: 1, column: '1' },
      'the file is UTF-16 encoded; save it as UTF-8 to read it.',
    );
  }
  if (
    firstBytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  ) {
    throw new InputError({ file, line: 1, column: '1' }, 'the file is empty.');
  }
}

function stripBom(bytes: Buffer): Buffer {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return hasBom ? bytes.subarray(3) : bytes;
}

/** Trims the names; an empty or repeated name is an error, since columns are found by name. */
function checkHeader(file: string, names: string[]): string[] {
  const header = names.map((name) => name.trim());
  const seen = new Map<string, number>();
  header.forEach((name, position) => {
    if (name === '') {
      throw new InputError(
        { file, line: 1, column: String(position + 1) },
        `the header has an empty name for column ${position + 1}.`,
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new InputError(
        { file, line: 1, column: name },
        `the header names "${name}" twice (columns ${earlier + 1} and ${position + 1}).`,
      );
    }
    seen.set(name, position);
  });
  return header;
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : String(error);
}
