/** Embeddings with their classes, as every metric here receives them. */

/** `embeddings` is `[rows, dims]` row-major; `labels[i]` (`>= 0`) is the class of row `i`. */
export interface LabelledEmbeddings {
  embeddings: Float32Array;
  dims: number;
  /** `[rows]` */
  labels: Int32Array;
}

/** Number of rows, after checking that the embeddings and labels agree and are finite. */
export function checkedRows(set: LabelledEmbeddings, what = 'embeddings'): number {
  const { embeddings, dims, labels } = set;
  if (!Number.isInteger(dims) || dims <= 0) {
    throw new RangeError(`The ${what} need a positive whole number of dimensions, not ${dims}.`);
  }
  if (embeddings.length !== labels.length * dims) {
    throw new RangeError(
      `The ${what} hold ${embeddings.length} values for ${labels.length} labels of ${dims} dims.`,
    );
  }

  for (let index = 0; index < embeddings.length; index++) {
    if (!Number.isFinite(embeddings[index])) {
      throw new RangeError(
        `The ${what} hold a non-finite value in row ${Math.floor(index / dims)}.`,
      );
    }
  }

  return labels.length;
}

/** `[rows.length, dims]` copy of the chosen rows of `set`, with their labels. */
export function selectRows(set: LabelledEmbeddings, rows: ArrayLike<number>): LabelledEmbeddings {
  const { embeddings, dims, labels } = set;
  const selected = new Float32Array(rows.length * dims);
  const selectedLabels = new Int32Array(rows.length);

  for (let position = 0; position < rows.length; position++) {
    const row = rows[position];
    selected.set(embeddings.subarray(row * dims, (row + 1) * dims), position * dims);
    selectedLabels[position] = labels[row];
  }

  return { embeddings: selected, dims, labels: selectedLabels };
}

/** Rows of each class: `members.get(label)` lists the rows with that label in order. */
export function membersByClass(labels: Int32Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);

  const members = new Map<number, Int32Array>();
  const filled = new Map<number, number>();
  for (const [label, count] of counts) {
    members.set(label, new Int32Array(count));
    filled.set(label, 0);
  }
  labels.forEach((label, row) => {
    const position = filled.get(label) ?? 0;
    (members.get(label) as Int32Array)[position] = row;
    filled.set(label, position + 1);
  });

  return members;
}
