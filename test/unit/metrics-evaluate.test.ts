/** The evaluation entry point and the raw-feature 1-nearest-neighbour baseline. */

import * as assert from 'assert';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'fs';
import * as path from 'path';

import { evaluateEmbeddings } from '../../src/core/metrics';
import { knnBaseline } from '../../src/core/metrics/knnBaseline';
import { createRandom } from '../../src/core/metrics/random';
import { FeatureMatrix } from '../../src/core/types';

const NSL_KDD = '/work/shared/data/nsl-kdd';

/** Two tight clusters in `[0, 1]^3`, around (0.1, 0.1, 0.1) and (0.9, 0.9, 0.9). */
function twoClusters(perClass: number, seed: number) {
  const random = createRandom(seed);
  const embeddings = new Float32Array(perClass * 2 * 3);
  const labels = new Int32Array(perClass * 2);
  for (let row = 0; row < perClass * 2; row++) {
    labels[row] = row < perClass ? 0 : 1;
    for (let dim = 0; dim < 3; dim++) {
      embeddings[row * 3 + dim] = (labels[row] === 0 ? 0.1 : 0.9) + 0.05 * (random() - 0.5);
    }
  }
  return { embeddings, dims: 3, labels, classNames: ['normal', 'dos'] };
}

describe('evaluateEmbeddings', function () {
  it('gives perfect scores to two well separated clusters, under the report names', function () {
    const metrics = evaluateEmbeddings({ ...twoClusters(50, 1), alpha: 0.2, seed: 3 });

    assert.deepStrictEqual(Object.keys(metrics).sort(), [
      'compactness',
      'map_at_r',
      'nmi',
      'per_class',
      'precision_at_1',
      'r_precision',
      'silhouette',
      'zero_hinge_share',
    ]);
    assert.strictEqual(metrics.precision_at_1, 1);
    assert.strictEqual(metrics.map_at_r, 1);
    assert.strictEqual(metrics.r_precision, 1);
    assert.ok(Math.abs(metrics.nmi - 1) < 1e-9);
    assert.ok(metrics.silhouette > 0.9);
    assert.ok(metrics.compactness < 0.1);
    // Within a cluster d(a, p) < 3 * 0.05^2; across, d(a, n) > 3 * 0.75^2: the margin holds.
    assert.strictEqual(metrics.zero_hinge_share, 1);
    assert.deepStrictEqual(metrics.per_class, {});
  });

  it('scores mixed clusters lower on every metric', function () {
    const clean = twoClusters(50, 1);
    const mixed = { ...clean, labels: clean.labels.map((_, row) => row % 2) };
    const metrics = evaluateEmbeddings({ ...mixed, alpha: 0.2, seed: 3 });

    assert.ok(metrics.precision_at_1 < 0.8);
    assert.ok(metrics.map_at_r < 0.8);
    assert.ok(metrics.nmi < 0.1);
    assert.ok(metrics.silhouette < 0.1);
    assert.ok(metrics.compactness > 1);
    assert.ok(metrics.zero_hinge_share < 0.8);
  });

  it('leaves out records labelled -1 and scores predictions', function () {
    const data = twoClusters(20, 2);
    data.labels[0] = -1;
    const predicted = data.labels.map((label) => Math.max(label, 0));
    predicted[1] = 1;
    const metrics = evaluateEmbeddings({ ...data, predicted, alpha: 0.2, seed: 3 });

    assert.strictEqual(metrics.precision_at_1, 1);
    // normal: 18 of 19 found, every normal prediction right; dos: 20 of 20 found, 20 of 21 right.
    assert.deepStrictEqual(metrics.per_class.normal, {
      precision: 1,
      recall: 18 / 19,
      support: 19,
    });
    assert.deepStrictEqual(metrics.per_class.dos, { precision: 20 / 21, recall: 1, support: 20 });
  });

  it('uses the reference set when one is given, and repeats with the same seed', function () {
    const train = twoClusters(30, 4);
    const test = twoClusters(10, 5);
    test.labels.reverse(); // now the labels contradict the references
    const input = { ...test, reference: train, alpha: 0.2, seed: 8 };

    const metrics = evaluateEmbeddings(input);
    assert.strictEqual(metrics.precision_at_1, 0);
    assert.deepStrictEqual(evaluateEmbeddings(input), metrics);
  });

  it('rejects embeddings that do not match their labels', function () {
    const data = twoClusters(5, 1);
    assert.throws(() => evaluateEmbeddings({ ...data, dims: 4, alpha: 0.2, seed: 1 }), RangeError);
  });
});

/** The numeric columns of the first `rows` NSL-KDD records, and their attack classes. */
function nslKddNumeric(file: string, rows: number) {
  const records: Record<string, string>[] = parse(readFileSync(path.join(NSL_KDD, file)), {
    columns: true,
    to: rows,
  });
  const categorical = ['protocol_type', 'service', 'flag', 'attack', 'attack_class', 'difficulty'];
  const columns = Object.keys(records[0]).filter((name) => !categorical.includes(name));
  const classes = ['normal', 'dos', 'probe', 'r2l', 'u2r'];

  const values = new Float32Array(records.length * columns.length);
  records.forEach((record, row) => {
    columns.forEach((column, feature) => {
      values[row * columns.length + feature] = Math.log1p(Number(record[column]));
    });
  });
  const labels = Int32Array.from(records, (record) => classes.indexOf(record.attack_class));
  const features: FeatureMatrix = { values, rows: records.length, features: columns.length };
  return { features, labels };
}

describe('knnBaseline', function () {
  it('predicts the label of the nearest training record', function () {
    const train = { values: Float32Array.of(0, 0, 10, 10), rows: 2, features: 2 };
    const test = { values: Float32Array.of(1, 1, 9, 8, 6, 6), rows: 3, features: 2 };
    // (1,1) -> (0,0) label 4; (9,8) -> (10,10) label 7; (6,6) -> (10,10) 7, but it is truly 4.
    const result = knnBaseline(train, Int32Array.of(4, 7), test, Int32Array.of(4, 7, 4));
    assert.deepStrictEqual([...result.predicted], [4, 7, 7]);
    assert.ok(Math.abs(result.accuracy - 2 / 3) < 1e-12);
  });

  it('agrees with a direct search on NSL-KDD records', function () {
    const train = nslKddNumeric('train.csv', 800);
    const test = nslKddNumeric('test.csv', 300);
    const result = knnBaseline(train.features, train.labels, test.features, test.labels);

    const width = train.features.features;
    let correct = 0;
    for (let query = 0; query < test.features.rows; query++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let row = 0; row < train.features.rows; row++) {
        let distance = 0;
        for (let feature = 0; feature < width; feature++) {
          const difference =
            test.features.values[query * width + feature] -
            train.features.values[row * width + feature];
          distance += difference * difference;
        }
        if (distance < bestDistance - 1e-9) {
          bestDistance = distance;
          best = row;
        }
      }
      if (train.labels[best] === test.labels[query]) correct++;
    }

    assert.strictEqual(result.accuracy, correct / test.features.rows);
    const normalShare = test.labels.filter((label) => label === 0).length / test.labels.length;
    assert.ok(result.accuracy > normalShare, `1-NN ${result.accuracy} vs ${normalShare}`);
  });
});
