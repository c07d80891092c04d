/** Adding a class from a few examples to a trained model's references. */

import * as assert from 'assert';

import { InputError } from '../../src/core/errors';
import { addOneShotClass } from '../../src/core/oneShot';
import { ClassReference } from '../../src/core/types';

function reference(name: string, centroid: number[], threshold: number): ClassReference {
  return { name, count: 100, centroid, radius: 0.001, threshold, exemplars: [centroid] };
}

const KNOWN = [reference('normal', [0, 0], 0.01), reference('dos', [1, 1], 0.03)];

/** Name of the class whose nearest exemplar is closest to `point` (squared Euclidean). */
function nearestExemplarClass(references: ClassReference[], point: number[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const known of references) {
    for (const exemplar of known.exemplars) {
      const distance = exemplar.reduce((sum, value, dim) => sum + (value - point[dim]) ** 2, 0);
      if (distance < bestDistance) [best, bestDistance] = [known.name, distance];
    }
  }
  return best;
}

describe('addOneShotClass', function () {
  it('adds a class that nearest-exemplar classification then predicts', function () {
    const before = nearestExemplarClass(KNOWN, [0.95, 0.05]);
    const references = addOneShotClass(KNOWN, 'probe', [
      [1, 0],
      [0.8, 0.2],
    ]);

    assert.strictEqual(before, 'normal');
    assert.strictEqual(nearestExemplarClass(references, [0.95, 0.05]), 'probe');
    assert.strictEqual(nearestExemplarClass(references, [0.05, 0]), 'normal');
    assert.strictEqual(references.length, 3);
    assert.strictEqual(KNOWN.length, 2, 'the input is not modified');
  });

  it('derives centroid, radius and threshold as documented', function () {
    const [, , added] = addOneShotClass(KNOWN, 'probe', [
      [1, 0],
      [0.8, 0.2],
    ]);
    // Centroid (0.9, 0.1); each exemplar is 0.1^2 + 0.1^2 = 0.02 from it, so radius 0.02.
    // Median of the known thresholds: (0.01 + 0.03) / 2 = 0.02. The two exemplars are
    // 0.2^2 + 0.2^2 = 0.08 apart, which is larger, so the threshold is 0.08.
    assert.deepStrictEqual(
      added.centroid.map((value) => Math.round(value * 1e9) / 1e9),
      [0.9, 0.1],
    );
    assert.ok(Math.abs(added.radius - 0.02) < 1e-12);
    assert.ok(Math.abs(added.threshold - 0.08) < 1e-12);
    assert.strictEqual(added.count, 2);
  });

  it('gives a single example the median of the known thresholds', function () {
    const known = [...KNOWN, reference('r2l', [0, 1], 0.5)];
    const added = addOneShotClass(known, 'u2r', Float32Array.of(0.5, 0.5)).at(-1);
    // Thresholds 0.01, 0.03, 0.5: the median is 0.03; one exemplar has no spread and radius 0.
    assert.strictEqual(added?.threshold, 0.03);
    assert.strictEqual(added?.radius, 0);
    assert.deepStrictEqual(added?.exemplars, [[0.5, 0.5]]);
  });

  it('refuses a name that is taken, whatever its case or spaces', function () {
    assert.throws(() => addOneShotClass(KNOWN, ' DoS ', [[0.5, 0.5]]), InputError);
    assert.throws(() => addOneShotClass(KNOWN, 'dos', [[0.5, 0.5]]), /already has a class/);
  });

  it('refuses an empty name, no examples, or examples of the wrong length', function () {
    assert.throws(() => addOneShotClass(KNOWN, '  ', [[0.5, 0.5]]), InputError);
    assert.throws(() => addOneShotClass(KNOWN, 'probe', []), InputError);
    assert.throws(() => addOneShotClass(KNOWN, 'probe', [[0.5, 0.5, 0.5]]), InputError);
    assert.throws(() => addOneShotClass(KNOWN, 'probe', [[0.5, NaN]]), InputError);
    assert.throws(() => addOneShotClass([], 'probe', [[0.5, 0.5]]), InputError);
  });
});
