import assert from 'node:assert/strict';
import path from 'node:path';

import { CsvReader, CsvRecord } from '../../src/core/csv/reader';
import { detectDelimiter } from '../../src/core/csv/delimiter';
import { RecordIndex, RecordIndexBuilder } from '../../src/core/csv/recordIndex';
import { readValue } from '../../src/core/csv/values';

const fixture = (name: string) => path.resolve(__dirname, '../fixtures', name);

async function readAll(file: string): Promise<{ reader: CsvReader; records: CsvRecord[] }> {
  const reader = await CsvReader.open(file);
  const records: CsvRecord[] = [];
  for await (const record of reader.records()) records.push(record);
  return { reader, records };
}

async function indexOf(file: string): Promise<RecordIndex> {
  const { reader, records } = await readAll(file);
  const builder = new RecordIndexBuilder();
  for (const record of records) builder.add(record.offset, record.end, record.line);
  return builder.finish(file, reader.header, reader.delimiter);
}

describe('CSV reading', () => {
  it('detects comma, semicolon and tab from the header line, ignoring quoted text', () => {
    assert.equal(detectDelimiter(Buffer.from('a;b;c\n1,5;2,5;3\n')), ';');
    assert.equal(detectDelimiter(Buffer.from('a\tb\n1\t2\n')), '\t');
    assert.equal(detectDelimiter(Buffer.from('"x;y;z",b,c\n')), ',');
    assert.equal(detectDelimiter(Buffer.from('single\n1\n')), ',');
  });

  it('reads semicolon and tab files with the right header and fields', async () => {
    const semicolon = await readAll(fixture('semicolon.csv'));
    assert.deepEqual(semicolon.reader.header, ['site', 'band', 'rsrp_dbm']);
    assert.deepEqual(semicolon.records[1].fields, ['B', 'B3', '-90.5']);

    const tab = await readAll(fixture('tab.csv'));
    assert.equal(tab.reader.delimiter, '\t');
    assert.deepEqual(tab.records[0].fields, ['A', 'n78', '-85']);
  });

  it('strips the BOM from the first header name', async () => {
    const { reader } = await readAll(fixture('multiline-crlf.csv'));
    assert.equal(reader.header[0], 'cell_id');
  });

  it('gives each record of a CRLF file with multi-line fields its editor line', async () => {
    const { records } = await readAll(fixture('multiline-crlf.csv'));
    // Lines counted by hand in the fixture: record 2 spans 3-4, record 4 spans 6-8.
    assert.deepEqual(
      records.map((record) => record.line),
      [2, 3, 5, 6, 9, 10],
    );
    assert.equal(records[1].fields[2], 'two\r\nlines');
  });

  it('reads back the exact source text of the first, a middle and the last record', async () => {
    const index = await indexOf(fixture('multiline-crlf.csv'));
    assert.equal(index.count, 6);
    assert.equal(await index.readRaw(0), 'C01,Nokia,"plain",120.5');
    assert.equal(await index.readRaw(3), 'C04,Nokia,"three\r\nline\r\nnote",110');
    assert.equal(await index.readRaw(5), 'C06,Huawei,"ends with break\r\n",64');
    assert.deepEqual(await index.readFields(2), ['C03', 'Huawei, Ltd', 'says "hi"', '87']);
  });

  it('reads back the same records after a transfer, with or without end offsets', async () => {
    const index = await indexOf(fixture('multiline-crlf.csv'));
    const transfer = index.toTransfer();
    assert.ok(transfer.offsets instanceof Float64Array);
    assert.ok(transfer.lines instanceof Int32Array);

    const copy = RecordIndex.fromTransfer(structuredClone(transfer));
    const withoutEnds = RecordIndex.fromTransfer({ ...transfer, ends: undefined });
    for (const i of [0, 3, 5]) {
      assert.equal(await copy.readRaw(i), await index.readRaw(i));
      assert.equal(await withoutEnds.readRaw(i), await index.readRaw(i));
      assert.equal(copy.lineOf(i), index.lineOf(i));
    }
    assert.throws(() => index.lineOf(6), RangeError);
  });

  it('counts offsets in bytes, the BOM included', async () => {
    const { records } = await readAll(fixture('multiline-crlf.csv'));
    const index = await indexOf(fixture('multiline-crlf.csv'));
    // The BOM is 3 bytes and the CRLF header line 37: the first record starts at byte 40.
    assert.equal(records[0].offset, 40);
    assert.equal(index.offsetOf(0), 40);
  });

  it('reads missing, numeric, out-of-range and text values', () => {
    assert.equal(readValue('').kind, 'missing');
    assert.equal(readValue(' NA ').kind, 'missing');
    assert.equal(readValue('?').kind, 'missing');
    assert.equal(readValue('NaN').kind, 'missing');
    assert.deepEqual(readValue('-1.5e3'), { kind: 'number', value: -1500 });
    assert.equal(readValue('1e400').kind, 'out-of-range');
    assert.equal(readValue('-Infinity').kind, 'out-of-range');
    assert.equal(readValue('0x1f').kind, 'text');
    assert.equal(readValue('timeout').kind, 'text');
  });
});
