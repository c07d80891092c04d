import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { copyFileSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';

import { initBackend } from '../../src/core/backend';
import { loadBundle, REPORT_FORMAT, saveBundle } from '../../src/core/bundle/bundle';
import { readDataset, type Dataset } from '../../src/core/dataset';
import { embedFile } from '../../src/core/embed/embedFile';
import { DEFAULT_TRAIN_CONFIG, type ClassReference } from '../../src/core/types';
import { rejectsCleanly, scratchFolder, writeInput } from '../fixtures/bad/scratch';

const DIMS = 3;
const HEADER = 'cell_id,latency_ms,vendor,state';

/** A small network `[rows, inputs]` -> `[rows, DIMS]`, its last activation as given. */
function network(inputs: number, activation: 'sigmoid' | 'linear'): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [inputs], units: 4, activation: 'relu' }));
  model.add(tf.layers.dense({ units: DIMS, activation }));
  return model;
}

function references(): ClassReference[] {
  return ['fault', 'ok'].map((name, id) => ({
    name,
    count: 6,
    centroid: [id, 0.5, 0.5],
    radius: 0.1,
    threshold: 0.5,
    exemplars: [[id, 0.5, 0.5]],
  }));
}

/** Saves a bundle for `dataset` with `model` into `folder`. */
async function bundleOf(folder: string, dataset: Dataset, model: tf.LayersModel) {
  const config = { ...DEFAULT_TRAIN_CONFIG, dims: DIMS, epochs: 1 };
  return saveBundle(folder, {
    model,
    encoder: dataset.encoder.toJSON(),
    references: references(),
    report: {
      format: REPORT_FORMAT,
      version: 1,
      createdAt: new Date(0).toISOString(),
      sourceFile: dataset.file,
      sha256: dataset.sha256,
      records: dataset.features.rows,
      features: dataset.features.features,
      classes: [],
      backend: tf.getBackend(),
      config,
      trainingRecords: dataset.features.rows,
      validationRecords: 0,
      bestEpoch: 1,
      monitored: 'training',
      stoppedEarly: false,
      timings: { seconds: 0, trainingSeconds: 0, tripletsPerSecond: 0 },
      history: [],
      metrics: null,
    },
  });
}

describe('bad input: model bundles', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  let dataset: Dataset;
  let good: string;
  const models: tf.LayersModel[] = [];

  before(async () => {
    await initBackend('wasm');
    scratch = scratchFolder();
    const records = Array.from({ length: 12 }, (_, row) => {
      const vendor = row % 2 ? 'Nokia' : 'Ericsson';
      return `C${row},${10 + (row % 5)},${vendor},${row % 3 ? 'ok' : 'fault'}`;
    });
    const training = writeInput(scratch.folder, 'training.csv', [HEADER, ...records].join('\n'));
    dataset = await readDataset(training, { label: 'state', ignore: ['cell_id'] });

    const model = network(dataset.features.features, 'sigmoid');
    models.push(model);
    good = await bundleOf(path.join(scratch.folder, 'good'), dataset, model);
  });

  after(() => {
    models.forEach((model) => model.dispose());
    scratch.remove();
  });

  /** A copy of the good bundle, damaged by `damage`. */
  async function damaged(name: string, damage: (bundle: string) => void): Promise<string> {
    const bundle = await bundleOf(path.join(scratch.folder, name), dataset, models[0]);
    damage(bundle);
    return bundle;
  }

  it('loads the good bundle (the cases below differ from it in one file)', async () => {
    const loaded = await loadBundle(good);
    assert.equal(loaded.model.inputs[0].shape[1], dataset.features.features);
    loaded.model.dispose();
  });

  it('a missing weights file', async () => {
    const bundle = await damaged('no-weights', (folder) =>
      rmSync(path.join(folder, 'weights.bin')),
    );
    await rejectsCleanly(() => loadBundle(bundle), {
      file: path.join(bundle, 'weights.bin'),
      problem: /cannot be read \(ENOENT\)/,
    });
  });

  it('a truncated weights file', async () => {
    const bundle = await damaged('cut-weights', (folder) =>
      truncateSync(path.join(folder, 'weights.bin'), 40),
    );
    await rejectsCleanly(() => loadBundle(bundle), {
      file: path.join(bundle, 'weights.bin'),
      problem: /truncated or does not match: it holds 40 bytes of weights/,
    });
  });

  it('a model.json of another architecture: one input more than the encoder gives', async () => {
    const features = dataset.features.features;
    const wider = network(features + 1, 'sigmoid');
    models.push(wider);
    const other = await bundleOf(path.join(scratch.folder, 'wider'), dataset, wider);
    const bundle = await damaged('wrong-inputs', (folder) => {
      for (const name of ['model.json', 'weights.bin']) {
        copyFileSync(path.join(other, name), path.join(folder, name));
      }
    });
    await rejectsCleanly(() => loadBundle(bundle), {
      file: path.join(bundle, 'model.json'),
      problem: new RegExp(`has ${features + 1} inputs and ${DIMS} outputs, not ${features} inputs`),
    });
  });

  it('a model.json whose embedding layer is not a sigmoid', async () => {
    const linear = network(dataset.features.features, 'linear');
    models.push(linear);
    const bundle = await bundleOf(path.join(scratch.folder, 'linear'), dataset, linear);
    await rejectsCleanly(() => loadBundle(bundle), {
      file: path.join(bundle, 'model.json'),
      problem: /sigmoid/,
    });
  });

  it('embedding a CSV from another data set names the columns and writes nothing', async () => {
    const data = scratchFolder();
    try {
      const records = ['C1,12,Nokia,ok', 'C2,13,Ericsson,fault'];
      const file = writeInput(
        data.folder,
        'other.csv',
        ['cell_id,delay_ms,vendor,state', ...records].join('\n'),
      );
      await rejectsCleanly(() => embedFile(file, good, { backend: 'wasm' }), {
        file,
        line: 1,
        column: 'latency_ms',
        problem: /missing columns the encoder needs: latency_ms; columns the training file/,
      });
    } finally {
      data.remove();
    }
  });

  it('embedding a CSV that fails part-way writes no embeddings file', async () => {
    const data = scratchFolder();
    try {
      // Enough good records for several batches to be written before the ragged one.
      const records = Array.from({ length: 300 }, (_, row) => `C${row},${row % 9},Nokia,ok`);
      records.push('C300,12,Nokia');
      const file = writeInput(data.folder, 'cells.csv', [HEADER, ...records].join('\n'));
      await rejectsCleanly(() => embedFile(file, good, { backend: 'wasm', batchRecords: 64 }), {
        file,
        line: 302,
        column: 'state',
        problem: /3 fields but the header has 4 columns/,
      });
    } finally {
      data.remove();
    }
  });
});
