import { describeLocation, InputError } from '../errors';

/** A count of one kind of problem in a column, and where it was first seen. */
class Tally {
  count = 0;
  firstLine = 0;
  example = '';

  add(line: number, text: string): void {
    if (this.count === 0) {
      this.firstLine = line;
      this.example = text;
    }
    this.count += 1;
  }
}

/** The values of one column that could not be used as they are, counted while streaming. */
export class ColumnIssues {
  readonly column: string;
  readonly missing = new Tally();
  readonly outOfRange = new Tally();
  readonly nonNumeric = new Tally();
  readonly unseen = new Tally();

  constructor(column: string) {
    this.column = column;
  }

  /** `InputError` for text found in a numeric column, with the count and the first line. */
  nonNumericError(file: string): InputError | undefined {
    const tally = this.nonNumeric;
    if (tally.count === 0) return undefined;
    return new InputError(
      { file, line: tally.firstLine, column: this.column },
      `column ${this.column}: ${tally.count} non-numeric values, first at line ` +
        `${tally.firstLine} ("${tally.example}"). Fix the values, or treat the column as ` +
        'categorical or ignore it.',
    );
  }

  /** One line per kind of tolerated problem, naming file, first line and column. */
  warnings(file: string, missingMeans: string): string[] {
    const warnings: string[] = [];
    const where = (tally: Tally) =>
      describeLocation({ file, line: tally.firstLine, column: this.column });
    if (this.missing.count > 0) {
      warnings.push(
        `${where(this.missing)}: ${this.missing.count} missing values, ${missingMeans}.`,
      );
    }
    if (this.outOfRange.count > 0) {
      warnings.push(
        `${where(this.outOfRange)}: ${this.outOfRange.count} values are infinite or beyond ` +
          `±1e50 (first "${this.outOfRange.example}"), read as missing.`,
      );
    }
    if (this.unseen.count > 0) {
      warnings.push(
        `${where(this.unseen)}: ${this.unseen.count} values not seen in training ` +
          `(first "${this.unseen.example}"), encoded in the column's unseen slot.`,
      );
    }
    return warnings;
  }
}

/** Throws the first column's non-numeric error, if any column has one. */
export function throwNonNumeric(file: string, issues: Iterable<ColumnIssues>): void {
  for (const column of issues) {
    const error = column.nonNumericError(file);
    if (error) throw error;
  }
}
