import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { initBackend } from '../../src/core/backend';
import {
  defaultBundleName,
  loadBundle,
  REPORT_FORMAT,
  saveBundle,
  type BundleContents,
} from '../../src/core/bundle/bundle';
import { readDataset } from '../../src/core/dataset';
import { InputError } from '../../src/core/errors';
import { buildReferences, classify, embedRecords } from '../../src/core/train/references';
import { trainModel } from '../../src/core/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type LabelledFeatures } from '../../src/core/types';

describe('model bundle', () => {
  let folder: string;
  let contents: BundleContents;
  let data: LabelledFeatures;

  before(async () => {
    await initBackend('wasm');
    folder = mkdtempSync(path.join(os.tmpdir(), 'siamese-bundle-'));

    const csv = ['size,kind,state'];
    for (let row = 0; row < 120; row++) {
      const state = ['ok', 'fault', 'alarm'][row % 3];
      csv.push(`${(row % 3) * 10 + (row % 7) / 7},${row % 2 ? 'a' : 'b'},${state}`);
    }
    const file = path.join(folder, 'cells.csv');
    writeFileSync(file, csv.join('\n') + '\n');
    const dataset = await readDataset(file, { label: 'state' });
    data = { ...dataset.features, labels: dataset.labels!, classNames: dataset.classNames };

    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 2, batchSize: 32 };
    const result = await trainModel(data, config);
    const references = buildReferences(embedRecords(result.model, data), data, config.seed, 8);
    contents = {
      model: result.model,
      encoder: dataset.encoder.toJSON(),
      references,
      report: {
        format: REPORT_FORMAT,
        version: 1,
        createdAt: new Date(0).toISOString(),
        sourceFile: file,
        sha256: dataset.sha256,
        records: data.rows,
        features: data.features,
        classes: references.map(({ name, count }) => ({ name, count })),
        backend: tf.getBackend(),
        config,
        trainingRecords: result.trainingRecords.length,
        validationRecords: result.validationRecords.length,
        bestEpoch: result.bestEpoch,
        monitored: result.monitored,
        stoppedEarly: result.stoppedEarly,
        timings: { seconds: 0, trainingSeconds: 0, tripletsPerSecond: 0 },
        history: result.history,
        metrics: null,
      },
    };
  });

  after(() => {
    contents.model.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('names a bundle after the CSV, the loss and the time', () => {
    const name = defaultBundleName(
      '/data/cells.csv',
      'lossless',
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    );
    assert.strictEqual(name, 'cells-lossless-20240102-030405');
  });

  it('saves and loads back the same network, encoder and references', async () => {
    const target = path.join(folder, 'saved');
    await saveBundle(target, contents);
    assert.deepStrictEqual(readdirSync(target).sort(), [
      'encoder.json',
      'model.json',
      'references.json',
      'report.json',
      'weights.bin',
    ]);
    assert.ok(!readdirSync(folder).some((name) => name.endsWith('.tmp')));

    const loaded = await loadBundle(target);
    const before = embedRecords(contents.model, data);
    const after = embedRecords(loaded.model, data);
    assert.deepStrictEqual(after.values, before.values);
    assert.deepStrictEqual(loaded.references, contents.references);
    assert.deepStrictEqual(loaded.encoder, contents.encoder);
    loaded.model.dispose();

    await assert.rejects(saveBundle(target, contents), InputError);
  });

  it('classifies the training records mostly as their own class', () => {
    const embeddings = embedRecords(contents.model, data);
    const result = classify(embeddings, contents.references);
    const right = result.predicted.filter((label, row) => label === data.labels[row]).length;

    assert.strictEqual(result.predicted.length, data.rows);
    assert.ok(right > data.rows / 2, `${right} of ${data.rows} right`);
    result.novel.forEach((flag, row) => {
      const threshold = contents.references[result.predicted[row]].threshold;
      assert.strictEqual(flag, result.distance[row] > threshold ? 1 : 0);
    });
  });

  it('rejects truncated weights, bad JSON and wrong shapes, naming the file', async () => {
    const broken = async (name: string, damage: (bundle: string) => void, file: string) => {
      const target = path.join(folder, name);
      await saveBundle(target, contents);
      damage(target);
      await assert.rejects(loadBundle(target), (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        assert.strictEqual(path.basename(error.location.file), file);
        return true;
      });
    };

    await broken(
      'truncated',
      (bundle) => truncateSync(path.join(bundle, 'weights.bin'), 100),
      'weights.bin',
    );
    await broken(
      'bad-json',
      (bundle) => writeFileSync(path.join(bundle, 'report.json'), '{'),
      'report.json',
    );
    await broken(
      'wrong-shape',
      (bundle) => {
        const references = contents.references.map((reference) => ({
          ...reference,
          centroid: [0],
        }));
        writeFileSync(path.join(bundle, 'references.json'), JSON.stringify(references));
      },
      'references.json',
    );
    await broken('no-model', (bundle) => rmSync(path.join(bundle, 'model.json')), 'model.json');
  });
});
