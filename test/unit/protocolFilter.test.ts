import * as assert from 'assert';

import {
  columnsOf,
  evaluateFilter,
  FilterSyntaxError,
  needsColumns,
  parseFilterQuery,
  type FilterContext,
} from '../../src/extension/cluster/filterQuery';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { CancelledError } from '../../src/core/errors';
import { csvLine, exportRecords } from '../../src/extension/cluster/csvExport';
import type { RecordSource } from '../../src/extension/cluster/recordSource';

const header = ['duration', 'service', 'latency_ms'];

/** Five points; labels normal, dos, dos, probe, none. */
function context(columns: string[][]): FilterContext {
  const columnText = new Map<number, string[]>();
  columns.forEach((values, column) => columnText.set(column, values));
  return {
    count: 5,
    labels: new Int32Array([0, 1, 1, 2, -1]),
    labelNames: ['normal', 'dos', 'probe'],
    predicted: new Int32Array([0, 0, 1, 1, 1]),
    predictedNames: ['normal', 'r2l'],
    columnText,
  };
}

const columns = [
  ['0', '1', '2', '3', '4'],
  ['http', 'HTTP', 'ftp', 'http', ''],
  ['150', '200', '250.5', 'n/a', ''],
];

function maskOf(query: string): number[] {
  return Array.from(evaluateFilter(parseFilterQuery(query, header), context(columns)));
}

describe('filter queries (the filter message)', () => {
  it('matches a label or a predicted class by name, without regard to case', () => {
    assert.deepStrictEqual(maskOf('dos'), [0, 1, 1, 0, 0]);
    assert.deepStrictEqual(maskOf('R2L'), [0, 0, 1, 1, 1]);
    assert.ok(!needsColumns(parseFilterQuery('dos', header)));
  });

  it('compares text columns for equality and inequality', () => {
    assert.deepStrictEqual(maskOf('service=http'), [1, 1, 0, 1, 0]);
    assert.deepStrictEqual(maskOf('service!=http'), [0, 0, 1, 0, 1]);
  });

  it('compares numbers; empty and non-numeric fields never satisfy an ordered comparison', () => {
    assert.deepStrictEqual(maskOf('latency_ms>200'), [0, 0, 1, 0, 0]);
    assert.deepStrictEqual(maskOf('latency_ms>=200'), [0, 1, 1, 0, 0]);
    assert.deepStrictEqual(maskOf('latency_ms<200'), [1, 0, 0, 0, 0]);
    assert.deepStrictEqual(maskOf('duration<=1'), [1, 1, 0, 0, 0]);
  });

  it('treats equal numbers written differently as equal', () => {
    assert.deepStrictEqual(maskOf('latency_ms=150.0'), [1, 0, 0, 0, 0]);
  });

  it('requires every term to hold', () => {
    assert.deepStrictEqual(maskOf('dos service=http'), [0, 1, 0, 0, 0]);
    assert.deepStrictEqual(maskOf(''), [1, 1, 1, 1, 1]);
  });

  it('names the columns it needs, each once', () => {
    const terms = parseFilterQuery('service=http latency_ms>1 SERVICE!=ftp', header);
    assert.deepStrictEqual(columnsOf(terms).sort(), [1, 2]);
  });

  it('explains unknown columns and non-numeric bounds', () => {
    assert.throws(() => parseFilterQuery('colour=red', header), FilterSyntaxError);
    assert.throws(() => parseFilterQuery('latency_ms>fast', header), /not a number/);
    assert.throws(() => parseFilterQuery('latency_ms>', header), /not a number/);
    assert.throws(() => parseFilterQuery('=http', header), FilterSyntaxError);
  });
});

describe('exported CSV lines', () => {
  it('quotes fields holding commas, quotes or line breaks and leaves others as written', () => {
    assert.strictEqual(csvLine(['a', 'b c', '1.50']), 'a,b c,1.50');
    assert.strictEqual(
      csvLine(['x,y', 'say "hi"', 'two\nlines']),
      '"x,y","say ""hi""","two\nlines"',
    );
    assert.strictEqual(csvLine(['<img src=x onerror=alert(1)>']), '<img src=x onerror=alert(1)>');
  });
});

describe('exporting a selection (the exportSelection message)', () => {
  const rows = [
    ['1', 'http', 'a,b'],
    ['2', 'ftp', '<img src=x onerror=alert(1)>'],
    ['3', 'smtp', 'say "hi"'],
  ];
  const source: RecordSource = {
    file: '/data/in.csv',
    header,
    readFields: async (record) => rows[record],
    lineOf: (record) => record + 2,
  };

  it('writes the header and the chosen records, in order, leaving no temporary file', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'siamese-export-'));
    const target = path.join(folder, 'selection.csv');
    try {
      await exportRecords(source, [2, 0], target);
      const written = await fs.readFile(target, 'utf8');
      assert.strictEqual(
        written,
        'duration,service,latency_ms\n3,smtp,"say ""hi"""\n1,http,"a,b"\n',
      );
      assert.deepStrictEqual(await fs.readdir(folder), ['selection.csv']);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('stops on cancel without creating the target', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'siamese-export-'));
    const target = path.join(folder, 'selection.csv');
    const abort = new AbortController();
    abort.abort();
    try {
      await assert.rejects(exportRecords(source, [0, 1], target, abort.signal), CancelledError);
      assert.deepStrictEqual(await fs.readdir(folder), []);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
