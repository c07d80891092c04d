/**
 * Training speed on NSL-KDD's encoded features (label attack_class), lossless loss, network
 * [64, 32] -> 3, Adam 1e-3, random triplets (no mining), side by side with PyTorch.
 *
 * For each batch size and round, back to back: each of our backends that starts here, then the
 * PyTorch peer on one thread and on two, on the same job. Both sides sample their class-balanced
 * triplets inside the timed steps, run one forward pass over the batch's distinct records and
 * one backward pass, and take one Adam step per batch; neither mines. Our run is three epochs of
 * the training records, the first a warm-up, the other two timed; the peer takes as many untimed
 * and timed steps (see `peers/triplet_torch.py` for its side).
 * Limitation: the JavaScript (`cpu`) backend trains on the first records only, to keep the whole
 * bench short; its ratios use the same round's peer figures.
 *
 * Prints, one JSON object a line, the median over rounds of each figure and of each round's
 * ratio ours / peer (all rounds in `samples`): triplets per second of wall time, and per second
 * of CPU time (the process's, all threads), which other work on a shared machine disturbs less.
 * The peer's OpenMP threads wait passively (see `peer.ts`).
 *
 *     npx tsx bench/train.ts            (BENCH_ROUNDS=5 by default)
 */

import * as os from 'os';

import { initBackend } from '../src/core/backend';
import { trainModel } from '../src/core/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type LabelledFeatures, type TrainConfig } from '../src/core/types';
import { firstRecords, readNslKdd } from './nslKdd';
import { disposePeer, preparePeer, runPeer, type Peer, type Speed } from './peer';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCHES = [256, 1024];
const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
const PEER_THREADS = [1, 2];
/** Records the slow JavaScript backend trains on. */
const CPU_RECORDS = 2048;
/** One warm-up epoch, then the timed ones. */
const TIMED_EPOCHS = 2;

type Backend = (typeof BACKENDS)[number];

/** Every figure's values, one a round, in the order first measured. */
const samples = new Map<string, { unit: string; values: number[] }>();

function record(name: string, value: number, unit: string): void {
  const entry = samples.get(name) ?? { unit, values: [] };
  entry.values.push(value);
  samples.set(name, entry);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function configFor(batchSize: number): TrainConfig {
  return {
    ...DEFAULT_TRAIN_CONFIG,
    loss: 'lossless',
    hidden: [64, 32],
    dims: 3,
    mining: 'random',
    learningRate: 0.001,
    epochs: 1 + TIMED_EPOCHS,
    batchSize,
    validationSplit: 0,
    patience: 0,
  };
}

/** Our speed over the timed epochs; CPU time is read at the end of each epoch. */
async function measureOurs(data: LabelledFeatures, config: TrainConfig): Promise<Speed> {
  let cpuStart: NodeJS.CpuUsage | undefined;
  let cpu: NodeJS.CpuUsage | undefined;
  const onEpoch = (report: { epoch: number }): void => {
    if (report.epoch === 1) cpuStart = process.cpuUsage();
    if (report.epoch === config.epochs) cpu = process.cpuUsage(cpuStart);
  };
  const result = await trainModel(data, config, { onEpoch });
  result.model.dispose();

  const timed = result.history.slice(1);
  const triplets = timed.length * Math.ceil(data.rows / config.batchSize) * config.batchSize;
  const seconds = timed.reduce((sum, report) => sum + report.seconds, 0);
  const cpuSeconds = cpu === undefined ? Number.NaN : (cpu.user + cpu.system) / 1e6;
  return { perSecond: triplets / seconds, perCpuSecond: triplets / cpuSeconds };
}

/** Records a speed under both its names: per second, and per CPU second. */
function recordSpeed(path: string, speed: Speed): void {
  record(`train_triplets_per_s/${path}`, speed.perSecond, 'triplets/s');
  record(`train_triplets_per_cpu_s/${path}`, speed.perCpuSecond, 'triplets/cpu-s');
}

/** The backends that start here; the others are named on stderr. */
async function availableBackends(): Promise<Backend[]> {
  const started: Backend[] = [];
  for (const backend of BACKENDS) {
    try {
      await initBackend(backend);
      started.push(backend);
    } catch (error) {
      process.stderr.write(`Backend ${backend} skipped: ${(error as Error).message}\n`);
    }
  }
  return started;
}

async function oneRound(
  data: LabelledFeatures,
  backends: Backend[],
  peer: Peer | undefined,
  batch: number,
): Promise<void> {
  const ours = new Map<Backend, Speed>();
  for (const backend of backends) {
    await initBackend(backend);
    const subset = backend === 'cpu' ? firstRecords(data, CPU_RECORDS) : data;
    const speed = await measureOurs(subset, configFor(batch));
    ours.set(backend, speed);
    recordSpeed(`${backend}/batch${batch}`, speed);
  }
  if (peer === undefined) return;

  const stepsPerEpoch = Math.ceil(data.rows / batch);
  for (const threads of PEER_THREADS) {
    const job = { batch, threads, dims: 3, warmup: stepsPerEpoch };
    const speed = await runPeer(peer, { ...job, steps: TIMED_EPOCHS * stepsPerEpoch });
    recordSpeed(`pytorch/threads${threads}/batch${batch}`, speed);
    for (const [backend, oursSpeed] of ours) {
      const path = `${backend}/threads${threads}/batch${batch}`;
      record(`train_ratio_vs_pytorch/${path}`, oursSpeed.perSecond / speed.perSecond, 'ratio');
      const perCpu = oursSpeed.perCpuSecond / speed.perCpuSecond;
      record(`train_ratio_per_cpu_s_vs_pytorch/${path}`, perCpu, 'ratio');
    }
  }
}

async function main(): Promise<void> {
  const data = await readNslKdd();
  const backends = await availableBackends();
  const prepared = await preparePeer(data);
  const peer = typeof prepared === 'string' ? undefined : prepared;
  if (typeof prepared === 'string') process.stderr.write(`PyTorch peer skipped: ${prepared}\n`);

  try {
    for (const batch of BATCHES) {
      for (let round = 0; round < ROUNDS; round++) await oneRound(data, backends, peer, batch);
    }
  } finally {
    if (peer !== undefined) await disposePeer(peer);
  }

  for (const [name, { unit, values }] of samples) {
    const digits = unit === 'ratio' ? 3 : 0;
    const round = (value: number): number => Number(value.toFixed(digits));
    const figure = {
      name,
      value: round(median(values)),
      unit,
      cores: os.cpus().length,
      samples: values.map(round),
      ...(name.includes('/pytorch/') && peer ? { blas: peer.blas } : {}),
    };
    process.stdout.write(`${JSON.stringify(figure)}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
