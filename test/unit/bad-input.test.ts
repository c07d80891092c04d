import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, truncateSync } from 'node:fs';

import { encodeWithEncoder, inspectColumns, readDataset } from '../../src/core/dataset';
import { rejectsCleanly, scratchFolder, writeInput } from '../fixtures/bad/scratch';

const HEADER = 'cell_id,latency_ms,vendor,state';

/** `count` good records after the header, one per line, two classes and two vendors. */
function goodRecords(count: number): string[] {
  return Array.from({ length: count }, (_, row) => {
    const vendor = row % 2 ? 'Nokia' : 'Ericsson';
    return `C${row},${10 + (row % 7)},${vendor},${row % 3 ? 'ok' : 'fault'}`;
  });
}

describe('bad input: CSV files fail clearly and leave the folder as it was', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  beforeEach(() => (scratch = scratchFolder()));
  afterEach(() => scratch.remove());

  const input = (content: string | Buffer, name = 'cells.csv') =>
    writeInput(scratch.folder, name, content);

  it('an empty file, and one holding only a BOM and blank lines', async () => {
    const empty = input('');
    await rejectsCleanly(() => readDataset(empty, {}), {
      file: empty,
      line: 1,
      column: '1',
      problem: /the file is empty/,
    });
    const blank = input('\uFEFF\r\n\n', 'blank.csv');
    await rejectsCleanly(() => inspectColumns(blank), {
      file: blank,
      line: 1,
      column: '1',
      problem: /the file is empty/,
    });
  });

  it('a header and nothing after it', async () => {
    const file = input(`${HEADER}\n\n`);
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 2,
      column: 'cell_id',
      problem: /header but no records/,
    });
  });

  it('ragged records: the first missing column, or the first extra one', async () => {
    const short = input([HEADER, ...goodRecords(3), 'C9,12,Nokia', ''].join('\n'));
    await rejectsCleanly(() => readDataset(short, { label: 'state' }), {
      file: short,
      line: 5,
      column: 'state',
      problem: /3 fields but the header has 4 columns/,
    });
    const long = input([HEADER, 'C9,12,Nokia,ok,extra', ...goodRecords(3)].join('\n'), 'long.csv');
    await rejectsCleanly(() => readDataset(long, { label: 'state' }), {
      file: long,
      line: 2,
      column: '5',
      problem: /5 fields but the header has 4 columns/,
    });
  });

  it('a quote left open at the end of the file: the line and column where it opens', async () => {
    const text = [HEADER, ...goodRecords(2), 'C8,"12,Nokia,ok', ...goodRecords(2), ''].join('\n');
    const file = input(text);
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 4,
      column: 'latency_ms',
      problem: /quoted field starts here and is never closed/,
    });
  });

  it('a stray quote inside an unquoted field, past the first 64 KB', async () => {
    const records = goodRecords(5000);
    records[4321] = 'C4321,12,Nokia 12" panel,ok';
    const file = input([HEADER, ...records].join('\n'));
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 4323,
      column: 'vendor',
      problem: /cannot be parsed: Invalid Opening Quote/,
    });
  });

  it('invalid UTF-8 (a Latin-1 byte): an error at its line and column, not U+FFFD', async () => {
    const latin1 = Buffer.from(
      `${HEADER}\nC1,10,Ericsson,ok\nC2,11,Soci\xe9t\xe9,fault\n`,
      'latin1',
    );
    const file = input(latin1);
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 3,
      column: 'vendor',
      problem: /byte 0xE9 at offset 60 is not valid UTF-8/,
    });
  });

  it('invalid UTF-8 on the second line of a quoted field, beyond the first chunk', async () => {
    const before = [HEADER, ...goodRecords(4000)].join('\n');
    const bad = Buffer.from('\nC9,12,"two\nlines \xff",ok\n', 'latin1');
    const file = input(Buffer.concat([Buffer.from(before), bad]));
    // The quoted field opens on line 4002 and the bad byte sits on line 4003.
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 4003,
      column: 'vendor',
      problem: /byte 0xFF .* is not valid UTF-8/,
    });
  });

  it('a UTF-8 character cut off by the end of the file', async () => {
    const cut = Buffer.from([0xe2, 0x82]); // the first two of the three bytes of U+20AC
    const file = input(Buffer.concat([Buffer.from(`${HEADER}\nC1,10,Nokia,ok\nC2,11,`), cut]));
    await rejectsCleanly(() => inspectColumns(file), {
      file,
      line: 3,
      column: 'vendor',
      problem: /byte 0xE2 .* is not valid UTF-8/,
    });
  });

  it('multi-byte characters across chunk boundaries read back whole', async () => {
    // 3-byte and 4-byte characters in every alignment against the 64 KB chunks.
    const records = Array.from(
      { length: 9000 },
      (_, row) => `C${row},${row % 9},€${'😀'.repeat(row % 3)},ok`,
    );
    records.push('C9000,1,Nokia,fault');
    const file = input([HEADER, ...records].join('\n'));
    const dataset = await readDataset(file, { label: 'state', ignore: ['vendor'] });
    assert.equal(dataset.features.rows, 9001);
    assert.equal((await dataset.index.readFields(8000))[2], '€😀😀');
  });

  it('a NUL byte: the line and column that hold it', async () => {
    const bytes = Buffer.from(`${HEADER}\nC1,10,Nokia,ok\nC2,1\0,Nokia,fault\n`);
    const file = input(bytes);
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 3,
      column: 'latency_ms',
      problem: /NUL byte/,
    });
  });

  it('a UTF-16 file (with its byte order mark)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]);
    const file = input(utf16);
    await rejectsCleanly(() => readDataset(file, {}), {
      file,
      line: 1,
      column: '1',
      problem: /UTF-16 encoded; save it as UTF-8/,
    });
  });

  it('NaN, Infinity and 1e400 in a numeric column: read as missing, with warnings', async () => {
    const records = goodRecords(6);
    records[1] = 'C1,NaN,Nokia,ok';
    records[3] = 'C3,Infinity,Nokia,fault';
    records[4] = 'C4,1e400,Ericsson,ok';
    records[5] = 'C5,-inf,Ericsson,ok';
    const file = input([HEADER, ...records].join('\n'));
    const dataset = await readDataset(file, { label: 'state', ignore: ['cell_id'] });

    const missing = dataset.warnings.find((text) => text.includes('missing values'));
    assert.equal(
      missing,
      `${file}, line 3, column latency_ms: 1 missing values, imputed with the training mean.`,
    );
    const infinite = dataset.warnings.find((text) => text.includes('infinite'));
    assert.ok(infinite?.startsWith(`${file}, line 5, column latency_ms: 3 values are infinite`));

    // Imputed values encode as the training mean, which z-scores to 0.
    const latency = dataset.encoder.featureNames.indexOf('latency_ms');
    const width = dataset.features.features;
    for (const row of [1, 3, 4, 5]) assert.equal(dataset.features.values[row * width + latency], 0);
    assert.ok(dataset.features.values.every(Number.isFinite));
  });

  it('a column name used twice', async () => {
    const file = input(['cell_id,latency_ms,cell_id', 'C1,10,C1', 'C2,11,C2'].join('\n'));
    await rejectsCleanly(() => readDataset(file, {}), {
      file,
      line: 1,
      column: 'cell_id',
      problem: /names "cell_id" twice \(columns 1 and 3\)/,
    });
  });

  it('a label column with a single class', async () => {
    const records = goodRecords(6).map((record) => record.replace(/,(ok|fault)$/, ',ok'));
    const file = input([HEADER, ...records].join('\n'));
    await rejectsCleanly(() => readDataset(file, { label: 'state' }), {
      file,
      line: 2,
      column: 'state',
      problem: /single class \("ok"\); training needs at least two/,
    });
  });

  it('a file from another data set than the encoder: missing and new columns named', async () => {
    const training = await readDataset(input([HEADER, ...goodRecords(12)].join('\n')), {
      label: 'state',
    });
    const renamed = goodRecords(4);
    const other = input(['cell_id,delay_ms,vendor,state', ...renamed].join('\n'), 'other.csv');
    await rejectsCleanly(() => encodeWithEncoder(other, training.encoder), {
      file: other,
      line: 1,
      column: 'latency_ms',
      problem: /needs: latency_ms; columns the training file did not have: delay_ms/,
    });
  });
});

describe('bad input: a file that changes while it is read', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  beforeEach(() => (scratch = scratchFolder()));
  afterEach(() => scratch.remove());

  /** Runs readDataset, changing the file at the first progress report, and returns the error. */
  async function changedWhileRead(records: number, change: (file: string) => void) {
    const file = writeInput(
      scratch.folder,
      'cells.csv',
      [HEADER, ...goodRecords(records)].join('\n'),
    );
    let changed = false;
    const onProgress = () => {
      if (!changed) change(file);
      changed = true;
    };
    const error = await readDataset(file, { label: 'state', onProgress }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.deepEqual(readdirSync(scratch.folder), ['cells.csv'], 'no file was added');
    return { file, error };
  }

  it('appended between the fitting pass and the encoding pass', async () => {
    // A file this small reports progress once per pass, at the end: between the two passes.
    const { file, error } = await changedWhileRead(50, (name) =>
      appendFileSync(name, '\nC99,3,Nokia,ok'),
    );
    assert.ok(error instanceof Error);
    assert.equal(
      error.message,
      `${file}: the file changed between fitting the encoder and encoding its records, so ` +
        'the two passes read different data. Read it again once nothing is writing to it.',
    );
  });

  it('truncated between the passes', async () => {
    // Cut at a record boundary: the header and the first ten records stay.
    const kept = [HEADER, ...goodRecords(10)].join('\n').length;
    const { error } = await changedWhileRead(50, (name) => truncateSync(name, kept));
    assert.match(String(error), /InputError: .*the file changed between fitting the encoder/);
  });

  it('appended to in the middle of a pass', async () => {
    // The first report comes after 8,192 of 40,000 records, long before the stream's end.
    const { file, error } = await changedWhileRead(40_000, (name) =>
      appendFileSync(name, '\nC99,3,Nokia,ok'),
    );
    assert.match(
      String(error),
      /the file changed while it was being read: it held \d+ bytes when opened/,
    );
    assert.ok(String(error).includes(file));
  });
});
