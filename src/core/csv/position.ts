/** Where a byte sits relative to the start of the record a scan began at. */
export interface FieldPosition {
  /** LF bytes between the start of the scan and the byte. */
  newlines: number;
  /** 0-based field the byte is in, within its record. */
  field: number;
}

export interface QuoteScan {
  /** Position just past the last byte scanned. */
  end: FieldPosition;
  /** Where the quote sits that is still open at the end, if one is. */
  openQuote?: FieldPosition;
  /** Offset just past the first record's terminator, when the scan reaches it. */
  firstRecordEnd?: number;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Follows RFC 4180 quoting over `bytes`, which must start at the first byte of a record, to tell
 * which field and line a later byte is in. Used only to place an error, so it favours plainness
 * over speed.
 */
export function followQuotes(bytes: Uint8Array, delimiter: number): QuoteScan {
  let newlines = 0;
  let field = 0;
  let openQuote: FieldPosition | undefined;
  let firstRecordEnd: number | undefined;

  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte === NEWLINE) newlines += 1;

    if (openQuote) {
      if (byte === QUOTE && bytes[at + 1] === QUOTE) at += 1;
      else if (byte === QUOTE) openQuote = undefined;
    } else if (byte === QUOTE) {
      openQuote = { newlines, field };
    } else if (byte === delimiter) {
      field += 1;
    } else if (byte === NEWLINE) {
      field = 0;
      firstRecordEnd ??= at + 1;
    }
  }
  return { end: { newlines, field }, openQuote, firstRecordEnd };
}
