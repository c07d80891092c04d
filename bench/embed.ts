/**
 * Embedding at scale: writes a 1,000,000-record sample CSV to a temp folder, trains a tiny model
 * bundle on a small sample, then embeds the large file end to end with the command-line tool
 * (CSV in, embeddings CSV out), in a process of its own, as a user would run it. Prints records
 * per second and that process's peak resident memory, which must stay under 500 MB. Needs the
 * built `dist/cli.js` (`npm run build`). `BENCH_RECORDS` changes the size.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');

interface EmbedRun {
  records: number;
  out: string;
  backend: string;
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
}

/** Runs `cli.js embed` in a child process; its peak memory and CPU time come from `usage.cjs`. */
async function embedWithCli(file: string, bundle: string, folder: string): Promise<EmbedRun> {
  const usageFile = path.join(folder, 'usage.json');
  const out = path.join(folder, 'cells.embeddings.csv');
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--require', path.join(__dirname, 'usage.cjs'), cli, 'embed', file, '--model', bundle],
    { env: { ...process.env, USAGE_FILE: usageFile }, maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  const lines = stdout.trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1]);
  const usage = JSON.parse(await readFile(usageFile, 'utf8'));
  return {
    records: result.records,
    out,
    backend: result.backend,
    seconds,
    cpuSeconds: usage.cpuSeconds,
    peakMB: usage.maxRssKb / 1024,
  };
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
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
    const run = await embedWithCli(cells, trained.bundle, folder);
    const peak = run.peakMB;

    if (run.records !== RECORDS) throw new Error(`embedded ${run.records} records, not ${RECORDS}`);
    report(`embed end to end (${run.backend})`, RECORDS / run.seconds, 'records/s');
    report('embed end to end', run.seconds, 's');
    // CPU time shows the cost when other processes share the cores and wall time stretches.
    report('embed cpu time (user + system)', run.cpuSeconds, 's');
    report('embeddings file size', (await stat(run.out)).size / (1024 * 1024), 'MB');
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
