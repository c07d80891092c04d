/** How a field's text reads as a value. */
export type ValueReading =
  | { kind: 'missing' }
  | { kind: 'number'; value: number }
  /** Written as a number but beyond `MAX_MAGNITUDE` (`1e400`, `-1e60`) or `Infinity`. */
  | { kind: 'out-of-range' }
  | { kind: 'text' };

/** Spellings of "no value" in exported KPI and log files, compared lower-case and trimmed. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', '?', 'null', 'none', '-']);

/** True when a field holds no value. */
export function isMissing(text: string): boolean {
  return MISSING.has(text.trim().toLowerCase());
}

/**
 * Largest magnitude read as a number.
 * Limitation: values beyond ±1e50 are read as out of range (missing, with a warning): the running
 * moments cube deviations, which would overflow float64 and turn the whole column into NaN.
 */
export const MAX_MAGNITUDE = 1e50;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INFINITY = /^[+-]?inf(inity)?$/i;

/** Reads a field as a number: decimal notation with an optional exponent, nothing else. */
export function readValue(text: string): ValueReading {
  const trimmed = text.trim();
  if (MISSING.has(trimmed.toLowerCase())) return { kind: 'missing' };
  if (NUMBER.test(trimmed)) {
    const value = Number(trimmed);
    return Math.abs(value) <= MAX_MAGNITUDE ? { kind: 'number', value } : { kind: 'out-of-range' };
  }
  if (INFINITY.test(trimmed)) return { kind: 'out-of-range' };
  return { kind: 'text' };
}

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;

/**
 * The number in a field, or NaN when it is not a plain finite number (then `readValue` tells
 * why). A fast path for the common case: starts like a number and converts cleanly.
 */
export function readFiniteNumber(text: string): number {
  const first = text.charCodeAt(0);
  const startsLikeNumber =
    (first >= ZERO && first <= NINE) || first === MINUS || first === PLUS || first === DOT;
  if (startsLikeNumber && !hasRadixPrefix(text)) {
    const value = +text;
    if (Math.abs(value) <= MAX_MAGNITUDE) return value;
  }
  const reading = readValue(text);
  return reading.kind === 'number' ? reading.value : Number.NaN;
}

/** `0x1f`, `0b1`, `0o7` convert with `+` but are not decimal numbers. */
function hasRadixPrefix(text: string): boolean {
  if (text.length < 3 || text.charCodeAt(0) !== ZERO) return false;
  const second = text.charCodeAt(1) | 0x20;
  return second === 0x78 || second === 0x62 || second === 0x6f;
}
