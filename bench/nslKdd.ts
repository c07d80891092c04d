/** The training benchmarks' data: NSL-KDD's training file, encoded, labelled by attack class. */

import { readDataset } from '../src/core/dataset';
import type { LabelledFeatures } from '../src/core/types';

export const NSL_KDD_TRAIN = '/work/shared/data/nsl-kdd/train.csv';

/** `[25192, features]` encoded NSL-KDD records, labelled by `attack_class`. */
export async function readNslKdd(file = NSL_KDD_TRAIN): Promise<LabelledFeatures> {
  const dataset = await readDataset(file, {
    label: 'attack_class',
    ignore: ['attack', 'difficulty'],
  });
  if (dataset.labels === null) throw new Error(`${file} has no attack_class column.`);
  return { ...dataset.features, labels: dataset.labels, classNames: dataset.classNames };
}

/** The first `rows` records of `data` (all of them when it has fewer). */
export function firstRecords(data: LabelledFeatures, rows: number): LabelledFeatures {
  const kept = Math.min(rows, data.rows);
  return {
    ...data,
    rows: kept,
    values: data.values.subarray(0, kept * data.features),
    labels: data.labels.subarray(0, kept),
  };
}
