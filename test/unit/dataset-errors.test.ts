import assert from 'node:assert/strict';
import path from 'node:path';

import { encodeWithEncoder, inspectColumns, readDataset } from '../../src/core/dataset';
import { InputError } from '../../src/core/errors';

const fixture = (name: string) => path.resolve(__dirname, '../fixtures', name);

/** Runs `job` and checks it fails with an InputError at exactly this file, line and column. */
async function rejectsAt(
  job: Promise<unknown>,
  file: string,
  line: number,
  column: string,
  problem: RegExp,
): Promise<void> {
  await assert.rejects(job, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.deepEqual(error.location, { file, line, column });
    assert.ok(error.message.startsWith(`${file}, line ${line}, column ${column}: `), error.message);
    assert.match(error.message, problem);
    return true;
  });
}

describe('bad input', () => {
  it('an empty file', async () => {
    const file = fixture('empty.csv');
    await rejectsAt(readDataset(file, {}), file, 1, '1', /file is empty/);
  });

  it('a header and no records', async () => {
    const file = fixture('header-only.csv');
    await rejectsAt(readDataset(file, {}), file, 2, 'cell_id', /no records/);
    await rejectsAt(inspectColumns(file), file, 2, 'cell_id', /no records/);
  });

  it('a ragged record: the line it starts on and the first column it lacks', async () => {
    const file = fixture('ragged.csv');
    await rejectsAt(readDataset(file, {}), file, 3, 'state', /2 fields but the header has 3/);
  });

  it('a column name used twice', async () => {
    const file = fixture('duplicate-header.csv');
    await rejectsAt(readDataset(file, {}), file, 1, 'cell_id', /twice \(columns 1 and 3\)/);
  });

  it('a label column that is not in the header', async () => {
    const file = fixture('one-class.csv');
    await rejectsAt(readDataset(file, { label: 'status' }), file, 1, 'status', /no column/);
  });

  it('a label with a single class', async () => {
    const file = fixture('one-class.csv');
    await rejectsAt(readDataset(file, { label: 'state' }), file, 2, 'state', /single class/);
  });

  it('text in a numeric column: how many values, and the first line', async () => {
    const file = fixture('text-in-numeric.csv');
    await rejectsAt(
      readDataset(file, { label: 'state' }),
      file,
      20,
      'latency_ms',
      /column latency_ms: 3 non-numeric values, first at line 20 \("timeout"\)/,
    );
  });

  it('text in a column the caller declared numeric', async () => {
    const file = fixture('one-class.csv');
    await rejectsAt(
      readDataset(file, { kinds: { cell_id: 'numeric' } }),
      file,
      2,
      'cell_id',
      /6 non-numeric values, first at line 2/,
    );
  });

  it('a file whose columns do not match the encoder: missing and new columns named', async () => {
    const training = await readDataset(fixture('single-record-class.csv'), { label: 'state' });
    const file = fixture('renamed-column.csv');
    await rejectsAt(
      encodeWithEncoder(file, training.encoder),
      file,
      1,
      'latency_ms',
      /needs: latency_ms; columns the training file did not have: delay_ms/,
    );
  });

  it('a class with a single record: a warning naming file, line and column', async () => {
    const file = fixture('single-record-class.csv');
    const dataset = await readDataset(file, { label: 'state' });
    assert.equal(dataset.features.rows, 7);
    const warning = dataset.warnings.find((text) => text.includes('power_outage'));
    assert.ok(warning?.startsWith(`${file}, line 8, column state: `), String(warning));
    assert.match(warning ?? '', /single record/);
  });

  it('Infinity and 1e400: read as missing, with a warning at the first one', async () => {
    const file = fixture('infinite.csv');
    const dataset = await readDataset(file, { label: 'state' });
    const warning = dataset.warnings.find((text) => text.includes('infinite'));
    assert.ok(warning?.startsWith(`${file}, line 4, column latency_ms: 2 values`), warning);

    const latency = dataset.encoder.featureNames.indexOf('latency_ms');
    const width = dataset.features.features;
    assert.equal(dataset.features.values[2 * width + latency], 0);
    assert.ok(dataset.features.values.every(Number.isFinite));
  });
});
