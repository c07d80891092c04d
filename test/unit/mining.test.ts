import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';

import { initBackend } from '../../src/core/backend';
import { createRandom } from '../../src/core/metrics/random';
import { applyPoolChoice, choosePoolTriplets } from '../../src/core/train/mining';
import { groupByClass, stratifiedSplit, TripletSampler } from '../../src/core/train/sampling';

/**
 * A pool of batch 2 on a line: anchors at 0 (class 0) and 10 (class 1), then their positives
 * at 1 (class 0) and 10.5 (class 1). Squared distances from anchor 0: 0, 100, 1, 110.25.
 */
const pool = [[0], [10], [1], [10.5]];
const poolLabels = Int32Array.from([0, 1, 0, 1]);

describe('mining', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('batch-hard picks the farthest same-class and nearest other-class record', () => {
    const embeddings = tf.tensor2d(pool);
    const choice = choosePoolTriplets(embeddings, poolLabels, 'hard');

    // Anchor 0: same class {2} -> 2; other class {1, 3}, nearest 1 (100 < 110.25).
    // Anchor 1: same class {3} -> 3; other class {0, 2}, nearest 2 (81 < 100).
    assert.deepStrictEqual(Array.from(choice.positives), [2, 3]);
    assert.deepStrictEqual(Array.from(choice.negatives), [1, 2]);
    assert.deepStrictEqual(Array.from(choice.found), [1, 1]);
    embeddings.dispose();
  });

  it('semi-hard keeps the positive and picks the nearest negative beyond it', () => {
    // Anchor 0 at 0, positive at 5 (d = 25); negatives at 3 (d = 9, too near) and 6 (d = 36).
    const embeddings = tf.tensor2d([[0], [3], [5], [6]]);
    const labels = Int32Array.from([0, 1, 0, 1]);
    const choice = choosePoolTriplets(embeddings, labels, 'semi-hard');

    assert.strictEqual(choice.positives[0], 2);
    assert.strictEqual(choice.negatives[0], 3);
    embeddings.dispose();
  });

  it('maps pool choices back to record numbers', () => {
    const sampled = {
      anchors: Int32Array.from([40, 41]),
      positives: Int32Array.from([50, 51]),
      negatives: Int32Array.from([60, 61]),
    };
    const choice = {
      positives: Int32Array.from([2, 3]),
      negatives: Int32Array.from([1, 2]),
      found: Uint8Array.from([1, 0]),
    };
    const mined = applyPoolChoice(sampled, choice);

    assert.deepStrictEqual(Array.from(mined.positives), [50, 51]);
    assert.deepStrictEqual(Array.from(mined.negatives), [41, 61]);
  });
});

describe('class-balanced sampling', () => {
  // 1000 records of class 0, 11 of class 1, 100 of class 2.
  const labels = Int32Array.from([
    ...new Array(1000).fill(0),
    ...new Array(11).fill(1),
    ...new Array(100).fill(2),
  ]);

  it('draws valid triplets, with the rare class as often as the others', () => {
    const groups = groupByClass(labels, 3, Int32Array.from(labels.keys()));
    const sampler = new TripletSampler(groups, createRandom(3));
    const triplets = sampler.sample(3000);
    const anchorsOf = [0, 0, 0];

    triplets.anchors.forEach((anchor, slot) => {
      anchorsOf[labels[anchor]]++;
      assert.notStrictEqual(triplets.positives[slot], anchor);
      assert.strictEqual(labels[triplets.positives[slot]], labels[anchor]);
      assert.notStrictEqual(labels[triplets.negatives[slot]], labels[anchor]);
    });
    // Each class is expected 1000 times; 800 is over six standard deviations below.
    assert.ok(
      anchorsOf.every((count) => count > 800),
      `anchors per class: ${anchorsOf}`,
    );
  });

  it('splits every class by the same share, keeping two of each for training', () => {
    const split = stratifiedSplit(labels, 3, 0.1, createRandom(5));
    const held = [0, 0, 0];
    split.validation.forEach((record) => held[labels[record]]++);

    // floor(1000 * 0.1), floor(11 * 0.1), floor(100 * 0.1).
    assert.deepStrictEqual(held, [100, 1, 10]);
    assert.strictEqual(split.training.length + split.validation.length, labels.length);
    assert.strictEqual(new Set([...split.training, ...split.validation]).size, labels.length);
  });
});
