import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { runTrain } from '../../src/cli/train';
import { initBackend } from '../../src/core/backend';
import { fileSystemIO } from '../../src/core/bundle/fileIO';
import { CancelledError } from '../../src/core/errors';
import { createRandom } from '../../src/core/metrics/random';
import { trainModel } from '../../src/core/train/trainer';
import {
  DEFAULT_TRAIN_CONFIG,
  type LabelledFeatures,
  type TrainConfig,
} from '../../src/core/types';

const NSL_KDD = '/work/shared/data/nsl-kdd/train.csv';

/** Gaussian clusters, one per class, the last class holding only `rare` records. */
export function gaussianClusters(
  rows: number,
  features: number,
  classes: number,
  rare = 6,
): LabelledFeatures {
  const random = createRandom(11);
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: classes }, () =>
    Array.from({ length: features }, () => 3 * normal()),
  );

  const values = new Float32Array(rows * features);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    labels[row] = row < rare ? classes - 1 : row % (classes - 1);
    for (let at = 0; at < features; at++) {
      values[row * features + at] = centres[labels[row]][at] + normal();
    }
  }
  const classNames = Array.from({ length: classes }, (_, label) => `class-${label}`);
  return { values, rows, features, labels, classNames };
}

const small: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, epochs: 3, batchSize: 64 };

async function weightsAfterTraining(
  data: LabelledFeatures,
  config: TrainConfig,
): Promise<number[]> {
  const result = await trainModel(data, config);
  const weights = result.model.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
  result.model.dispose();
  return weights;
}

describe('training', () => {
  const data = gaussianClusters(600, 12, 4);

  before(async () => {
    await initBackend('wasm');
  });

  it('keeps the number of tensors constant from epoch to epoch, and frees them after', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await trainModel(
      data,
      { ...small, epochs: 4 },
      {
        onEpoch: () => counts.push(tf.memory().numTensors),
      },
    );

    assert.strictEqual(counts.length, 4);
    assert.ok(
      counts.every((count) => count === counts[0]),
      `tensors per epoch: ${counts}`,
    );
    result.model.dispose();
    assert.strictEqual(tf.memory().numTensors, before);
  });

  it('reports each epoch and learns to separate the clusters', async () => {
    const result = await trainModel(data, { ...small, epochs: 6 });

    assert.strictEqual(result.history.length, 6);
    const first = result.history[0];
    const last = result.history[result.history.length - 1];
    assert.ok(last.loss < first.loss, `loss ${first.loss} -> ${last.loss}`);
    assert.ok(Number.isFinite(last.validationLoss));
    assert.ok(last.zeroHingeShare > first.zeroHingeShare);
    assert.ok(result.history.every((report) => report.tripletsPerSecond > 0));
    result.model.dispose();
  });

  it('gives identical weights for the same seed and different ones for another', async () => {
    for (const mining of ['random', 'hard'] as const) {
      const config = { ...small, mining };
      const first = await weightsAfterTraining(data, config);
      const again = await weightsAfterTraining(data, config);
      const other = await weightsAfterTraining(data, { ...config, seed: config.seed + 1 });

      assert.deepStrictEqual(again, first);
      assert.notDeepStrictEqual(other, first);
    }
  });

  it('stops within one batch of a cancellation, throwing CancelledError', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let epochs = 0;

    await assert.rejects(
      trainModel(
        data,
        { ...small, epochs: 50 },
        {
          signal: controller.signal,
          onEpoch: () => {
            epochs++;
            controller.abort();
          },
        },
      ),
      CancelledError,
    );
    assert.strictEqual(epochs, 1);
    assert.strictEqual(tf.memory().numTensors, before);
  });

  it('stops early when the validation loss stops improving, keeping the best epoch', async () => {
    const config = { ...small, epochs: 40, patience: 1, learningRate: 0.05 };
    const result = await trainModel(data, config);

    const losses = result.history.map((report) => report.validationLoss);
    const best = Math.min(...losses);
    assert.strictEqual(losses[result.bestEpoch - 1], best);
    if (result.stoppedEarly) assert.strictEqual(result.history.length, result.bestEpoch + 1);
    else assert.strictEqual(result.history.length, 40);
    result.model.dispose();
  });
});

describe('train command on NSL-KDD', () => {
  let folder: string;

  before(async () => {
    await initBackend('wasm');
    folder = mkdtempSync(path.join(os.tmpdir(), 'siamese-train-'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('writes a bundle whose network tf.loadLayersModel loads', async function () {
    this.timeout(300000);
    const out = path.join(folder, 'bundle');
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof write;
    try {
      await runTrain([
        NSL_KDD,
        '--label',
        'attack_class',
        '--ignore',
        'attack,difficulty',
        '--epochs',
        '5',
        '--backend',
        'wasm',
        '--out',
        out,
      ]);
    } finally {
      process.stdout.write = write;
    }

    const summary = JSON.parse(lines[lines.length - 1]);
    assert.strictEqual(summary.bundle, out);
    assert.strictEqual(summary.records, 25192);
    assert.strictEqual(summary.classes, 5);
    assert.ok(Number.isFinite(summary.final_loss));

    const model = await tf.loadLayersModel(fileSystemIO(out));
    assert.deepStrictEqual(model.inputs[0].shape, [null, summary.features]);
    const embedding = tf.tidy(() => model.predict(tf.zeros([2, summary.features])) as tf.Tensor);
    const values = Array.from(embedding.dataSync());
    assert.strictEqual(values.length, 2 * 3);
    assert.ok(values.every((entry) => entry >= 0 && entry <= 1));
    embedding.dispose();
    model.dispose();
  });
});
