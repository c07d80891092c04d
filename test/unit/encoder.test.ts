import assert from 'node:assert/strict';
import path from 'node:path';

import { encodeWithEncoder, Encoder, readDataset } from '../../src/core/dataset';
import { RunningMoments } from '../../src/core/encoder/moments';

const NSL_KDD_TRAIN = path.resolve(__dirname, '../../../shared/data/nsl-kdd/train.csv');
const fixture = (name: string) => path.resolve(__dirname, '../fixtures', name);

describe('encoder on NSL-KDD', () => {
  it('encodes train.csv with the feature count worked out by hand', async () => {
    const dataset = await readDataset(NSL_KDD_TRAIN, {
      label: 'attack_class',
      ignore: ['attack', 'difficulty'],
    });

    assert.equal(dataset.features.rows, 25_192);
    assert.equal(dataset.features.values.length, 25_192 * dataset.features.features);
    const categorical = dataset.encoder.columns.filter((column) => column.kind === 'categorical');
    assert.deepEqual(
      categorical.map((column) => column.name),
      ['protocol_type', 'service', 'flag'],
    );
    // 41 feature columns: 3 categorical with 3 + 66 + 11 distinct values, plus one unseen slot
    // each = 83; 38 numeric, minus num_outbound_cmds and is_host_login, which are constant in
    // train.csv = 36. 83 + 36 = 119.
    assert.equal(dataset.encoder.featureCount, 119);
    assert.equal(dataset.features.features, 119);

    const dropped = dataset.encoder.columns.filter((column) => column.kind === 'ignored');
    assert.deepEqual(dropped.map((column) => column.name).sort(), [
      'attack',
      'attack_class',
      'difficulty',
      'is_host_login',
      'num_outbound_cmds',
    ]);
    assert.deepEqual(dataset.classNames, ['dos', 'normal', 'probe', 'r2l', 'u2r']);
    assert.equal(dataset.labels?.length, 25_192);
    assert.match(dataset.sha256, /^[0-9a-f]{64}$/);

    const srcBytes = dataset.encoder.columns.find((column) => column.name === 'src_bytes');
    assert.equal(srcBytes?.kind === 'numeric' && srcBytes.transform, 'log1p');

    const saved = JSON.parse(JSON.stringify(dataset.encoder));
    const loaded = Encoder.fromJSON(saved);
    assert.deepEqual(loaded.featureNames, dataset.encoder.featureNames);
    const again = await encodeWithEncoder(NSL_KDD_TRAIN, loaded);
    assert.deepEqual(again.features.values, dataset.features.values);
    assert.deepEqual(again.labels, dataset.labels);
  });
});

describe('encoder decisions', () => {
  it('log-transforms heavy-tailed counts but not rates or roughly normal levels', async () => {
    const dataset = await readDataset(fixture('heavy-tail.csv'), { label: 'state' });
    const transforms = Object.fromEntries(
      dataset.encoder.columns.map((column) => [
        column.name,
        column.kind === 'numeric' ? column.transform : column.kind,
      ]),
    );
    assert.deepEqual(transforms, {
      src_bytes: 'log1p',
      loss_rate: 'none',
      rsrp_dbm: 'none',
      state: 'ignored',
    });
  });

  it('z-scores numerics: every numeric feature has mean 0 and deviation 1', async () => {
    const dataset = await readDataset(fixture('heavy-tail.csv'), { label: 'state' });
    const { values, rows, features } = dataset.features;
    for (let feature = 0; feature < features; feature += 1) {
      const moments = new RunningMoments();
      for (let row = 0; row < rows; row += 1) moments.add(values[row * features + feature]);
      assert.ok(Math.abs(moments.mean) < 1e-5, `feature ${feature} mean ${moments.mean}`);
      assert.ok(Math.abs(moments.std - 1) < 1e-5, `feature ${feature} std ${moments.std}`);
    }
  });

  it('imputes missing numbers with the mean; missing categories get their own slot', async () => {
    const dataset = await readDataset(fixture('missing-values.csv'), { label: 'state' });
    assert.deepEqual(dataset.encoder.featureNames, [
      'cell_id=C1',
      'cell_id=C2',
      'cell_id=(unseen)',
      'vendor=Ericsson',
      'vendor=Nokia',
      'vendor=(missing)',
      'vendor=(unseen)',
      'latency_ms',
    ]);
    const row = (i: number) => [...dataset.features.values.subarray(i * 8, i * 8 + 8)];
    // latency 10, 20, 30 present: mean 20, population deviation sqrt(200/3).
    const std = Math.sqrt(200 / 3);
    assert.deepEqual(row(1), [0, 1, 0, 0, 0, 1, 0, 0]);
    assert.equal(row(2)[7], 0);
    assert.equal(row(0)[7], Math.fround(-10 / std));
    assert.equal(dataset.warnings.filter((warning) => /missing values/.test(warning)).length, 2);
  });

  it('puts values unseen in training into the unseen slot and says so', async () => {
    const training = await readDataset(fixture('missing-values.csv'), { label: 'state' });
    const applied = await encodeWithEncoder(fixture('unseen-value.csv'), training.encoder);
    const names = training.encoder.featureNames;
    const row = (i: number) => applied.features.values.subarray(i * 8, i * 8 + 8);
    assert.equal(row(1)[names.indexOf('cell_id=(unseen)')], 1);
    assert.equal(row(2)[names.indexOf('vendor=(unseen)')], 1);
    assert.equal(row(0)[names.indexOf('vendor=Nokia')], 1);
    assert.ok(applied.warnings.some((warning) => /line 3, column cell_id.*"C9"/.test(warning)));
    assert.ok(applied.warnings.some((warning) => /line 4, column vendor.*"Samsung"/.test(warning)));
  });

  it('refuses a saved encoder of another format', () => {
    assert.throws(() => Encoder.fromJSON({ format: 'other' }, 'bundle/encoder.json'), {
      name: 'InputError',
      message: /bundle\/encoder\.json/,
    });
  });
});
