/**
 * The jobs through the built worker (`npx webpack --mode development --config-name node` first),
 * on the synthetic cell KPI sample: embed, read back, check a bundle, train, and cancel an
 * embedding half way, which must leave no output.
 */

import * as assert from 'assert';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { CancelledError, InputError } from '../../src/core/errors';
import { SAMPLE_HEADER } from '../../src/core/sample/telecom';
import { writeSample } from '../../src/core/sample/write';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/core/types';
import { runJob } from '../../src/worker/client';
import type { ClusterResult } from '../../src/worker/protocol';

const WORKER_FILE = path.resolve(__dirname, '../../dist/worker.js');
const CONFIG: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, epochs: 1, backend: 'wasm' };
const TRAIN_RECORDS = 4000;
const EMBED_RECORDS = 6000;
const LARGE_RECORDS = 120_000;

describe('worker jobs', function () {
  this.timeout(300_000);
  let folder: string;
  let bundle: string;
  let cells: string;

  before(async function () {
    assert.ok(existsSync(WORKER_FILE), `build the worker first: ${WORKER_FILE} is missing`);
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'worker-jobs-'));
    const training = path.join(folder, 'training.csv');
    cells = path.join(folder, 'cells.csv');
    await writeSample(training, { records: TRAIN_RECORDS, seed: 3 });
    await writeSample(cells, { records: EMBED_RECORDS, seed: 4 });

    const epochs: number[] = [];
    const trained = await runJob(
      WORKER_FILE,
      {
        kind: 'train',
        file: training,
        label: 'state',
        ignore: [],
        config: CONFIG,
        bundleDir: path.join(folder, 'cells.siamese'),
      },
      { onEpoch: (report) => epochs.push(report.epoch) },
    );
    bundle = trained.bundle;

    assert.deepStrictEqual(epochs, [1]);
    assert.strictEqual(trained.records, TRAIN_RECORDS);
    assert.ok(existsSync(path.join(bundle, 'model.json')));
  });

  after(async function () {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('embeds a file and reads the embeddings back to the same cluster data', async function () {
    const embedded = await runJob(WORKER_FILE, { kind: 'embed', file: cells, bundleDir: bundle });
    const out = path.join(folder, 'cells.embeddings.csv');

    assert.strictEqual(embedded.summary.out, out);
    assert.strictEqual(embedded.cluster.count, EMBED_RECORDS);
    assert.ok(embedded.cluster.positions instanceof Float32Array);
    assert.strictEqual(embedded.cluster.positions.length, EMBED_RECORDS * 3);
    assert.strictEqual(embedded.index.offsets.length, EMBED_RECORDS);

    const loaded = await runJob(WORKER_FILE, { kind: 'loadEmbeddings', embeddingsFile: out });
    assertSameCluster(loaded, embedded);
  });

  it('lists the columns of a CSV with their kinds', async function () {
    const { columns } = await runJob(WORKER_FILE, { kind: 'inspect', file: cells });

    assert.deepStrictEqual(
      columns.map((column) => column.name),
      SAMPLE_HEADER,
    );
    const state = columns.find((column) => column.name === 'state');
    assert.strictEqual(state?.kind, 'categorical');
    assert.ok(state.distinct >= 2);
  });

  it('summarises a bundle, and names the file of one that is not', async function () {
    const summary = await runJob(WORKER_FILE, { kind: 'validateBundle', dir: bundle });
    assert.strictEqual(summary.dims, CONFIG.dims);
    assert.strictEqual(summary.label, 'state');
    assert.ok(summary.classes.includes('normal'));

    const job = runJob(WORKER_FILE, { kind: 'validateBundle', dir: folder });
    await assert.rejects(job, (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.strictEqual(error.location.file, path.join(folder, 'report.json'));
      return true;
    });
  });

  it('rejects a file without the model`s columns with the column named', async function () {
    const other = path.join(folder, 'other.csv');
    await fs.writeFile(other, 'timestamp,cell_id,state\n2024-01-01,c1,normal\n');

    const job = runJob(WORKER_FILE, { kind: 'embed', file: other, bundleDir: bundle });
    await assert.rejects(job, (error: Error) => {
      assert.ok(error instanceof InputError, String(error));
      assert.strictEqual(error.location.file, other);
      assert.match(error.message, /throughput_mbps/);
      return true;
    });
    assert.ok(!existsSync(path.join(folder, 'other.embeddings.csv')));
  });

  it('leaves no output when an embedding is cancelled half way', async function () {
    const large = path.join(folder, 'large.csv');
    await writeSample(large, { records: LARGE_RECORDS, seed: 5 });
    const projector = path.join(folder, 'large-projector');
    const before = await fs.readdir(folder);
    const controller = new AbortController();
    let progressBeforeCancel = 0;

    const job = runJob(
      WORKER_FILE,
      { kind: 'embed', file: large, bundleDir: bundle, projectorDir: projector },
      {
        signal: controller.signal,
        onProgress: (done, total) => {
          progressBeforeCancel = done / (total ?? 1);
          controller.abort();
        },
      },
    );

    await assert.rejects(job, CancelledError);
    assert.ok(progressBeforeCancel > 0 && progressBeforeCancel < 1, 'cancelled mid-file');
    assert.deepStrictEqual((await fs.readdir(folder)).sort(), before.sort());
  });
});

describe('worker train job', function () {
  this.timeout(300_000);
  let folder: string;

  before(async function () {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'worker-train-'));
  });

  after(async function () {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('saves no bundle when cancelled during training', async function () {
    const training = path.join(folder, 'training.csv');
    await writeSample(training, { records: TRAIN_RECORDS, seed: 6 });
    const bundleDir = path.join(folder, 'cancelled.siamese');
    const controller = new AbortController();

    const job = runJob(
      WORKER_FILE,
      {
        kind: 'train',
        file: training,
        label: 'state',
        ignore: [],
        config: { ...CONFIG, epochs: 50, patience: 0 },
        bundleDir,
      },
      { signal: controller.signal, onEpoch: () => controller.abort() },
    );

    await assert.rejects(job, CancelledError);
    assert.deepStrictEqual(await fs.readdir(folder), ['training.csv']);
  });
});

function assertSameCluster(loaded: ClusterResult, embedded: ClusterResult): void {
  const [first, second] = [loaded.cluster, embedded.cluster];
  assert.strictEqual(first.count, second.count);
  assert.deepStrictEqual(first.records, second.records);
  assert.deepStrictEqual(first.labelNames, second.labelNames);
  assert.deepStrictEqual(first.labels, second.labels);
  assert.deepStrictEqual(first.predicted, second.predicted);
  assert.deepStrictEqual(first.novel, second.novel);
  assert.deepStrictEqual(loaded.index.lines, embedded.index.lines);
  assert.deepStrictEqual(loaded.index.offsets, embedded.index.offsets);

  // The CSV keeps six decimals: rounding costs up to 5e-7, reading back into float32 up to
  // half its spacing below 1 (2^-25, about 3e-8).
  const largest = first.embeddings.reduce(
    (worst, value, at) => Math.max(worst, Math.abs(value - second.embeddings[at])),
    0,
  );
  assert.ok(largest <= 5e-7 + 2 ** -25, `embeddings differ by ${largest}`);
}
