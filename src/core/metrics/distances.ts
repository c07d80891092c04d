/**
 * Squared Euclidean distances between many queries and many references, in plain TypeScript.
 *
 * Each distance is `|q|^2 + |r|^2 - 2 q.r` (float64 sums, clamped at 0). Four queries meet four
 * references at a time so that every loaded value is used four times, and the dot products run
 * only over the features where at least one of the four queries is non-zero: one-hot encoded
 * records are mostly zeros, which makes raw-feature searches about three times faster.
 */

import { throwIfCancelled } from '../errors';

/** Queries handled together by one pass over the references. */
export const QUERY_BLOCK = 4;

/** The references of a nearest-neighbour search, with their squared norms computed once. */
export class ReferenceRows {
  /** Number of reference rows. */
  readonly rows: number;

  /** `[rows]` squared Euclidean norm of each reference. */
  private readonly norms: Float64Array;

  /** Scratch: `[dims]` features where some query of the block is non-zero. */
  private readonly active: Int32Array;

  /** Scratch: `[dims, QUERY_BLOCK]` the block's query values on the active features. */
  private readonly activeValues: Float64Array;

  /**
   * @param values `[rows, dims]` reference vectors, row-major.
   * @param dims Values per row.
   */
  constructor(
    readonly values: Float32Array,
    readonly dims: number,
  ) {
    if (dims <= 0 || values.length % dims !== 0) {
      throw new RangeError(`${values.length} values do not make rows of ${dims}.`);
    }
    this.rows = values.length / dims;
    this.norms = squaredNorms(values, dims);
    this.active = new Int32Array(dims);
    this.activeValues = new Float64Array(dims * QUERY_BLOCK);
  }

  /**
   * Squared distances from up to four queries to every reference.
   *
   * @param queries `[queryRows, dims]` query vectors.
   * @param queryRows Up to `QUERY_BLOCK` rows of `queries` to measure from.
   * @param out `[QUERY_BLOCK, rows]`: row `a` receives the distances from `queryRows[a]`.
   */
  distancesFrom(queries: Float32Array, queryRows: ArrayLike<number>, out: Float64Array): void {
    const { dims, rows, norms, values, active, activeValues } = this;
    const count = Math.min(queryRows.length, QUERY_BLOCK);

    const queryNorms = [0, 0, 0, 0];
    let activeCount = 0;
    for (let feature = 0; feature < dims; feature++) {
      let anyNonZero = false;
      for (let slot = 0; slot < QUERY_BLOCK; slot++) {
        const value = slot < count ? queries[queryRows[slot] * dims + feature] : 0;
        activeValues[activeCount * QUERY_BLOCK + slot] = value;
        queryNorms[slot] += value * value;
        if (value !== 0) anyNonZero = true;
      }
      if (anyNonZero) active[activeCount++] = feature;
    }

    const [norm0, norm1, norm2, norm3] = queryNorms;
    const fullBlocks = rows - (rows % 4);
    for (let reference = 0; reference < fullBlocks; reference += 4) {
      const offset0 = reference * dims;
      const offset1 = offset0 + dims;
      const offset2 = offset1 + dims;
      const offset3 = offset2 + dims;
      // dotAB: query A of the block with reference `reference + B`.
      // prettier-ignore
      let dot00 = 0, dot01 = 0, dot02 = 0, dot03 = 0;
      // prettier-ignore
      let dot10 = 0, dot11 = 0, dot12 = 0, dot13 = 0;
      // prettier-ignore
      let dot20 = 0, dot21 = 0, dot22 = 0, dot23 = 0;
      // prettier-ignore
      let dot30 = 0, dot31 = 0, dot32 = 0, dot33 = 0;

      for (let position = 0; position < activeCount; position++) {
        const feature = active[position];
        const ref0 = values[offset0 + feature];
        const ref1 = values[offset1 + feature];
        const ref2 = values[offset2 + feature];
        const ref3 = values[offset3 + feature];
        const base = position * QUERY_BLOCK;
        let query = activeValues[base];
        dot00 += query * ref0;
        dot01 += query * ref1;
        dot02 += query * ref2;
        dot03 += query * ref3;
        query = activeValues[base + 1];
        dot10 += query * ref0;
        dot11 += query * ref1;
        dot12 += query * ref2;
        dot13 += query * ref3;
        query = activeValues[base + 2];
        dot20 += query * ref0;
        dot21 += query * ref1;
        dot22 += query * ref2;
        dot23 += query * ref3;
        query = activeValues[base + 3];
        dot30 += query * ref0;
        dot31 += query * ref1;
        dot32 += query * ref2;
        dot33 += query * ref3;
      }

      const refNorm0 = norms[reference];
      const refNorm1 = norms[reference + 1];
      const refNorm2 = norms[reference + 2];
      const refNorm3 = norms[reference + 3];
      let at = reference;
      out[at] = clamp(norm0 + refNorm0 - 2 * dot00);
      out[at + 1] = clamp(norm0 + refNorm1 - 2 * dot01);
      out[at + 2] = clamp(norm0 + refNorm2 - 2 * dot02);
      out[at + 3] = clamp(norm0 + refNorm3 - 2 * dot03);
      at += rows;
      out[at] = clamp(norm1 + refNorm0 - 2 * dot10);
      out[at + 1] = clamp(norm1 + refNorm1 - 2 * dot11);
      out[at + 2] = clamp(norm1 + refNorm2 - 2 * dot12);
      out[at + 3] = clamp(norm1 + refNorm3 - 2 * dot13);
      at += rows;
      out[at] = clamp(norm2 + refNorm0 - 2 * dot20);
      out[at + 1] = clamp(norm2 + refNorm1 - 2 * dot21);
      out[at + 2] = clamp(norm2 + refNorm2 - 2 * dot22);
      out[at + 3] = clamp(norm2 + refNorm3 - 2 * dot23);
      at += rows;
      out[at] = clamp(norm3 + refNorm0 - 2 * dot30);
      out[at + 1] = clamp(norm3 + refNorm1 - 2 * dot31);
      out[at + 2] = clamp(norm3 + refNorm2 - 2 * dot32);
      out[at + 3] = clamp(norm3 + refNorm3 - 2 * dot33);
    }

    for (let reference = fullBlocks; reference < rows; reference++) {
      const offset = reference * dims;
      for (let slot = 0; slot < QUERY_BLOCK; slot++) {
        let dot = 0;
        for (let position = 0; position < activeCount; position++) {
          dot += activeValues[position * QUERY_BLOCK + slot] * values[offset + active[position]];
        }
        out[slot * rows + reference] = clamp(queryNorms[slot] + norms[reference] - 2 * dot);
      }
    }
  }
}

/**
 * Calls `visit` once per query with its squared distances to every reference, in query order.
 *
 * @param queries `[n, dims]` query vectors.
 * @param queryRows The rows of `queries` to visit.
 * @param visit Receives the position in `queryRows` and `[references.rows]` distances; the
 *   array is reused for the next query, so copy what must outlive the call.
 */
export function forEachDistanceRow(
  queries: Float32Array,
  queryRows: Int32Array,
  references: ReferenceRows,
  visit: (position: number, distances: Float64Array) => void,
  signal?: AbortSignal,
): void {
  const rows = references.rows;
  const block = new Float64Array(QUERY_BLOCK * rows);

  for (let first = 0; first < queryRows.length; first += QUERY_BLOCK) {
    throwIfCancelled(signal, 'evaluation');
    const blockRows = queryRows.subarray(first, Math.min(first + QUERY_BLOCK, queryRows.length));
    references.distancesFrom(queries, blockRows, block);

    for (let slot = 0; slot < blockRows.length; slot++) {
      visit(first + slot, block.subarray(slot * rows, (slot + 1) * rows));
    }
  }
}

/** `[rows]` squared Euclidean norm of each row of `values` `[rows, dims]`, summed in float64. */
export function squaredNorms(values: Float32Array, dims: number): Float64Array {
  const rows = values.length / dims;
  const norms = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let feature = row * dims; feature < (row + 1) * dims; feature++) {
      sum += values[feature] * values[feature];
    }
    norms[row] = sum;
  }
  return norms;
}

/** Squared Euclidean distance between row `a` of `left` and row `b` of `right`. */
export function squaredDistance(
  left: Float32Array,
  a: number,
  right: Float32Array,
  b: number,
  dims: number,
): number {
  let sum = 0;
  for (let feature = 0; feature < dims; feature++) {
    const difference = left[a * dims + feature] - right[b * dims + feature];
    sum += difference * difference;
  }
  return sum;
}

/** Rounding can take a near-zero distance below zero. */
function clamp(distance: number): number {
  return distance > 0 ? distance : 0;
}
