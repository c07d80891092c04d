import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { MAX_RECORD_BYTES } from '../../src/core/csv/reader';
import { readDataset } from '../../src/core/dataset';
import { rejectsCleanly, scratchFolder, writeInput } from '../fixtures/bad/scratch';

const run = promisify(execFile);
const MEGABYTE = 1024 * 1024;
const READER = path.resolve(__dirname, '../../src/core/csv/reader');

/** Writes `head`, then `megabytes` MB of digits with no line break, then `tail`. */
function writeLongLine(file: string, head: string, megabytes: number, tail = ''): void {
  const handle = openSync(file, 'w');
  try {
    writeSync(handle, head);
    const block = Buffer.alloc(MEGABYTE, '7');
    for (let written = 0; written < megabytes; written += 1) writeSync(handle, block);
    writeSync(handle, tail);
  } finally {
    closeSync(handle);
  }
}

/**
 * Reads `file` to the end in a child process and returns the error message it met and the
 * process's peak resident memory in MB, sampled every few milliseconds (the kernel's own peak
 * can carry over the parent's from before `exec`).
 */
async function readInChild(file: string): Promise<{ message: string; peakMegabytes: number }> {
  const script = `
    const { CsvReader } = require(${JSON.stringify(READER)});
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
    const sampler = setInterval(sample, 2);
    (async () => {
      let message = 'no error';
      try {
        const reader = await CsvReader.open(${JSON.stringify(file)});
        for await (const record of reader.records()) void record;
      } catch (error) {
        message = String(error);
      }
      sample();
      clearInterval(sampler);
      const peakMegabytes = peak / (1024 * 1024);
      console.log(JSON.stringify({ message, peakMegabytes }));
    })();
  `;
  const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: path.resolve(__dirname, '../..'),
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

describe('bad input: very wide and very long', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  beforeEach(() => (scratch = scratchFolder()));
  afterEach(() => scratch.remove());

  it('10,000 numeric columns and 50 records encode, the header beyond 64 KB', async () => {
    const columns = 10_000;
    const header = Array.from({ length: columns }, (_, column) => `kpi_${column}`).join(',');
    assert.ok(header.length > 64 * 1024);
    const records = Array.from({ length: 50 }, (_, row) =>
      Array.from({ length: columns }, (_, column) => (row * 7 + column) % 11).join(','),
    );
    const file = writeInput(scratch.folder, 'wide.csv', [header, ...records].join('\n'));

    const dataset = await readDataset(file, {});
    assert.equal(dataset.features.rows, 50);
    assert.equal(dataset.features.features, columns);
    assert.ok(dataset.features.values.every(Number.isFinite));
  });

  it('a 200 MB line after the header: the line and the size limit, in bounded memory', async () => {
    const file = path.join(scratch.folder, 'long.csv');
    writeLongLine(file, 'cell_id,latency_ms\nC1,10\n', 200, ',1\nC3,12\n');
    const limit = `longer than 16 MB \\(${MAX_RECORD_BYTES} bytes\\)`;
    await rejectsCleanly(() => readDataset(file, {}), {
      file,
      line: 3,
      column: 'cell_id',
      problem: new RegExp(`the record is ${limit}, the most one record may hold`),
    });

    // Without the limit the parser would hold the whole 200 MB line, and so would the reader.
    const { message, peakMegabytes } = await readInChild(file);
    assert.match(message, /line 3, column cell_id: the record is longer than 16 MB/);
    console.log(`      peak memory reading a 200 MB line: ${peakMegabytes.toFixed(0)} MB`);
    assert.ok(peakMegabytes < 200, `${peakMegabytes} MB`);
  });

  it('a file that is one 200 MB line: the header itself is too long', async () => {
    const file = path.join(scratch.folder, 'one-line.csv');
    writeLongLine(file, 'a,', 200);
    await rejectsCleanly(() => readDataset(file, {}), {
      file,
      line: 1,
      column: '2',
      problem: /the record is longer than 16 MB/,
    });
  });
});
