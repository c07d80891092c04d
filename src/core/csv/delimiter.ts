/** The field separators a record can use, in order of preference when counts tie. */
export const DELIMITERS = [',', ';', '\t'] as const;

export type Delimiter = (typeof DELIMITERS)[number];

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Picks the delimiter of a CSV from its first bytes: the candidate seen most often in the header
 * line, outside quotes. A header with none of them is a single column, read as comma-separated.
 */
export function detectDelimiter(firstBytes: Uint8Array): Delimiter {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;

  for (const byte of firstBytes) {
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && (byte === NEWLINE || byte === CARRIAGE_RETURN)) break;
    else if (!quoted && counts.has(byte)) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  }

  let best: Delimiter = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = counts.get(delimiter.charCodeAt(0)) ?? 0;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}
