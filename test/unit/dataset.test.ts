import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  encodeWithEncoder,
  fitEncoder,
  inspectColumns,
  readDataset,
  streamEncoded,
} from '../../src/core/dataset';
import { CancelledError } from '../../src/core/errors';
import { writeSample } from '../../src/core/sample/write';

describe('dataset', () => {
  let folder: string;
  let file: string;

  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'siamese-lens-dataset-'));
    file = path.join(folder, 'cells.csv');
    await writeSample(file, { records: 3000, seed: 9 });
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('describes the sample columns for the label pick', async () => {
    const columns = await inspectColumns(file, 1000);
    const kinds = Object.fromEntries(columns.map((column) => [column.name, column.kind]));
    assert.equal(kinds.timestamp, 'timestamp');
    assert.equal(kinds.cell_id, 'categorical');
    assert.equal(kinds.throughput_mbps, 'numeric');
    assert.equal(kinds.state, 'categorical');
    const cells = columns.find((column) => column.name === 'cell_id');
    assert.equal(cells?.distinct, 40);
    assert.equal(cells?.examples[0], 'CELL-001');
  });

  it('streams the same features in batches as it encodes whole', async () => {
    const dataset = await readDataset(file, { label: 'state' });
    const width = dataset.features.features;
    let next = 0;
    for await (const batch of streamEncoded(file, dataset.encoder, 700)) {
      assert.equal(batch.firstRecord, next);
      const expected = dataset.features.values.subarray(
        next * width,
        (next + batch.features.rows) * width,
      );
      assert.deepEqual(batch.features.values, expected);
      assert.equal(batch.lines[0], dataset.index.lineOf(next));
      assert.equal(batch.offsets[0], dataset.index.offsetOf(next));
      assert.equal(batch.labels?.[0], dataset.classNames[(dataset.labels as Int32Array)[next]]);
      next += batch.features.rows;
    }
    assert.equal(next, 3000);
  });

  it('reads a record back from the index as the text of its line', async () => {
    const dataset = await readDataset(file, { label: 'state' });
    const raw = await dataset.index.readRaw(1234);
    assert.equal(dataset.index.lineOf(1234), 1236);
    const fields = await dataset.index.readFields(1234);
    assert.equal(raw, fields.join(','));
    assert.equal(fields[15], dataset.classNames[(dataset.labels as Int32Array)[1234]]);
  });

  it('honours kind overrides and the ignore list', async () => {
    const dataset = await readDataset(file, {
      label: 'state',
      ignore: ['vendor', 'band'],
      kinds: { cell_id: 'ignore', alarm_count: 'categorical' },
    });
    const names = dataset.encoder.featureNames;
    assert.ok(!names.some((name) => /^(vendor|band|cell_id)/.test(name)));
    assert.ok(names.includes('alarm_count=0'));
    assert.ok(names.includes('alarm_count=(unseen)'));
  });

  it('reports progress up to the file size across both passes', async () => {
    const calls: [number, number][] = [];
    const dataset = await readDataset(file, {
      label: 'state',
      onProgress: (records, bytes) => calls.push([records, bytes]),
    });
    const last = calls[calls.length - 1];
    assert.equal(last[0], 3000);
    const size = (await import('node:fs')).statSync(file).size;
    assert.ok(Math.abs(last[1] - size) <= 1, `${last[1]} of ${size}`);
    assert.ok(calls.every(([, bytes], i) => i === 0 || bytes >= calls[i - 1][1]));
    assert.equal(dataset.features.rows, 3000);
  });

  it('stops with CancelledError when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fitEncoder(file, { signal: controller.signal }), CancelledError);
  });

  it('encodes another file with a saved encoder and finds its labels', async () => {
    const training = await readDataset(file, { label: 'state' });
    const other = path.join(folder, 'other.csv');
    await writeSample(other, { records: 500, seed: 10 });
    const applied = await encodeWithEncoder(other, training.encoder);
    assert.equal(applied.features.features, training.features.features);
    assert.equal(applied.labels?.length, 500);
    assert.ok(applied.classNames.includes('normal'));
    assert.notEqual(applied.sha256, training.sha256);
  });
});
