/** Three-axis PCA for the cluster view. */

import * as assert from 'assert';

import { fitPca3, pca3, projectPca3, symmetricEigen } from '../../src/core/pca';
import { createRandom } from '../../src/core/metrics/random';

/** `count` points in 5-D: `t * axis` for t spread over [0, 1], plus small noise on every dim. */
function alongAxis(axis: number[], count: number, noise: number, seed: number) {
  const random = createRandom(seed);
  const embeddings = new Float32Array(count * axis.length);
  for (let row = 0; row < count; row++) {
    const t = row / (count - 1);
    axis.forEach((value, dim) => {
      embeddings[row * axis.length + dim] = 0.2 + t * value + noise * (random() - 0.5);
    });
  }
  return embeddings;
}

describe('pca3', function () {
  it('decomposes a 2 x 2 symmetric matrix into its known eigenpairs', function () {
    // [[2, 1], [1, 2]]: eigenvalue 3 with (1, 1)/sqrt 2, eigenvalue 1 with (1, -1)/sqrt 2.
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    const big = values[0] > values[1] ? 0 : 1;
    assert.ok(Math.abs(values[big] - 3) < 1e-12 && Math.abs(values[1 - big] - 1) < 1e-12);
    assert.ok(Math.abs(Math.abs(vectors[big]) - Math.SQRT1_2) < 1e-12);
    assert.ok(Math.abs(vectors[big] - vectors[2 + big]) < 1e-12);
  });

  it('recovers the dominant axis of points spread along one direction', function () {
    // Axis (2, 3, 0, -6, 0) / 7 is a unit vector; the noise is tiny next to the spread along it.
    // Its largest entry is negative, and components point where their largest entry is positive,
    // so the first component comes out as minus the axis.
    const axis = [2 / 7, 3 / 7, 0, -6 / 7, 0];
    const count = 200;
    const result = pca3(alongAxis(axis, count, 0.01, 1), 5, count);

    const first = Array.from(result.components.subarray(0, 5));
    const alignment = first.reduce((sum, value, dim) => sum + value * axis[dim], 0);
    assert.ok(Math.abs(alignment + 1) < 1e-3, `alignment ${alignment}`);
    assert.ok(result.explained[0] > 0.99);

    // The first position runs across the whole cube along the line, the others stay near 0.5.
    const xs = Array.from({ length: count }, (_, row) => result.positions[row * 3]);
    const direction = Math.sign(xs[count - 1] - xs[0]);
    assert.ok(Math.abs(xs[count - 1] - xs[0]) > 0.99);
    for (let row = 1; row < count; row++) assert.ok(direction * (xs[row] - xs[row - 1]) > -0.02);
    for (let row = 0; row < count; row++) {
      assert.ok(Math.abs(result.positions[row * 3 + 1] - 0.5) < 0.05);
      assert.ok(Math.abs(result.positions[row * 3 + 2] - 0.5) < 0.05);
    }
    assert.ok(result.positions.every((value) => value >= 0 && value <= 1));
  });

  it('fits on a sample and projects other records, clamped into the cube', function () {
    const axis = [0, 0, 1, 0];
    const embeddings = alongAxis(axis, 400, 0.001, 2);
    const fitted = fitPca3(embeddings, 4, 400, 50, 3);
    const projected = projectPca3(fitted, embeddings, 400);

    assert.strictEqual(projected.length, 400 * 3);
    assert.ok(projected.every((value) => value >= 0 && value <= 1));
    assert.ok(Math.abs(fitted.components[2] - 1) < 1e-3);

    const far = projectPca3(fitted, Float32Array.of(0, 0, 50, 0), 1);
    assert.strictEqual(far[0], 1);
  });

  it('handles fewer than three dimensions by centring the missing axes', function () {
    const result = pca3(Float32Array.of(0, 0, 1, 1, 2, 2), 2, 3);
    for (let row = 0; row < 3; row++) assert.strictEqual(result.positions[row * 3 + 2], 0.5);
    assert.deepStrictEqual(result.explained.slice(1), [0, 0]);
  });

  it('puts every record at the centre when all coincide', function () {
    const result = pca3(new Float32Array(12).fill(0.3), 4, 3);
    assert.ok(result.positions.every((value) => value === 0.5));
  });
});
