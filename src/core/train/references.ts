/**
 * What the model bundle remembers of each known class, and how a new embedding is matched to it:
 * nearest exemplar, and novel when that exemplar is farther than the class's threshold.
 */

import * as tf from '@tensorflow/tfjs';

import { createRandom, sampleIndices } from '../metrics/random';
import type { ClassReference, FeatureMatrix, LabelledFeatures } from '../types';
import { pairwiseSquaredDistances } from './mining';
import { groupByClass } from './sampling';

/** Rows embedded per `predict` call: large calls are far faster than small ones on wasm. */
const EMBED_ROWS = 8192;

/** Rows compared with the exemplars per tensor op. */
const CLASSIFY_ROWS = 4096;

export const DEFAULT_EXEMPLARS = 64;

/** Share of a class's training records that fall inside its novelty threshold. */
export const THRESHOLD_PERCENTILE = 0.99;

/** `[rows, N]` embeddings of every row of `features`, computed in large batches. */
export function embedRecords(model: tf.LayersModel, features: FeatureMatrix): FeatureMatrix {
  const dims = (model.outputs[0].shape[1] ?? 0) as number;
  const values = new Float32Array(features.rows * dims);

  for (let start = 0; start < features.rows; start += EMBED_ROWS) {
    const count = Math.min(EMBED_ROWS, features.rows - start);
    const block = features.values.subarray(
      start * features.features,
      (start + count) * features.features,
    );
    const embeddings = tf.tidy(() => {
      const input = tf.tensor2d(block, [count, features.features]);
      return model.predict(input, { batchSize: count }) as tf.Tensor2D;
    });
    values.set(embeddings.dataSync(), start * dims);
    embeddings.dispose();
  }

  return { values, rows: features.rows, features: dims };
}

/**
 * Per class: the centroid and mean squared radius of its records' `embeddings`, up to `exemplars`
 * of them chosen at random (seeded), and a novelty threshold.
 *
 * The threshold copies how `classify` will judge new records: each record is matched to its
 * nearest exemplar other than itself, and a class's threshold is the 99th percentile (nearest
 * rank) of the squared distances of the records matched to it. So about 1% of the training
 * records of a class would be called novel. A class that no record was matched to takes the
 * 99th percentile over all records.
 */
export function buildReferences(
  embeddings: FeatureMatrix,
  data: Pick<LabelledFeatures, 'labels' | 'classNames'>,
  seed: number,
  exemplars = DEFAULT_EXEMPLARS,
): ClassReference[] {
  const dims = embeddings.features;
  const random = createRandom(seed);
  const all = Int32Array.from(data.labels.keys());
  const groups = groupByClass(data.labels, data.classNames.length, all);

  const chosen = groups.map((group) =>
    Array.from(sampleIndices(group.length, exemplars, random), (at) => group[at]),
  );
  const references: ClassReference[] = groups.map((group, label) => {
    const centroid = meanRow(embeddings, group);
    return {
      name: data.classNames[label],
      count: group.length,
      centroid,
      radius: meanSquaredDistance(embeddings, group, centroid),
      threshold: 0,
      exemplars: chosen[label].map((record) => rowOf(embeddings, record, dims)),
    };
  });

  setThresholds(embeddings, references, chosen.flat());
  return references;
}

/** Fills each reference's `threshold` from the records' distances to their nearest exemplar. */
function setThresholds(
  embeddings: FeatureMatrix,
  references: ClassReference[],
  exemplarRecords: number[],
): void {
  const selfColumn = new Int32Array(embeddings.rows).fill(-1);
  exemplarRecords.forEach((record, column) => (selfColumn[record] = column));

  const match = nearestExemplars(embeddings, references, selfColumn);
  const byClass: number[][] = references.map(() => []);
  match.predicted.forEach((label, row) => byClass[label].push(match.distance[row]));

  const overall = percentile(Array.from(match.distance), THRESHOLD_PERCENTILE);
  references.forEach((reference, label) => {
    const distances = byClass[label];
    reference.threshold =
      distances.length > 0 ? percentile(distances, THRESHOLD_PERCENTILE) : overall;
  });
}

/** Nearest exemplar of each embedding, its class, and whether it lies beyond the threshold. */
export interface Classification {
  /** `[rows]` class index (into the references) of the nearest exemplar. */
  predicted: Int32Array;
  /** `[rows]` squared distance to that exemplar. */
  distance: Float32Array;
  /** `[rows]` 1 where `distance` exceeds the predicted class's threshold. */
  novel: Uint8Array;
}

/** Classifies `embeddings [rows, N]` by their nearest exemplar in `references`. */
export function classify(embeddings: FeatureMatrix, references: ClassReference[]): Classification {
  const match = nearestExemplars(embeddings, references);
  const novel = match.predicted.map((label, row) =>
    match.distance[row] > references[label].threshold ? 1 : 0,
  );
  return { ...match, novel: Uint8Array.from(novel) };
}

/**
 * Nearest exemplar of every row, in blocks of `CLASSIFY_ROWS` rows: one distance matrix
 * `[block, exemplars]`, then arg-min. `selfColumn[row]`, when given and not -1, is an exemplar
 * column that row must not match (the row itself).
 */
function nearestExemplars(
  embeddings: FeatureMatrix,
  references: ClassReference[],
  selfColumn?: Int32Array,
): { predicted: Int32Array; distance: Float32Array } {
  const dims = embeddings.features;
  const columns = references.flatMap((reference) => reference.exemplars);
  const columnClass = Int32Array.from(
    references.flatMap((reference, label) => reference.exemplars.map(() => label)),
  );
  const predicted = new Int32Array(embeddings.rows);
  const distance = new Float32Array(embeddings.rows);
  if (columns.length === 0) throw new Error('The references hold no exemplars.');

  const exemplars = tf.tensor2d(columns.flat(), [columns.length, dims]);
  for (let start = 0; start < embeddings.rows; start += CLASSIFY_ROWS) {
    const count = Math.min(CLASSIFY_ROWS, embeddings.rows - start);
    const [nearest, nearestDistance] = tf.tidy(() => {
      const block = embeddings.values.subarray(start * dims, (start + count) * dims);
      let distances = pairwiseSquaredDistances(tf.tensor2d(block, [count, dims]), exemplars);
      if (selfColumn !== undefined) {
        const own = tf.tensor1d(selfColumn.subarray(start, start + count), 'int32');
        distances = tf.add(distances, tf.mul(tf.oneHot(own, columns.length), 1e9));
      }
      return [tf.argMin(distances, 1), tf.min(distances, 1)];
    });
    const columnsFound = Int32Array.from(nearest.dataSync());
    columnsFound.forEach((column, row) => (predicted[start + row] = columnClass[column]));
    distance.set(nearestDistance.dataSync(), start);
    tf.dispose([nearest, nearestDistance]);
  }
  exemplars.dispose();

  return { predicted, distance };
}

function rowOf(matrix: FeatureMatrix, row: number, width: number): number[] {
  return Array.from(matrix.values.subarray(row * width, (row + 1) * width));
}

function meanRow(matrix: FeatureMatrix, rows: Int32Array): number[] {
  const mean = new Array<number>(matrix.features).fill(0);
  for (const row of rows) {
    for (let at = 0; at < matrix.features; at++)
      mean[at] += matrix.values[row * matrix.features + at];
  }
  return mean.map((sum) => (rows.length > 0 ? sum / rows.length : 0));
}

function meanSquaredDistance(matrix: FeatureMatrix, rows: Int32Array, centre: number[]): number {
  let total = 0;
  for (const row of rows) {
    for (let at = 0; at < matrix.features; at++) {
      total += (matrix.values[row * matrix.features + at] - centre[at]) ** 2;
    }
  }
  return rows.length > 0 ? total / rows.length : 0;
}

/** Nearest-rank percentile (`share` in `(0, 1]`) of `values`; 0 for none. */
export function percentile(values: number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}
