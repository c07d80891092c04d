/**
 * Which records form each triplet: a stratified validation split, and class-balanced sampling,
 * so that a class with a handful of records takes part in as many triplets as a large one.
 */

import { randomIndex, sampleIndices } from '../metrics/random';

/** Record numbers of a batch of triplets, each `[batch]`. */
export interface TripletIndices {
  anchors: Int32Array;
  positives: Int32Array;
  negatives: Int32Array;
}

/**
 * `groups[c]` lists the record numbers among `records` whose label is `c`; records labelled
 * outside `0 .. classCount - 1` (a missing label is -1) belong to no group.
 */
export function groupByClass(
  labels: Int32Array,
  classCount: number,
  records: Int32Array,
): Int32Array[] {
  const known = records.filter((record) => labels[record] >= 0 && labels[record] < classCount);
  const counts = new Int32Array(classCount);
  for (const record of known) counts[labels[record]]++;

  const groups = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(classCount);
  for (const record of known) {
    const label = labels[record];
    groups[label][filled[label]++] = record;
  }
  return groups;
}

/**
 * Splits the record numbers `0 .. labels.length - 1` into training and validation records, class
 * by class: `floor(count * share)` of each class (chosen at random) go to validation, but never
 * so many that fewer than two stay for training.
 */
export function stratifiedSplit(
  labels: Int32Array,
  classCount: number,
  share: number,
  random: () => number,
): { training: Int32Array; validation: Int32Array } {
  const all = Int32Array.from(labels.keys());
  const training: number[] = [];
  const validation: number[] = [];

  for (const group of groupByClass(labels, classCount, all)) {
    const shuffled = sampleIndices(group.length, group.length, random);
    const held = Math.max(0, Math.min(Math.floor(group.length * share), group.length - 2));
    shuffled.forEach((position, order) => {
      (order < held ? validation : training).push(group[position]);
    });
  }

  return { training: Int32Array.from(training), validation: Int32Array.from(validation) };
}

/**
 * Draws triplets from `groups` (record numbers per class). The anchor's class is uniform over the
 * classes with at least two records, the anchor and a different positive are uniform within it,
 * and the negative's class is uniform over the other non-empty classes.
 */
// Limitation: a class with a dozen records is drawn as often as one with thousands, so its few
// records recur in many triplets each epoch and the network can fit them closely.
export class TripletSampler {
  private readonly anchorClasses: number[];
  private readonly filledClasses: number[];

  constructor(
    private readonly groups: Int32Array[],
    private readonly random: () => number,
  ) {
    this.anchorClasses = classesWithAtLeast(groups, 2);
    this.filledClasses = classesWithAtLeast(groups, 1);
  }

  /** Whether any triplet can be drawn: one class with two records and another class. */
  get canSample(): boolean {
    return this.anchorClasses.length > 0 && this.filledClasses.length > 1;
  }

  /** `batch` triplets of record numbers. */
  sample(batch: number): TripletIndices {
    const anchors = new Int32Array(batch);
    const positives = new Int32Array(batch);
    const negatives = new Int32Array(batch);

    for (let slot = 0; slot < batch; slot++) {
      const anchorClass = this.anchorClasses[randomIndex(this.random, this.anchorClasses.length)];
      const members = this.groups[anchorClass];
      const anchorAt = randomIndex(this.random, members.length);
      const positiveDraw = randomIndex(this.random, members.length - 1);
      anchors[slot] = members[anchorAt];
      positives[slot] = members[positiveDraw >= anchorAt ? positiveDraw + 1 : positiveDraw];
      negatives[slot] = this.sampleOther(anchorClass);
    }

    return { anchors, positives, negatives };
  }

  /** A record of a class other than `anchorClass`. */
  private sampleOther(anchorClass: number): number {
    const others = this.filledClasses.length - 1;
    const draw = randomIndex(this.random, others);
    const ownAt = this.filledClasses.indexOf(anchorClass);
    const negativeClass = this.filledClasses[ownAt >= 0 && draw >= ownAt ? draw + 1 : draw];
    const members = this.groups[negativeClass];
    return members[randomIndex(this.random, members.length)];
  }
}

function classesWithAtLeast(groups: Int32Array[], size: number): number[] {
  return groups.flatMap((group, label) => (group.length >= size ? [label] : []));
}

/**
 * Copies the feature rows `records` of `values` (`[rows, features]`) one after another into
 * `target` (`[records.length, features]`), from `offset` rows on.
 */
export function copyRows(
  values: Float32Array,
  features: number,
  records: Int32Array,
  target: Float32Array,
  offset = 0,
): void {
  records.forEach((record, order) => {
    const start = record * features;
    target.set(values.subarray(start, start + features), (offset + order) * features);
  });
}
