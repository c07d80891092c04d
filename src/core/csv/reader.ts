import { createHash, Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { CsvError, Info, parse } from 'csv-parse';

import { CancelledError, InputError } from '../errors';
import { ByteWindow } from './byteWindow';
import { Delimiter, detectDelimiter } from './delimiter';

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

const DETECTION_BYTES = 64 * 1024;
const CHECK_EVERY = 1024;
const PROGRESS_EVERY = 8192;

/**
 * Streams a CSV file record by record with csv-parse: header first, delimiter detected from the
 * first bytes, BOM and CRLF handled, quoted fields may span lines. Never holds the whole file.
 */
export class CsvReader {
  readonly file: string;
  readonly header: string[];
  readonly delimiter: Delimiter;

  private readonly items: AsyncIterator<ParsedItem>;
  private readonly window: ByteWindow;
  private readonly hash: Hash | undefined;
  private readonly options: CsvReadOptions;
  private readonly stream: NodeJS.ReadableStream & { destroy(): void };
  private previousEnd: number;
  private newlinesBeforePreviousEnd: number;

  private constructor(
    file: string,
    delimiter: Delimiter,
    options: CsvReadOptions,
    header: string[],
    parts: {
      items: AsyncIterator<ParsedItem>;
      window: ByteWindow;
      hash: Hash | undefined;
      stream: NodeJS.ReadableStream & { destroy(): void };
      headerEnd: number;
      headerNewlines: number;
    },
  ) {
    this.file = file;
    this.delimiter = delimiter;
    this.options = options;
    this.header = header;
    this.items = parts.items;
    this.window = parts.window;
    this.hash = parts.hash;
    this.stream = parts.stream;
    this.previousEnd = parts.headerEnd;
    this.newlinesBeforePreviousEnd = parts.headerNewlines;
  }

  /** Opens the file and reads its header; the records follow from `records()`. */
  static async open(file: string, options: CsvReadOptions = {}): Promise<CsvReader> {
    const firstBytes = await readFirstBytes(file);
    if (
      firstBytes
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim() === ''
    ) {
      throw new InputError({ file, line: 1, column: '1' }, 'the file is empty.');
    }
    const delimiter = detectDelimiter(stripBom(firstBytes));

    const window = new ByteWindow();
    const hash = options.hash ? createHash('sha256') : undefined;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        window.append(chunk);
        hash?.update(chunk);
        done(null, chunk);
      },
    });
    const parser = parse({
      delimiter,
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
    pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), tap, parser, () => {
      // Errors reach the reader through the parser's iterator.
    });
    const items = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedItem>;

    let first: IteratorResult<ParsedItem>;
    try {
      first = await items.next();
    } catch (error) {
      parser.destroy();
      throw toInputError(error, file, 1, []);
    }
    if (first.done) throw new InputError({ file, line: 1, column: '1' }, 'the file is empty.');

    let header: string[];
    try {
      header = checkHeader(file, first.value.record);
    } catch (error) {
      parser.destroy();
      throw error;
    }
    const headerEnd = first.value.info.bytes;
    const parts = {
      items,
      window,
      hash,
      stream: parser,
      headerEnd,
      headerNewlines: window.countNewlines(0, headerEnd),
    };
    return new CsvReader(file, delimiter, options, header, parts);
  }

  /** The records after the header, in file order. Ragged records throw an InputError. */
  async *records(): AsyncGenerator<CsvRecord> {
    const { signal, onProgress } = this.options;
    let index = 0;
    try {
      for (;;) {
        let next: IteratorResult<ParsedItem>;
        try {
          next = await this.items.next();
        } catch (error) {
          throw toInputError(error, this.file, this.nextLine(), this.header);
        }
        if (next.done) break;

        const record = this.locate(next.value, index);
        if (record.fields.length !== this.header.length) this.throwRagged(record);
        yield record;
        index += 1;

        if (index % CHECK_EVERY === 0 && signal?.aborted) throw new CancelledError('reading');
        if (index % PROGRESS_EVERY === 0) onProgress?.(index, this.previousEnd);
      }
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

  /** The line the next record starts on, as far as the bytes seen so far tell. */
  private nextLine(): number {
    const offset = this.window.skipLineBreaks(this.previousEnd, this.window.end);
    return this.newlinesBeforePreviousEnd + this.window.countNewlines(this.previousEnd, offset) + 1;
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

async function readFirstBytes(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputError({ file }, `the file cannot be opened (${describeError(error)}).`);
  }
  try {
    const buffer = Buffer.alloc(DETECTION_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, DETECTION_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
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

/** csv-parse errors become InputErrors at the record's line; others pass through. */
function toInputError(error: unknown, file: string, line: number, header: string[]): unknown {
  if (!(error instanceof CsvError)) return error;
  const position = (error as CsvError & { column?: unknown }).column;
  const column = typeof position === 'number' ? (header[position] ?? String(position + 1)) : '1';
  return new InputError({ file, line, column }, `the CSV cannot be parsed: ${error.message}`);
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : String(error);
}
