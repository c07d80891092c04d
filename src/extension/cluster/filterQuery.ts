/**
 * The cluster view's filter language. Terms are separated by spaces and all must hold:
 * `dos` (a label or predicted class), `service=http`, `service!=http`, `latency_ms>200`,
 * `src_bytes<=1000`. Names compare without regard to case.
 */

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** One parsed term of a filter query. */
export type FilterTerm =
  | { kind: 'class'; name: string }
  | { kind: 'compare'; column: number; op: Comparison; text: string; number: number };

/** What a query is evaluated against: one view's points and the columns the terms need. */
export interface FilterContext {
  count: number;
  /** `[count]` indexes into `labelNames`, -1 where there is none. */
  labels: Int32Array;
  labelNames: string[];
  /** `[count]` indexes into `predictedNames`. */
  predicted?: Int32Array;
  predictedNames?: string[];
  /** Per column index a term needs: `[count]` field values. */
  columnText: Map<number, string[]>;
}

/** A query the user typed that does not parse; its message says what to change. */
export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

const COMPARE_TERM = /^([^=<>!]+)(<=|>=|!=|=|<|>)(.*)$/;

/**
 * Splits a query into terms, resolving column names against the header.
 * Limitation: values cannot contain spaces, since spaces separate the terms.
 */
export function parseFilterQuery(query: string, header: string[]): FilterTerm[] {
  const lowerHeader = header.map((name) => name.trim().toLowerCase());
  const terms: FilterTerm[] = [];

  for (const word of query.trim().split(/\s+/)) {
    if (word === '') continue;

    const match = COMPARE_TERM.exec(word);
    if (!match) {
      if (/[=<>!]/.test(word)) throw new FilterSyntaxError(`"${word}" is not a comparison.`);
      terms.push({ kind: 'class', name: word.toLowerCase() });
      continue;
    }

    const [, name, op, text] = match;
    const column = lowerHeader.indexOf(name.trim().toLowerCase());
    if (column < 0) throw new FilterSyntaxError(`There is no column named "${name}".`);

    const number = text.trim() === '' ? NaN : Number(text);
    const ordered = op !== '=' && op !== '!=';
    if (ordered && Number.isNaN(number)) {
      throw new FilterSyntaxError(`"${word}" compares with "${text}", which is not a number.`);
    }
    terms.push({ kind: 'compare', column, op: op as Comparison, text, number });
  }
  return terms;
}

/** Whether any term needs column values, that is, whether only the host can evaluate it. */
export function needsColumns(terms: FilterTerm[]): boolean {
  return terms.some((term) => term.kind === 'compare');
}

/** The column indexes the terms read. */
export function columnsOf(terms: FilterTerm[]): number[] {
  const columns = new Set<number>();
  for (const term of terms) if (term.kind === 'compare') columns.add(term.column);
  return [...columns];
}

/**
 * Evaluates parsed terms over every point.
 *
 * @returns `[count]` 1 where all terms hold.
 */
export function evaluateFilter(terms: FilterTerm[], context: FilterContext): Uint8Array {
  const mask = new Uint8Array(context.count).fill(1);
  for (const term of terms) {
    const holds =
      term.kind === 'class' ? classTest(term.name, context) : compareTest(term, context);
    for (let i = 0; i < context.count; i++) if (mask[i] && !holds(i)) mask[i] = 0;
  }
  return mask;
}

function classTest(name: string, context: FilterContext): (point: number) => boolean {
  const labelIndex = context.labelNames.findIndex((label) => label.toLowerCase() === name);
  const predictedIndex = (context.predictedNames ?? []).findIndex(
    (label) => label.toLowerCase() === name,
  );
  const predicted = context.predicted;
  return (point) =>
    (labelIndex >= 0 && context.labels[point] === labelIndex) ||
    (predictedIndex >= 0 && predicted !== undefined && predicted[point] === predictedIndex);
}

function compareTest(
  term: Extract<FilterTerm, { kind: 'compare' }>,
  context: FilterContext,
): (point: number) => boolean {
  const column = context.columnText.get(term.column);
  if (!column) throw new Error(`Column ${term.column} was not read before filtering.`);

  const wanted = term.text.trim().toLowerCase();
  const equals = (field: string): boolean => {
    const value = field.trim();
    if (value.toLowerCase() === wanted) return true;
    return !Number.isNaN(term.number) && value !== '' && Number(value) === term.number;
  };

  switch (term.op) {
    case '=':
      return (point) => equals(column[point]);
    case '!=':
      return (point) => !equals(column[point]);
    default:
      return (point) => ordered(fieldNumber(column[point]), term.op, term.number);
  }
}

/** A field as a number; NaN for an empty field (which `Number` would read as 0). */
function fieldNumber(field: string): number {
  const value = field.trim();
  return value === '' ? NaN : Number(value);
}

/** An ordered comparison; a field that is not a number never matches. */
function ordered(value: number, op: Comparison, bound: number): boolean {
  if (Number.isNaN(value)) return false;
  if (op === '<') return value < bound;
  if (op === '<=') return value <= bound;
  if (op === '>') return value > bound;
  return value >= bound;
}
