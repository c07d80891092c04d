import { InputError } from '../errors';
import { IgnoreReason } from './plan';

/** A numeric column: optionally `log1p`, then z-scored with the training statistics. */
export interface NumericEncoding {
  name: string;
  kind: 'numeric';
  /** `log1p` when the training values were non-negative and heavy-tailed (see `skewness`). */
  transform: 'none' | 'log1p';
  /** Mean and population standard deviation after the transform. */
  mean: number;
  std: number;
  /** Skewness of the raw training values, which decided the transform. */
  skewness: number;
  min: number;
  max: number;
  /** Training values that were missing (imputed with the mean, which encodes as 0). */
  missing: number;
}

/** A categorical column: one feature per training value, then `(missing)` and `(unseen)`. */
export interface CategoricalEncoding {
  name: string;
  kind: 'categorical';
  /** Training values, sorted; each has one feature. */
  categories: string[];
  /** Training had missing values, so they have a feature of their own. */
  missingSlot: boolean;
  missing: number;
  /** Training values left out of `categories` because there were too many; now "unseen". */
  folded: number;
}

/** A column that gives no features, and why. */
export interface IgnoredColumn {
  name: string;
  kind: 'ignored';
  reason: IgnoreReason;
}

export type ColumnEncoding = NumericEncoding | CategoricalEncoding | IgnoredColumn;

export const ENCODER_FORMAT = 'siamese-lens/encoder';

/** What `Encoder.toJSON` writes into a model bundle. */
export interface EncoderJSON {
  format: typeof ENCODER_FORMAT;
  version: 1;
  /** The label column of the training file, or null when there was none. */
  label: string | null;
  /** Every column of the training file's header, in its order. */
  columns: ColumnEncoding[];
}

/**
 * Turns records into feature vectors. Fitted on a training file (`fitEncoder`), saved in the
 * model bundle, and applied to other files by column name (`RowEncoder`).
 */
export class Encoder {
  readonly label: string | null;
  readonly columns: readonly ColumnEncoding[];
  readonly featureNames: readonly string[];
  /** Index of each column's first feature; -1 for ignored columns. */
  readonly firstFeature: readonly number[];

  constructor(label: string | null, columns: ColumnEncoding[]) {
    this.label = label;
    this.columns = columns;
    const names: string[] = [];
    this.firstFeature = columns.map((column) => {
      if (column.kind === 'ignored') return -1;
      const first = names.length;
      names.push(...featureNamesOf(column));
      return first;
    });
    this.featureNames = names;
  }

  get featureCount(): number {
    return this.featureNames.length;
  }

  toJSON(): EncoderJSON {
    return { format: ENCODER_FORMAT, version: 1, label: this.label, columns: [...this.columns] };
  }

  /** Rebuilds a saved encoder; `source` names the file it came from in errors. */
  static fromJSON(json: unknown, source = 'encoder.json'): Encoder {
    const fail = (problem: string): never => {
      throw new InputError({ file: source }, `not a Siamese Lens encoder: ${problem}`);
    };
    if (!isObject(json) || json.format !== ENCODER_FORMAT) fail('wrong "format".');
    const saved = json as Record<string, unknown>;
    if (saved.version !== 1) fail(`version ${String(saved.version)} is not supported.`);
    if (saved.label !== null && typeof saved.label !== 'string') fail('"label" is not a string.');
    if (!Array.isArray(saved.columns)) fail('"columns" is not a list.');

    const columns = (saved.columns as unknown[]).map((column, position) => {
      const problem = columnProblem(column);
      return problem ? fail(`column ${position + 1}: ${problem}`) : (column as ColumnEncoding);
    });
    return new Encoder(saved.label as string | null, columns);
  }
}

/** Feature names: the column for numerics, `column=value` for each one-hot slot. */
function featureNamesOf(column: NumericEncoding | CategoricalEncoding): string[] {
  if (column.kind === 'numeric') return [column.name];
  const values = [...column.categories];
  if (column.missingSlot) values.push('(missing)');
  values.push('(unseen)');
  return values.map((value) => `${column.name}=${value}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function columnProblem(column: unknown): string | undefined {
  if (!isObject(column) || typeof column.name !== 'string') return 'no name.';
  if (column.kind === 'ignored')
    return typeof column.reason === 'string' ? undefined : 'no reason.';
  if (column.kind === 'numeric') {
    const numbers = ['mean', 'std', 'skewness', 'min', 'max', 'missing'];
    const bad = numbers.find((key) => typeof column[key] !== 'number');
    if (bad) return `"${bad}" is not a number.`;
    if (!((column.std as number) > 0)) return '"std" must be positive.';
    return column.transform === 'none' || column.transform === 'log1p' ? undefined : 'transform.';
  }
  if (column.kind === 'categorical') {
    const categories = column.categories;
    const listed = Array.isArray(categories) && categories.every((c) => typeof c === 'string');
    return listed && typeof column.missingSlot === 'boolean' ? undefined : 'categories.';
  }
  return `unknown kind "${String(column.kind)}".`;
}
