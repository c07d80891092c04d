/** Precision and recall of a predicted labelling, class by class. */

export interface ClassScores {
  /** Of the records predicted as this class, the share that truly are. 0 when none are. */
  precision: number;
  /** Of the records truly of this class, the share predicted as it. 0 when there are none. */
  recall: number;
  /** Records truly of this class. */
  support: number;
}

/**
 * Per-class precision, recall and support of `predicted` against `labels`, keyed by class name.
 *
 * `labels[i]` indexes `classNames`; `predicted[i]` indexes `predictedNames` (by default the same
 * list), so a model whose classes are ordered differently is matched by name. Records with no
 * true label (-1) are left out; a negative prediction (no class) counts against recall only.
 * Every class named in either list gets an entry.
 */
export function perClassScores(
  labels: Int32Array,
  classNames: string[],
  predicted: Int32Array,
  predictedNames: string[] = classNames,
): Record<string, ClassScores> {
  if (predicted.length !== labels.length) {
    throw new RangeError(`${predicted.length} predictions for ${labels.length} records.`);
  }

  const names = [...new Set([...classNames, ...predictedNames])];
  const slotOf = new Map(names.map((name, slot) => [name, slot]));
  const trueSlots = classNames.map((name) => slotOf.get(name) as number);
  const predictedSlots = predictedNames.map((name) => slotOf.get(name) as number);

  const support = new Float64Array(names.length);
  const predictedCount = new Float64Array(names.length);
  const correct = new Float64Array(names.length);
  for (let row = 0; row < labels.length; row++) {
    const truth = labels[row] >= 0 ? trueSlots[labels[row]] : undefined;
    if (truth === undefined) continue;

    const guess = predicted[row] >= 0 ? predictedSlots[predicted[row]] : undefined;
    support[truth]++;
    if (guess !== undefined) predictedCount[guess]++;
    if (truth === guess) correct[truth]++;
  }

  const scores: Record<string, ClassScores> = {};
  names.forEach((name, slot) => {
    scores[name] = {
      precision: predictedCount[slot] > 0 ? correct[slot] / predictedCount[slot] : 0,
      recall: support[slot] > 0 ? correct[slot] / support[slot] : 0,
      support: support[slot],
    };
  });
  return scores;
}
