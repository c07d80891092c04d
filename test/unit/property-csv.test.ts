import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { CsvReader } from '../../src/core/csv/reader';
import { RecordIndexBuilder } from '../../src/core/csv/recordIndex';
import { scratchFolder } from '../fixtures/bad/scratch';

/** Characters that stress a CSV reader, mixed with ordinary and multi-byte text. */
const TRICKY = [',', ';', '\t', '"', '\r', '\n', '\r\n', ' ', 'a', 'Z', '7', 'é', '€', '😀'];
const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }).filter((text) => !text.includes('\0')),
);
/** Header names: non-empty, no surrounding white space (the reader trims names). */
const name = cell.filter((text) => text !== '' && text.trim() === text);

interface Table {
  header: string[];
  rows: string[][];
  delimiter: ',' | ';' | '\t';
  terminator: '\n' | '\r\n';
  quoteAll: boolean;
  bom: boolean;
  finalTerminator: boolean;
}

const table: fc.Arbitrary<Table> = fc
  .uniqueArray(name, { minLength: 1, maxLength: 5 })
  .chain((header) =>
    fc.record({
      header: fc.constant(header),
      rows: fc.array(fc.array(cell, { minLength: header.length, maxLength: header.length }), {
        minLength: 1,
        maxLength: 6,
      }),
      delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const),
      terminator: fc.constantFrom('\n' as const, '\r\n' as const),
      quoteAll: fc.boolean(),
      bom: fc.boolean(),
      finalTerminator: fc.boolean(),
    }),
  );

/** RFC 4180: quote a field holding a delimiter, quote or line break (or any field if asked). */
function quoted(field: string, quoteAll: boolean): string {
  const needs = quoteAll || field === '' || /[,;\t"\r\n]/.test(field);
  return needs ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The text of each line (header first), as written, without terminators. */
function recordTexts({ header, rows, delimiter, quoteAll }: Table): string[] {
  return [header, ...rows].map((fields) =>
    fields.map((field) => quoted(field, quoteAll)).join(delimiter),
  );
}

describe('property: any table written as RFC 4180 CSV reads back identically', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  before(() => (scratch = scratchFolder('siamese-property-')));
  after(() => scratch.remove());

  it('through the streaming reader and the record index', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(table, async (generated) => {
        const texts = recordTexts(generated);
        const body = texts.join(generated.terminator);
        const ending = generated.finalTerminator ? generated.terminator : '';
        const file = path.join(scratch.folder, `table-${run++}.csv`);
        writeFileSync(file, `${generated.bom ? '\uFEFF' : ''}${body}${ending}`);

        const reader = await CsvReader.open(file);
        assert.deepEqual(reader.header, generated.header);
        assert.equal(reader.delimiter, generated.header.length > 1 ? generated.delimiter : ',');

        const builder = new RecordIndexBuilder();
        const read: string[][] = [];
        for await (const record of reader.records()) {
          read.push(record.fields);
          builder.add(record.offset, record.end, record.line);
        }
        assert.deepEqual(read, generated.rows);

        const index = builder.finish(file, reader.header, reader.delimiter);
        for (let row = 0; row < generated.rows.length; row += 1) {
          assert.equal(await index.readRaw(row), texts[row + 1]);
          assert.deepEqual(await index.readFields(row), generated.rows[row]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
