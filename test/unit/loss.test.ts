import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';

import { initBackend } from '../../src/core/backend';
import {
  contrastiveLoss,
  facenetLoss,
  linearLoss,
  losslessLoss,
  zeroHingeMask,
  type TripletLoss,
} from '../../src/core/train/losses';

/** A triplet in N = 3 with d(a,p) = 1.2 and d(a,n) = 2.4 (each coordinate squared adds up). */
function handTriplet(): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const anchor = tf.tensor2d([[0, 0, 0]]);
  const positive = tf.tensor2d([[Math.sqrt(0.4), Math.sqrt(0.4), Math.sqrt(0.4)]]);
  const negative = tf.tensor2d([[Math.sqrt(0.8), Math.sqrt(0.8), Math.sqrt(0.8)]]);
  return [anchor, positive, negative];
}

function value(loss: TripletLoss, triplet: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]): number {
  return tf.tidy(() => loss(...triplet).dataSync()[0]);
}

describe('triplet losses', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('match hand-computed values at d(a,p) = 1.2, d(a,n) = 2.4, N = 3', () => {
    const triplet = handTriplet();

    assert.strictEqual(value(facenetLoss(0.2), triplet), 0);
    const lossless = -Math.log(-1.2 / 3 + 1 + 1e-8) - Math.log(-(3 - 2.4) / 3 + 1 + 1e-8);
    assert.ok(Math.abs(value(losslessLoss(3), triplet) - lossless) < 1e-5);
    assert.ok(Math.abs(value(linearLoss(3), triplet) - (1.2 - 2.4 + 3)) < 1e-5);
    // sqrt(2.4) > 1, so the dissimilar pair costs nothing: (1.2 + 0) / 2.
    assert.ok(Math.abs(value(contrastiveLoss(1), triplet) - 0.6) < 1e-5);

    tf.dispose(triplet);
  });

  it('lossless keeps a gradient where FaceNet has none', () => {
    const [anchor, positive, negative] = handTriplet();
    const gradient = tf.grad((a: tf.Tensor) =>
      losslessLoss(3)(a as tf.Tensor2D, positive, negative),
    );
    const facenet = tf.grad((a: tf.Tensor) =>
      facenetLoss(0.2)(a as tf.Tensor2D, positive, negative),
    );

    const lossless = gradient(anchor);
    const hinge = facenet(anchor);
    assert.ok(tf.norm(lossless).dataSync()[0] > 0);
    assert.strictEqual(tf.norm(hinge).dataSync()[0], 0);

    tf.dispose([anchor, positive, negative, lossless, hinge]);
  });

  it('stay finite, with finite gradients, at d = 0 and d = N', () => {
    const zero = tf.tensor2d([[0, 0, 0]]);
    const one = tf.tensor2d([[1, 1, 1]]);
    const cases: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D][] = [
      [zero, zero, zero],
      [zero, one, zero],
      [zero, zero, one],
      [zero, one, one],
    ];
    const losses = [losslessLoss(3), linearLoss(3), facenetLoss(0.2), contrastiveLoss(1)];

    for (const loss of losses) {
      for (const [anchor, positive, negative] of cases) {
        const gradient = tf.grad((a: tf.Tensor) => loss(a as tf.Tensor2D, positive, negative));
        const result = value(loss, [anchor, positive, negative]);
        const slope = gradient(anchor);
        assert.ok(Number.isFinite(result), `loss ${result}`);
        assert.ok(Array.from(slope.dataSync()).every(Number.isFinite));
        slope.dispose();
      }
    }

    tf.dispose([zero, one]);
  });

  it('flags exactly the triplets whose FaceNet loss is zero', () => {
    const anchor = tf.tensor2d([
      [0, 0],
      [0, 0],
    ]);
    const positive = tf.tensor2d([
      [0.1, 0],
      [0.9, 0],
    ]);
    const negative = tf.tensor2d([
      [1, 0],
      [0.3, 0],
    ]);

    // d(a,p) = 0.01, d(a,n) = 1: satisfied. d(a,p) = 0.81, d(a,n) = 0.09: not.
    const mask = zeroHingeMask(anchor, positive, negative, 0.2);
    assert.deepStrictEqual(Array.from(mask.dataSync()), [1, 0]);

    tf.dispose([anchor, positive, negative, mask]);
  });
});
