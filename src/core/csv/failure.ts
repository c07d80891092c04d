import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';

import { InputError } from '../errors';
import { ByteProblem } from './byteCheck';
import { ByteWindow } from './byteWindow';
import { Delimiter } from './delimiter';
import { followQuotes } from './position';

/**
 * Longest record the reader accepts, in bytes.
 * Limitation: a record longer than 16 MB is refused with an error naming its line, so that a file
 * without line breaks (or with a quote that never closes) cannot take the memory of a whole file.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** How far a reader has got: enough to place an error at a line and a column. */
export interface ReadPosition {
  file: string;
  /** Header names; empty while the header itself is being read. */
  header: string[];
  delimiter: Delimiter;
  window: ByteWindow;
  /** Offset where the bytes after the last record handed out begin. */
  from: number;
  /** LF bytes before `from`. */
  newlinesBefore: number;
}

/** The byte problem as an InputError at the line and column of the byte. */
export function byteProblemError(position: ReadPosition, problem: ByteProblem): InputError {
  const bytes = position.window.slice(position.from, problem.offset);
  const { end } = followQuotes(bytes, position.delimiter.charCodeAt(0));
  const line = position.newlinesBefore + end.newlines + 1;
  const column = columnName(position, line, end.field);
  return new InputError({ file: position.file, line, column }, problem.problem);
}

/** A csv-parse error as an InputError at the line and column it concerns. */
export function parseError(position: ReadPosition, error: CsvError): InputError {
  const { file, window } = position;
  const delimiter = position.delimiter.charCodeAt(0);

  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const scan = followQuotes(window.slice(position.from, window.end), delimiter);
    const quote = scan.openQuote ?? scan.end;
    const line = position.newlinesBefore + quote.newlines + 1;
    const column = columnName(position, line, quote.field);
    const problem =
      'a quoted field starts here and is never closed, so the file ends inside it. Add the ' +
      'closing quote (") or remove the opening one.';
    return new InputError({ file, line, column }, problem);
  }

  const context = error as CsvError & { lines?: unknown; column?: unknown };
  const line = typeof context.lines === 'number' ? context.lines : position.newlinesBefore + 1;
  const field = typeof context.column === 'number' ? context.column : 0;
  const column = columnName(position, line, field);
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    const problem =
      `the record is longer than ${MAX_RECORD_BYTES / (1024 * 1024)} MB ` +
      `(${MAX_RECORD_BYTES} bytes), the most one record may hold. Is this a CSV file with ` +
      'one record per line?';
    return new InputError({ file, line, column }, problem);
  }
  return new InputError({ file, line, column }, `the CSV cannot be parsed: ${error.message}`);
}

/** The header name of a field, or its 1-based position while the header is unknown. */
function columnName(position: ReadPosition, line: number, field: number): string {
  const header = position.header.length > 0 ? position.header : recoverHeader(position, line);
  return header[field] ?? String(field + 1);
}

/** When reading fails before the header was handed out, its names come from the bytes seen. */
function recoverHeader(position: ReadPosition, line: number): string[] {
  if (line === 1) return [];
  const { window } = position;
  const scan = followQuotes(window.slice(0, window.end), position.delimiter.charCodeAt(0));
  if (scan.firstRecordEnd === undefined) return [];
  try {
    const text = window.slice(0, scan.firstRecordEnd);
    const rows = parse(text, { delimiter: position.delimiter, bom: true, relax_quotes: true });
    return (rows[0] ?? []).map((name: string) => name.trim());
  } catch {
    return [];
  }
}
