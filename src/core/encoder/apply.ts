import { InputError } from '../errors';
import { readFiniteNumber, readValue } from '../csv/values';
import { CategoricalEncoding, Encoder, NumericEncoding } from './encoder';
import { ColumnIssues, throwNonNumeric } from './issues';

/**
 * Largest z-score a feature may take.
 * Limitation: a value more than a million standard deviations from the training mean encodes as
 * ±1e6, so that it stays finite in float32; such values all look alike to the network.
 */
const MAX_SCORE = 1e6;

/** One encoded column of a particular file: where its field is and where its features go. */
interface BoundColumn {
  field: number;
  feature: number;
  issues: ColumnIssues;
  encoding: NumericEncoding | CategoricalEncoding;
  /** Categorical only: value to slot offset. */
  slots?: Map<string, number>;
}

/**
 * An encoder applied to one file: columns matched by name, so their order may differ from the
 * training file. Counts missing, infinite, unseen and non-numeric values as it goes.
 */
export class RowEncoder {
  readonly encoder: Encoder;
  private readonly file: string;
  private readonly bound: BoundColumn[];

  /** Throws an InputError naming columns the encoder needs that are missing, or new ones. */
  constructor(encoder: Encoder, file: string, header: string[]) {
    this.encoder = encoder;
    this.file = file;
    checkColumns(encoder, file, header);

    const positions = new Map(header.map((name, position) => [name, position]));
    this.bound = [];
    encoder.columns.forEach((encoding, column) => {
      if (encoding.kind === 'ignored') return;
      this.bound.push({
        field: positions.get(encoding.name) as number,
        feature: encoder.firstFeature[column],
        issues: new ColumnIssues(encoding.name),
        encoding,
        slots:
          encoding.kind === 'categorical'
            ? new Map(encoding.categories.map((value, slot) => [value, slot]))
            : undefined,
      });
    });
  }

  /**
   * Writes one record's features into `out` at `offset`, `[featureCount]` values.
   * `line` is the record's editor line, for the problem counts.
   */
  encode(fields: string[], line: number, out: Float32Array, offset: number): void {
    for (const column of this.bound) {
      const text = fields[column.field];
      const at = offset + column.feature;
      if (column.encoding.kind === 'numeric') {
        out[at] = this.encodeNumber(text, line, column.encoding, column.issues);
      } else {
        const slot = this.slotOf(text, line, column.encoding, column);
        const width = column.encoding.categories.length + (column.encoding.missingSlot ? 2 : 1);
        out.fill(0, at, at + width);
        out[at + slot] = 1;
      }
    }
  }

  /** Tolerated problems so far: missing, infinite and unseen values, by column. */
  warnings(): string[] {
    return this.bound.flatMap(({ issues, encoding }) =>
      issues.warnings(
        this.file,
        encoding.kind === 'numeric'
          ? 'imputed with the training mean'
          : encoding.missingSlot
            ? 'encoded in the (missing) slot'
            : 'encoded in the (unseen) slot',
      ),
    );
  }

  /** Throws when a numeric column held text anywhere in what was encoded. */
  throwIfNonNumeric(): void {
    throwNonNumeric(
      this.file,
      this.bound.map((column) => column.issues),
    );
  }

  private encodeNumber(
    text: string,
    line: number,
    encoding: NumericEncoding,
    issues: ColumnIssues,
  ): number {
    let value = readFiniteNumber(text);
    if (Number.isNaN(value)) {
      const kind = readValue(text).kind;
      if (kind === 'missing') issues.missing.add(line, text);
      else if (kind === 'out-of-range') issues.outOfRange.add(line, text);
      else issues.nonNumeric.add(line, text);
      return 0;
    }
    // Limitation: a log1p column was fitted on non-negative values; a negative value here is
    // clamped to 0, so it encodes like a 0.
    if (encoding.transform === 'log1p') value = Math.log1p(Math.max(value, 0));
    const score = (value - encoding.mean) / encoding.std;
    return Math.max(-MAX_SCORE, Math.min(MAX_SCORE, score));
  }

  private slotOf(
    text: string,
    line: number,
    encoding: CategoricalEncoding,
    column: BoundColumn,
  ): number {
    const unseenSlot = encoding.categories.length + (encoding.missingSlot ? 1 : 0);
    const value = text.trim();
    const known = column.slots?.get(value);
    if (known !== undefined) return known;
    if (readValue(value).kind === 'missing') {
      column.issues.missing.add(line, text);
      return encoding.missingSlot ? encoding.categories.length : unseenSlot;
    }
    column.issues.unseen.add(line, text);
    return unseenSlot;
  }
}

/** The file must have every column the encoder uses, and none it has never seen. */
function checkColumns(encoder: Encoder, file: string, header: string[]): void {
  const present = new Set(header);
  const known = new Set(encoder.columns.map((column) => column.name));
  const missing = encoder.columns
    .filter((column) => column.kind !== 'ignored' && !present.has(column.name))
    .map((column) => column.name);
  const added = header.filter((name) => !known.has(name));
  if (missing.length === 0 && added.length === 0) return;

  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing columns the encoder needs: ${missing.join(', ')}`);
  if (added.length > 0)
    problems.push(`columns the training file did not have: ${added.join(', ')}`);
  throw new InputError(
    { file, line: 1, column: missing[0] ?? added[0] },
    `${problems.join('; ')}.`,
  );
}
