import { isUtf8 } from 'node:buffer';

/** The first byte of a file that is not UTF-8 text, and what is wrong with it. */
export interface ByteProblem {
  /** Absolute byte offset in the file. */
  offset: number;
  problem: string;
}

const NUL = 0x00;

/**
 * Checks a file's bytes as they stream past: csv-parse would silently turn invalid UTF-8 into
 * replacement characters and keep NUL bytes inside fields, so both are caught here instead and
 * remembered by their offset, for the reader to report at the record that holds them.
 */
export class ByteChecker {
  /** The first problem found, if any; later ones are not looked for. */
  problem: ByteProblem | undefined;

  /** Bytes at the end of the previous chunk that start a character the chunk did not finish. */
  private carry: Buffer = Buffer.alloc(0);
  /** Absolute offset of `carry[0]`. */
  private offset = 0;

  /** Checks the next chunk of the file. */
  scan(chunk: Buffer): void {
    if (this.problem) return;
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const complete = completeLength(bytes);
    const body = bytes.subarray(0, complete);

    const nul = body.indexOf(NUL);
    if (nul >= 0) {
      this.problem = {
        offset: this.offset + nul,
        problem:
          'the file holds a NUL byte, so it is not a text CSV (it may be binary, or UTF-16). ' +
          'Save it as UTF-8 text.',
      };
      return;
    }
    if (!isUtf8(body)) {
      const at = Math.min(firstInvalidUtf8(body), body.length - 1);
      this.problem = invalidAt(this.offset + at, body[at]);
      return;
    }

    this.carry = Buffer.from(bytes.subarray(complete));
    this.offset += complete;
  }

  /** Call at the end of the file: a character cut off by the end is invalid too. */
  finish(): void {
    if (!this.problem && this.carry.length > 0) {
      this.problem = invalidAt(this.offset, this.carry[0]);
    }
  }
}

function invalidAt(offset: number, byte: number): ByteProblem {
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  return {
    offset,
    problem:
      `byte 0x${hex} at offset ${offset} is not valid UTF-8. The file may be in another ` +
      'encoding (Latin-1, Windows-1252); save it as UTF-8.',
  };
}

/** Bytes needed after a lead byte: 1 to 3, or 0 for a byte that cannot start a character. */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

/** Length of `bytes` without a last character whose continuation bytes have not arrived yet. */
function completeLength(bytes: Buffer): number {
  const lookBack = Math.max(0, bytes.length - 3);
  for (let at = bytes.length - 1; at >= lookBack; at -= 1) {
    const byte = bytes[at];
    if ((byte & 0xc0) === 0x80) continue;
    const needed = continuationCount(byte);
    return needed > 0 && at + 1 + needed > bytes.length ? at : bytes.length;
  }
  return bytes.length;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at];
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    const needed = continuationCount(lead);
    if (needed === 0) return at;

    // The second byte's range is narrower after E0, ED, F0 and F4.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let next = 1; next <= needed; next += 1) {
      const byte = bytes[at + next];
      const inRange = next === 1 ? byte >= low && byte <= high : (byte & 0xc0) === 0x80;
      if (byte === undefined || !inRange) return at;
    }
    at += needed + 1;
  }
  return bytes.length;
}
