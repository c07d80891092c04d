/**
 * Reading and encoding speed on a large file: writes a 1,000,000-record sample CSV to a temp
 * folder, fits an encoder on it in one streaming pass, then streams it through `streamEncoded`.
 * Prints records per second for each step and the peak resident memory, which must stay
 * under 400 MB whatever the file's size.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { fitEncoder, streamEncoded } from '../src/core/dataset';
import { writeSample } from '../src/core/sample/write';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const BATCH_RECORDS = 4096;
const MEMORY_LIMIT_MB = 400;

function report(name: string, value: number, unit: string): void {
  const rounded = Math.round(value * 10) / 10;
  console.log(JSON.stringify({ name, value: rounded, unit, cores: os.cpus().length }));
}

/** Samples resident memory every 50 ms until stopped; returns the peak in MB. */
function watchMemory(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / (1024 * 1024);
  };
}

async function timed<T>(step: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await step();
  return { result, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'siamese-lens-bench-'));
  const file = path.join(folder, 'cells.csv');
  const stopWatching = watchMemory();
  try {
    const written = await timed(() => writeSample(file, { records: RECORDS, seed: 1 }));
    report('sample write', RECORDS / written.seconds, 'records/s');
    report('sample file size', (await stat(file)).size / (1024 * 1024), 'MB');

    const fit = await timed(() => fitEncoder(file, { label: 'state' }));
    report('fit encoder (streaming)', fit.result.records / fit.seconds, 'records/s');

    const encoded = await timed(async () => {
      let records = 0;
      let checksum = 0;
      for await (const batch of streamEncoded(file, fit.result.encoder, BATCH_RECORDS)) {
        records += batch.features.rows;
        checksum += batch.features.values[0];
      }
      return { records, checksum };
    });
    if (encoded.result.records !== RECORDS) {
      throw new Error(`Encoded ${encoded.result.records} records, expected ${RECORDS}.`);
    }
    report('read + encode (streamEncoded)', RECORDS / encoded.seconds, 'records/s');
    report('features per record', fit.result.encoder.featureCount, 'features');
  } finally {
    const peak = stopWatching();
    report('peak RSS', peak, 'MB');
    await rm(folder, { recursive: true, force: true });
    if (peak >= MEMORY_LIMIT_MB) {
      console.error(`Peak RSS ${peak.toFixed(0)} MB is over the ${MEMORY_LIMIT_MB} MB limit.`);
      process.exitCode = 1;
    }
  }
}

void main();
