/**
 * Two files label their records with their own class lists (each sorted by name, holding only
 * the classes that file contains). Before one file's records are compared with the other's, both
 * label sets are renumbered into one shared list of class names.
 */

import type { FeatureMatrix, LabelledFeatures } from '../types';

/** Labels of one file and the class names they index. */
export interface ClassLabels {
  /** `[records]` index into `classNames`, -1 where the record has no label. */
  labels: Int32Array;
  classNames: string[];
}

/**
 * Renumbers every label set into one list: the union of their class names, sorted. A label of
 * -1 stays -1. Returns the shared names and, in the order given, each set's new labels.
 */
export function unifyClasses(sets: ClassLabels[]): { classNames: string[]; labels: Int32Array[] } {
  const classNames = [...new Set(sets.flatMap((set) => set.classNames))].sort();
  const slotOf = new Map(classNames.map((name, slot) => [name, slot]));

  const labels = sets.map((set) => {
    const slots = set.classNames.map((name) => slotOf.get(name) as number);
    return set.labels.map((label) => (label >= 0 ? slots[label] : -1));
  });
  return { classNames, labels };
}

/**
 * The records that have a label (>= 0), as training or evaluation input: `features` and `labels`
 * themselves when every record has one, else a copy of the labelled rows.
 *
 * @param features `[records, features]`
 * @param labels `[records]`
 */
export function labelledRecords(
  features: FeatureMatrix,
  labels: Int32Array,
  classNames: string[],
): LabelledFeatures {
  if (labels.length !== features.rows) {
    throw new RangeError(`${labels.length} labels for ${features.rows} records.`);
  }
  if (labels.every((label) => label >= 0)) return { ...features, labels, classNames };

  const width = features.features;
  const kept = Int32Array.from(labels.keys()).filter((record) => labels[record] >= 0);
  const values = new Float32Array(kept.length * width);
  kept.forEach((record, order) => {
    values.set(features.values.subarray(record * width, (record + 1) * width), order * width);
  });

  const keptLabels = kept.map((record) => labels[record]);
  return { values, rows: kept.length, features: width, labels: keptLabels, classNames };
}
