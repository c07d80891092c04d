/** Clustering, silhouette, compactness, zero-hinge share and per-class scores. */

import * as assert from 'assert';

import {
  clusterLabelNmi,
  kMeans,
  normalizedMutualInformation,
} from '../../src/core/metrics/clustering';
import { compactness } from '../../src/core/metrics/compactness';
import { perClassScores } from '../../src/core/metrics/perClass';
import { silhouette } from '../../src/core/metrics/silhouette';
import { zeroHingeShare } from '../../src/core/metrics/zeroHinge';

function set(points: number[][], labels: number[]) {
  return {
    embeddings: Float32Array.from(points.flat()),
    dims: points[0].length,
    labels: Int32Array.from(labels),
  };
}

function close(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);
}

/** Three tight blobs in 2-D around (0, 0), (1, 0) and (0, 1); labels 0, 1, 2 by blob. */
function blobs(perBlob: number) {
  const centres = [
    [0, 0],
    [1, 0],
    [0, 1],
  ];
  const points: number[][] = [];
  const labels: number[] = [];
  centres.forEach(([x, y], label) => {
    for (let i = 0; i < perBlob; i++) {
      points.push([x + 0.01 * Math.cos(i), y + 0.01 * Math.sin(i)]);
      labels.push(label);
    }
  });
  return set(points, labels);
}

describe('NMI', function () {
  it('is 1 for the same partition under other names', function () {
    close(
      normalizedMutualInformation(Int32Array.of(0, 0, 1, 1, 2), Int32Array.of(5, 5, 3, 3, 9)),
      1,
    );
  });

  it('is 0 for independent partitions', function () {
    // Each cell of the 2 x 2 table holds one record: p(u, v) = p(u) p(v), so I = 0.
    close(normalizedMutualInformation(Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 1, 0, 1)), 0);
  });

  it('matches the hand-computed value for a partial match', function () {
    // U = [0,0,1,1], V = [0,0,0,1]. H(U) = ln 2, H(V) = -(3/4 ln 3/4 + 1/4 ln 1/4).
    // Cells: (0,0) 2/4, (1,0) 1/4, (1,1) 1/4, so
    // I = 1/2 ln((1/2)/(1/2 * 3/4)) + 1/4 ln((1/4)/(1/2 * 3/4)) + 1/4 ln((1/4)/(1/2 * 1/4))
    //   = 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2; NMI = I / ((H(U) + H(V)) / 2).
    const information = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
    const entropies = Math.log(2) - (0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    const nmi = normalizedMutualInformation(Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 0, 0, 1));
    close(nmi, information / (entropies / 2));
  });

  it('k-means finds three well separated blobs, so NMI with their labels is 1', function () {
    const data = blobs(20);
    const clusters = kMeans(data.embeddings, 2, 3, 4);
    assert.strictEqual(new Set(clusters).size, 3);
    close(clusterLabelNmi(data.embeddings, 2, data.labels, 4), 1);
  });

  it('is below 1 when the labels cut across the clusters', function () {
    // Labels alternate inside each blob (10 of each per blob): clusters say nothing about them.
    const data = blobs(20);
    const labels = data.labels.map((_, row) => row % 2);
    assert.ok(clusterLabelNmi(data.embeddings, 2, labels, 4) < 0.1);
  });
});

describe('silhouette', function () {
  it('is near 1 for two well separated pairs, as derived by hand', function () {
    // x = 0, 1 (a) and 10, 11 (b): a(i) = 1 for all; b(i) = 10.5, 9.5, 9.5, 10.5.
    // s = 9.5/10.5, 8.5/9.5, 8.5/9.5, 9.5/10.5; the mean is their average.
    const value = silhouette(set([[0], [1], [10], [11]], [0, 0, 1, 1]), 1);
    close(value, (9.5 / 10.5 + 8.5 / 9.5) / 2);
    assert.ok(value > 0.89);
  });

  it('is negative when each point sits with the other class', function () {
    // Same points, labels a b a b: s = (6-10)/10, (5-10)/10, (5-10)/10, (6-10)/10; mean -0.45.
    close(silhouette(set([[0], [1], [10], [11]], [0, 1, 0, 1]), 1), -0.45);
  });

  it('counts a record alone in its class as 0', function () {
    // x = 0, 1 (a), 5 (b): s = (5-1)/5, (4-1)/4, 0; mean (0.8 + 0.75) / 3.
    close(silhouette(set([[0], [1], [5]], [0, 0, 1]), 1), 1.55 / 3);
  });

  it('is NaN for a single class', function () {
    assert.ok(Number.isNaN(silhouette(set([[0], [1]], [0, 0]), 1)));
  });

  it('samples large sets with the seed', function () {
    const data = blobs(1000);
    const value = silhouette(data, 9, 300);
    assert.strictEqual(silhouette(data, 9, 300), value);
    assert.ok(value > 0.95);
  });
});

describe('compactness', function () {
  it('is the mean distance to the centroid over the mean centroid distance', function () {
    // a: (0,0), (2,0), centroid (1,0); b: (0,4), (2,4), centroid (1,4). Every record is 1 from
    // its centroid; the centroids are 4 apart: 1 / 4.
    close(
      compactness(
        set(
          [
            [0, 0],
            [2, 0],
            [0, 4],
            [2, 4],
          ],
          [0, 0, 1, 1],
        ),
      ),
      0.25,
    );
  });

  it('averages over every pair of classes', function () {
    // Add c: (5, 0) alone. Within: (1+1+1+1+0)/5 = 0.8. Centroid pairs: a-b 4, a-c 4,
    // b-c sqrt(4^2 + 4^2). Compactness = 0.8 / ((8 + 4 sqrt 2) / 3).
    const points = [
      [0, 0],
      [2, 0],
      [0, 4],
      [2, 4],
      [5, 0],
    ];
    close(compactness(set(points, [0, 0, 1, 1, 2])), 0.8 / ((8 + 4 * Math.SQRT2) / 3));
  });
});

describe('zero-hinge share', function () {
  it('is 1 for well separated classes and a small margin', function () {
    assert.strictEqual(zeroHingeShare(blobs(10), 0.2, 1, 500), 1);
  });

  it('is 0 when every record sits on the same spot and the margin is positive', function () {
    // d(a,p) = d(a,n) = 0, so the loss is alpha > 0 for every triplet.
    assert.strictEqual(zeroHingeShare(set([[1], [1], [1], [1]], [0, 0, 1, 1]), 0.1, 1, 200), 0);
  });

  it('is about one half when one anchor of two meets the margin', function () {
    // a: 0, 1; b: 3. Only a can anchor. Anchor 0: 1 - 9 + 5 < 0, zero loss.
    // Anchor 1: 1 - 4 + 5 > 0. Anchors are drawn uniformly, so the share tends to 1/2.
    const share = zeroHingeShare(set([[0], [1], [3]], [0, 0, 1]), 5, 1, 10_000);
    assert.ok(Math.abs(share - 0.5) < 0.03, `share ${share}`);
  });

  it('is NaN with a single class', function () {
    assert.ok(Number.isNaN(zeroHingeShare(set([[0], [1]], [0, 0]), 0.2, 1)));
  });
});

describe('per-class precision and recall', function () {
  it('counts hits, misses and records with no prediction', function () {
    // truth x x y y z, predicted x y y y (none). x: 1 of 1 predicted right, 1 of 2 found.
    // y: 2 of 3 predicted right, 2 of 2 found. z: never predicted, 0 of 1 found.
    const scores = perClassScores(
      Int32Array.of(0, 0, 1, 1, 2),
      ['x', 'y', 'z'],
      Int32Array.of(0, 1, 1, 1, -1),
    );
    assert.deepStrictEqual(scores, {
      x: { precision: 1, recall: 0.5, support: 2 },
      y: { precision: 2 / 3, recall: 1, support: 2 },
      z: { precision: 0, recall: 0, support: 1 },
    });
  });

  it('matches predictions to classes by name', function () {
    // The model orders its classes [y, x]: prediction 0 means y.
    const scores = perClassScores(Int32Array.of(0, 1), ['x', 'y'], Int32Array.of(1, 0), ['y', 'x']);
    assert.strictEqual(scores.x.recall, 1);
    assert.strictEqual(scores.y.recall, 1);
  });
});
