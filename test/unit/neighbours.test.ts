import * as assert from 'assert';

import { nearestNeighbours, squaredDistance } from '../../src/extension/cluster/neighbours';
import { nearestOnScreen, pointsInBox, projectPoint } from '../../src/webview/picking';

describe('nearest neighbours by squared Euclidean distance', () => {
  // Five 2-D embeddings on a line: x = 0, 1, 3, 6, 10.
  const line = new Float32Array([0, 0, 1, 0, 3, 0, 6, 0, 10, 0]);

  it('lists the k nearest, nearest first, leaving out the point itself', () => {
    const hits = nearestNeighbours(line, 2, 2, 3);
    // From x = 3: x = 1 (4), x = 6 (9), x = 0 (9): the tie goes to the lower index.
    assert.deepStrictEqual(hits, [
      { index: 1, distance: 4 },
      { index: 0, distance: 9 },
      { index: 3, distance: 9 },
    ]);
  });

  it('returns every other point when k exceeds them', () => {
    const hits = nearestNeighbours(line, 2, 0, 10);
    assert.deepStrictEqual(
      hits.map((hit) => hit.index),
      [1, 2, 3, 4],
    );
    assert.deepStrictEqual(
      hits.map((hit) => hit.distance),
      [1, 9, 36, 100],
    );
  });

  it('agrees with sorting all distances, on random embeddings', () => {
    const dims = 7;
    const count = 500;
    let seed = 99;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const embeddings = Float32Array.from({ length: count * dims }, random);

    for (const query of [0, 123, count - 1]) {
      const expected = Array.from({ length: count }, (_, index) => ({
        index,
        distance: squaredDistance(embeddings, query * dims, index * dims, dims),
      }))
        .filter((hit) => hit.index !== query)
        .sort((a, b) => a.distance - b.distance || a.index - b.index)
        .slice(0, 10);
      assert.deepStrictEqual(nearestNeighbours(embeddings, dims, query, 10), expected);
    }
  });

  it('rejects a point outside the embeddings', () => {
    assert.throws(() => nearestNeighbours(line, 2, 5, 3), RangeError);
    assert.throws(() => nearestNeighbours(line, 2, -1, 3), RangeError);
  });
});

describe('picking points on screen', () => {
  // An orthographic view-projection of the unit square onto a 100 x 100 canvas: x and y map
  // from -1..1 to 0..100 pixels (y downwards), z passes through as depth.
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const viewport = { width: 100, height: 100 };
  // Points at pixels (50, 50), (60, 50) near, (60, 50) far, (10, 90).
  const positions = new Float32Array([0, 0, 0, 0.2, 0, -0.5, 0.2, 0, 0.5, -0.8, -0.8, 0]);

  it('projects world points to canvas pixels', () => {
    assert.deepStrictEqual(projectPoint(identity, 0.2, 0, -0.5, viewport), {
      x: 60,
      y: 50,
      depth: -0.5,
    });
    assert.strictEqual(projectPoint(identity, 0, 0, 2, viewport), undefined);
  });

  it('takes the nearest point within the tolerance, and none beyond it', () => {
    assert.strictEqual(nearestOnScreen(positions, undefined, identity, viewport, 52, 51, 8), 0);
    assert.strictEqual(nearestOnScreen(positions, undefined, identity, viewport, 30, 30, 8), -1);
  });

  it('prefers the point nearer the camera when two are equally close on screen', () => {
    assert.strictEqual(nearestOnScreen(positions, undefined, identity, viewport, 60, 50, 8), 1);
    const farFirst = new Float32Array([0.2, 0, 0.5, 0.2, 0, -0.5]);
    assert.strictEqual(nearestOnScreen(farFirst, undefined, identity, viewport, 60, 50, 8), 1);
  });

  it('skips hidden points', () => {
    const visible = new Uint8Array([1, 0, 1, 1]);
    assert.strictEqual(nearestOnScreen(positions, visible, identity, viewport, 60, 50, 8), 2);
  });

  it('selects the visible points inside a box', () => {
    const box = { left: 45, top: 40, right: 65, bottom: 60 };
    assert.deepStrictEqual(
      Array.from(pointsInBox(positions, undefined, identity, viewport, box)),
      [0, 1, 2],
    );
    const visible = new Uint8Array([0, 1, 1, 1]);
    assert.deepStrictEqual(
      Array.from(pointsInBox(positions, visible, identity, viewport, box)),
      [1, 2],
    );
  });
});
