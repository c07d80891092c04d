/** How embedding outputs spell their values: CSV fields and fixed-precision numbers. */

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  if (!/[",\r\n]/.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** A TSV field for the Embedding Projector: tabs and line breaks become spaces. */
export function tsvField(value: string): string {
  return value.replace(/[\t\r\n]/g, ' ');
}

/** An embedding value in `[0, 1]`: six decimals, enough for float32 at that range. */
export function formatUnit(value: number): string {
  return value.toFixed(6);
}

/** A distance: six significant digits. */
export function formatDistance(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : '';
}
