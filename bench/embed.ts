/**
 * Embedding at scale: writes a 1,000,000-record sample CSV to a temp folder, trains a tiny model
 * bundle on a small sample, then embeds the large file end to end (CSV in, embeddings CSV out).
 * Prints records per second and the peak resident memory of the embedding step, which must stay
 * under 500 MB. `BENCH_RECORDS` changes the size.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { embedFile } from '../src/core/embed/embedFile';
import { writeSample } from '../src/core/sample/write';
import { DEFAULT_TRAIN_CONFIG } from '../src/core/types';
import { trainCsv } from '../src/core/trainCsv';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const TRAIN_RECORDS = 20_000;
const MEMORY_LIMIT_MB = 500;

function report(name: string, value: number, unit: string): void {
  const rounded = Math.round(value * 10) / 10;
  console.log(JSON.stringify({ name, value: rounded, unit, cores: os.cpus().length }));
}

/** Samples resident memory every 20 ms until stopped; returns the peak in MB. */
function watchMemory(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / (1024 * 1024);
  };
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'siamese-lens-bench-embed-'));
  const training = path.join(folder, 'training.csv');
  const cells = path.join(folder, 'cells.csv');
  try {
    await writeSample(training, { records: TRAIN_RECORDS, seed: 1 });
    await writeSample(cells, { records: RECORDS, seed: 2 });
    report('sample file size', (await stat(cells)).size / (1024 * 1024), 'MB');

    const quiet = {
      signal: new AbortController().signal,
      progress: () => undefined,
      epoch: () => undefined,
      log: () => undefined,
    };
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 1 };
    const trained = await trainCsv({ file: training, label: 'state', ignore: [], config }, quiet);
    report('rss before embedding', process.memoryUsage().rss / (1024 * 1024), 'MB');

    const stopWatching = watchMemory();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await embedFile(cells, trained.bundle);
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - started) / 1000;
    const peak = stopWatching();

    if (outcome.summary.records !== RECORDS) {
      throw new Error(`embedded ${outcome.summary.records} records, not ${RECORDS}`);
    }
    report(`embed end to end (${outcome.summary.backend})`, RECORDS / seconds, 'records/s');
    report('embed end to end', seconds, 's');
    // CPU time shows the cost when other processes share the cores and wall time stretches.
    report('embed cpu time (user + system)', (cpu.user + cpu.system) / 1e6, 's');
    report('embeddings file size', (await stat(outcome.summary.out)).size / (1024 * 1024), 'MB');
    report('embed peak rss', peak, 'MB');
    if (peak > MEMORY_LIMIT_MB) {
      console.error(`peak resident memory ${peak.toFixed(0)} MB is over ${MEMORY_LIMIT_MB} MB`);
      process.exitCode = 1;
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

void main();
