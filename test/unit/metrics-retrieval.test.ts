/** Nearest-neighbour search and the retrieval metrics (precision@1, R-precision, MAP@R). */

import * as assert from 'assert';

import { forEachDistanceRow, ReferenceRows } from '../../src/core/metrics/distances';
import { createRandom } from '../../src/core/metrics/random';
import { retrievalScores, selectKth } from '../../src/core/metrics/retrieval';

const ALL = { precisionQueries: Infinity, mapQueries: Infinity, maxR: Infinity };

/** One-dimensional embeddings: `x` are the positions. */
function line(x: number[], labels: number[]) {
  return { embeddings: Float32Array.from(x), dims: 1, labels: Int32Array.from(labels) };
}

describe('squared distances', function () {
  it('match a direct computation for mostly-zero and dense rows, any block remainder', function () {
    const random = createRandom(7);
    const dims = 9;
    const values = (rows: number) =>
      Float32Array.from({ length: rows * dims }, () => (random() < 0.6 ? 0 : random() * 4 - 2));
    const queries = values(7);
    const references = new ReferenceRows(values(11), dims);

    const seen: number[] = [];
    forEachDistanceRow(queries, Int32Array.from([0, 1, 2, 3, 4, 5, 6]), references, (q, row) => {
      seen.push(q);
      for (let r = 0; r < references.rows; r++) {
        let expected = 0;
        for (let d = 0; d < dims; d++) {
          expected += (queries[q * dims + d] - references.values[r * dims + d]) ** 2;
        }
        assert.ok(Math.abs(row[r] - expected) < 1e-9, `query ${q}, reference ${r}`);
      }
    });
    assert.deepStrictEqual(seen, [0, 1, 2, 3, 4, 5, 6]);
  });

  it('selectKth finds the same value as sorting', function () {
    const random = createRandom(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Float64Array.from({ length: 1 + (trial % 17) }, () =>
        Math.floor(random() * 5),
      );
      const sorted = [...values].sort((a, b) => a - b);
      const k = trial % values.length;
      assert.strictEqual(selectKth(Float64Array.from(values), k), sorted[k]);
    }
  });
});

describe('retrieval metrics', function () {
  it('are 1 for two well separated clusters', function () {
    const set = line([0, 0.1, 0.2, 5, 5.1, 5.2], [0, 0, 0, 1, 1, 1]);
    const scores = retrievalScores(set, undefined, 1, ALL);
    assert.deepStrictEqual(scores, { precisionAtOne: 1, rPrecision: 1, mapAtR: 1 });
  });

  it('give the hand-derived values on four points, leave-one-out', function () {
    // x = [0, 1, 5, 2.5], labels [a, a, a, b]; squared distances from each query:
    // q0 (a): 1->1 (a), 3->6.25 (b), 2->25 (a). R = 2: [a, b] -> P@1 1, RP 1/2, AP (1 + 0)/2 = 1/2
    // q1 (a): 0->1 (a), 3->2.25 (b), 2->16 (a). R = 2: [a, b] -> P@1 1, RP 1/2, AP 1/2
    // q2 (a): 3->6.25 (b), 1->16 (a), 0->25 (a). R = 2: [b, a] -> P@1 0, RP 1/2, AP (0 + 1/2)/2
    // q3 (b): nearest 1 (a) -> P@1 0; R = 0, so no RP or AP.
    // precision@1 = 2/4; R-precision = 1/2; MAP@R = (1/2 + 1/2 + 1/4) / 3 = 5/12.
    const set = line([0, 1, 5, 2.5], [0, 0, 0, 1]);
    const scores = retrievalScores(set, undefined, 1, ALL);
    assert.strictEqual(scores.precisionAtOne, 0.5);
    assert.ok(Math.abs(scores.rPrecision - 0.5) < 1e-12);
    assert.ok(Math.abs(scores.mapAtR - 5 / 12) < 1e-12);
  });

  it('cap R: with maxR 1 the same four points score like precision@1 on q0..q2', function () {
    // R = min(2, 1) = 1 for q0..q2, whose nearest are a, a, b: RP = MAP@R = 2/3.
    const set = line([0, 1, 5, 2.5], [0, 0, 0, 1]);
    const scores = retrievalScores(set, undefined, 1, { ...ALL, maxR: 1 });
    assert.ok(Math.abs(scores.rPrecision - 2 / 3) < 1e-12);
    assert.ok(Math.abs(scores.mapAtR - 2 / 3) < 1e-12);
  });

  it('search a separate reference set, without leaving anything out', function () {
    // References: 0 (a), 1 (a), 10 (b), 11 (b). Queries 0.4 (a) -> 0, 1 (a a): all right.
    // 10.6 (b) -> 11, 10 (b b): all right. 9 (a) -> 10, 11 (b b): all wrong.
    const reference = line([0, 1, 10, 11], [0, 0, 1, 1]);
    const queries = line([0.4, 10.6, 9], [0, 1, 0]);
    const scores = retrievalScores(queries, reference, 1, ALL);
    assert.ok(Math.abs(scores.precisionAtOne - 2 / 3) < 1e-12);
    assert.ok(Math.abs(scores.rPrecision - 2 / 3) < 1e-12);
    assert.ok(Math.abs(scores.mapAtR - 2 / 3) < 1e-12);
  });

  it('fall to chance-like values when the labels ignore the geometry', function () {
    // Alternating labels along a line: every nearest neighbour has the other label.
    const set = line([0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 0, 1, 0, 1, 0, 1]);
    const scores = retrievalScores(set, undefined, 1, ALL);
    assert.strictEqual(scores.precisionAtOne, 0);
    assert.ok(scores.mapAtR < 0.5);
  });

  it('sample queries with the seed: same seed, same figures', function () {
    const random = createRandom(11);
    const count = 300;
    const set = {
      embeddings: Float32Array.from({ length: count * 2 }, () => random()),
      dims: 2,
      labels: Int32Array.from({ length: count }, (_, row) => row % 3),
    };
    const limits = { precisionQueries: 50, mapQueries: 20, maxR: 30 };
    const first = retrievalScores(set, undefined, 5, limits);
    assert.deepStrictEqual(retrievalScores(set, undefined, 5, limits), first);
    assert.ok(first.precisionAtOne >= 0 && first.precisionAtOne <= 1);
  });
});
