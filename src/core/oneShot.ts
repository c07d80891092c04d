/** Teaching a trained model a new state from a handful of examples, without retraining. */

import { InputError } from './errors';
import { ClassReference } from './types';

/**
 * Returns `references` with one more class, `name`, whose exemplars are the given embeddings.
 *
 * - centroid: mean of the exemplars; radius: their mean squared distance to it (0 for one).
 * - threshold: the median of the existing classes' thresholds, since a handful of examples
 *   cannot show how far a class spreads; raised, when there are two exemplars or more, to the
 *   largest squared distance from an exemplar to its nearest other exemplar, so that records
 *   no further from an example than the examples are from each other are not called novel.
 *
 * Names are compared trimmed and without regard to case: a clash throws `InputError`, as do an
 * empty name, no exemplars, or exemplars whose length differs from the model's embeddings.
 * `references` is not modified.
 *
 * @param embeddings `[k, dims]` exemplars: rows, or row-major values.
 * @param source Names the model bundle in error messages.
 */
export function addOneShotClass(
  references: ClassReference[],
  name: string,
  embeddings: number[][] | Float32Array,
  source = 'model bundle',
): ClassReference[] {
  if (references.length === 0) {
    throw new InputError({ file: source }, 'has no classes to derive a new class threshold from.');
  }
  const dims = references[0].centroid.length;
  const exemplars = toRows(embeddings, dims, source);
  const trimmed = name.trim();

  if (trimmed === '') throw new InputError({ file: source }, 'a new class needs a name.');
  const clash = references.find(
    (known) => known.name.trim().toLowerCase() === trimmed.toLowerCase(),
  );
  if (clash) {
    throw new InputError({ file: source }, `already has a class named "${clash.name}".`);
  }
  if (exemplars.length === 0) {
    throw new InputError({ file: source }, `class "${trimmed}" needs at least one example.`);
  }

  const centroid = meanRow(exemplars, dims);
  const radius =
    exemplars.reduce((sum, row) => sum + squaredDistance(row, centroid), 0) / exemplars.length;
  const threshold = Math.max(median(references.map((known) => known.threshold)), spread(exemplars));

  const added: ClassReference = {
    name: trimmed,
    count: exemplars.length,
    centroid,
    radius,
    threshold,
    exemplars,
  };
  return [...references, added];
}

/** The exemplars as rows of `dims` finite numbers. */
function toRows(embeddings: number[][] | Float32Array, dims: number, source: string): number[][] {
  const rows: number[][] = [];
  if (embeddings instanceof Float32Array) {
    if (embeddings.length % dims !== 0) {
      throw new InputError(
        { file: source },
        `${embeddings.length} values are not rows of ${dims}.`,
      );
    }
    for (let start = 0; start < embeddings.length; start += dims) {
      rows.push(Array.from(embeddings.subarray(start, start + dims)));
    }
  } else {
    rows.push(...embeddings.map((row) => [...row]));
  }

  rows.forEach((row, index) => {
    if (row.length !== dims || !row.every(Number.isFinite)) {
      throw new InputError(
        { file: source },
        `example ${index + 1} needs ${dims} finite values, one per embedding dimension.`,
      );
    }
  });
  return rows;
}

function meanRow(rows: number[][], dims: number): number[] {
  const mean = new Array<number>(dims).fill(0);
  for (const row of rows) row.forEach((value, dim) => (mean[dim] += value / rows.length));
  return mean;
}

function squaredDistance(first: number[], second: number[]): number {
  return first.reduce((sum, value, dim) => sum + (value - second[dim]) ** 2, 0);
}

/** Largest squared distance from an exemplar to its nearest other exemplar; 0 for one. */
function spread(rows: number[][]): number {
  let largest = 0;
  rows.forEach((row, index) => {
    let nearest = Infinity;
    rows.forEach((other, otherIndex) => {
      if (otherIndex !== index) nearest = Math.min(nearest, squaredDistance(row, other));
    });
    if (Number.isFinite(nearest)) largest = Math.max(largest, nearest);
  });
  return largest;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
