/**
 * Class references and novelty on small, hand-made embeddings: thresholds come from each record's
 * nearest exemplar other than itself, about 5% of a class's training records lie beyond them,
 * and `classify` finds the same nearest exemplar as a plain search through every exemplar.
 */

import * as tf from '@tensorflow/tfjs';
import * as assert from 'assert';

import { createRandom } from '../../src/core/metrics/random';
import { buildReferences, classify, THRESHOLD_PERCENTILE } from '../../src/core/train/references';
import type { ClassReference, FeatureMatrix } from '../../src/core/types';

function matrix(rows: number[][]): FeatureMatrix {
  return { values: Float32Array.from(rows.flat()), rows: rows.length, features: rows[0].length };
}

/** `count` points around `centre`, each coordinate off by up to `spread` either way. */
function cloud(centre: number[], spread: number, count: number, random: () => number) {
  return Array.from({ length: count }, () =>
    centre.map((value) => value + (random() * 2 - 1) * spread),
  );
}

/** Index and squared distance of the nearest of `exemplars` to `point`, one by one. */
function bruteNearest(point: number[], exemplars: number[][]) {
  let best = { column: -1, distance: Infinity, second: Infinity };
  exemplars.forEach((exemplar, column) => {
    const distance = exemplar.reduce((sum, value, at) => sum + (value - point[at]) ** 2, 0);
    if (distance < best.distance) best = { column, distance, second: best.distance };
    else if (distance < best.second) best.second = distance;
  });
  return best;
}

describe('novelty references', function () {
  it('sets a threshold from the nearest other exemplar, never the record itself', function () {
    // Two classes of two records each, every record an exemplar: matched to itself, each record
    // would be at distance 0; matched to its class's other record, at 0.1^2 and 0.2^2.
    const embeddings = matrix([
      [0, 0, 0],
      [0.1, 0, 0],
      [1, 1, 1],
      [1, 1, 0.8],
    ]);
    const data = { labels: Int32Array.from([0, 0, 1, 1]), classNames: ['normal', 'fault'] };

    const references = buildReferences(embeddings, data, 1);

    assert.strictEqual(references[0].exemplars.length, 2);
    assert.ok(Math.abs(references[0].threshold - 0.01) < 1e-6, `${references[0].threshold}`);
    assert.ok(Math.abs(references[1].threshold - 0.04) < 1e-6, `${references[1].threshold}`);
  });

  it('leaves at most the target share of training records novel, and some', function () {
    const random = createRandom(3);
    const rows = [
      ...cloud([0.2, 0.2, 0.2], 0.1, 3000, random),
      ...cloud([0.8, 0.7, 0.3], 0.1, 2000, random),
    ];
    const labels = Int32Array.from(rows, (_, row) => (row < 3000 ? 0 : 1));
    const embeddings = matrix(rows);

    const references = buildReferences(embeddings, { labels, classNames: ['a', 'b'] }, 5, 200);
    const verdict = classify(embeddings, references);

    // Exemplars match themselves at distance 0 here, so fewer than 5% can be novel.
    const share = verdict.novel.reduce((sum, flag) => sum + flag, 0) / rows.length;
    assert.ok(share <= 1 - THRESHOLD_PERCENTILE, `share ${share}`);
    assert.ok(share > 0.01, `share ${share}`);
  });

  it('calls records far from every known class novel', function () {
    const random = createRandom(4);
    const known = [
      ...cloud([0.2, 0.2, 0.2], 0.05, 1000, random),
      ...cloud([0.8, 0.8, 0.2], 0.05, 1000, random),
    ];
    const labels = Int32Array.from(known, (_, row) => (row < 1000 ? 0 : 1));
    const references = buildReferences(matrix(known), { labels, classNames: ['a', 'b'] }, 6);

    // Every unknown point is at least 0.3 from every known one in the third coordinate, far
    // beyond distances inside a cloud of half-width 0.05.
    const unknown = cloud([0.5, 0.5, 0.8], 0.05, 500, random);
    const verdict = classify(matrix(unknown), references);

    assert.ok(verdict.novel.every((flag) => flag === 1));
  });

  it('finds the nearest exemplar as a one-by-one search does, leaving no tensor', function () {
    const random = createRandom(7);
    const dims = 4;
    const references: ClassReference[] = [0, 1, 2].map((label) => ({
      name: `class ${label}`,
      count: 300,
      centroid: new Array<number>(dims).fill(0.5),
      radius: 0,
      threshold: 0.001 * (label + 1),
      exemplars: cloud(new Array<number>(dims).fill(0.5), 0.5, 300, random),
    }));
    const exemplars = references.flatMap((reference) => reference.exemplars);
    // More rows than one block of the search, so that block edges are crossed.
    const points = cloud(new Array<number>(dims).fill(0.5), 0.6, 5000, random);

    const tensorsBefore = tf.memory().numTensors;
    const verdict = classify(matrix(points), references);
    assert.strictEqual(tf.memory().numTensors, tensorsBefore);

    let compared = 0;
    points.forEach((point, row) => {
      const nearest = bruteNearest(point, exemplars);
      assert.ok(Math.abs(verdict.distance[row] - nearest.distance) < 1e-5, `row ${row}`);
      const label = Math.floor(nearest.column / 300);
      const novel = nearest.distance > references[label].threshold ? 1 : 0;
      // Where two exemplars are all but equally near, rounding may pick either.
      if (nearest.second - nearest.distance < 1e-5) return;
      compared += 1;
      assert.strictEqual(verdict.predicted[row], label, `row ${row}`);
      assert.strictEqual(verdict.novel[row], novel, `row ${row}`);
    });
    assert.ok(compared > 4900, `only ${compared} rows compared`);
  });
});
