/**
 * Embedding NSL-KDD end to end with small models trained in the test (two epochs): every test
 * record comes out once, its `line` points at it in the source, the projector files line up, and
 * most records of a class left out of training are called novel, and few of a known class.
 */

import * as tf from '@tensorflow/tfjs';
import * as assert from 'assert';
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { RecordIndex } from '../../src/core/dataset';
import { embedFile, type EmbedOutcome } from '../../src/core/embed/embedFile';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/core/types';
import { trainCsv } from '../../src/core/trainCsv';

const DATA = path.resolve(__dirname, '../../../shared/data/nsl-kdd');
const TRAIN_CSV = path.join(DATA, 'train.csv');
const TEST_CSV = path.join(DATA, 'test.csv');
const TEST_RECORDS = 22_544;
const LABEL = 'attack_class';
const IGNORE = ['attack', 'difficulty'];

const CONFIG: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, dims: 4, epochs: 2, backend: 'wasm' };

const quiet = {
  signal: new AbortController().signal,
  progress: () => undefined,
  epoch: () => undefined,
  log: () => undefined,
};

async function trainOn(file: string, bundleDir: string): Promise<string> {
  const job = { file, label: LABEL, ignore: IGNORE, config: CONFIG };
  const result = await trainCsv({ ...job, bundleDir }, quiet);
  return result.bundle;
}

/** Rows of a CSV written by the embedding run, split on commas (NSL-KDD has no quoted fields). */
function readRows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('embedding NSL-KDD', function () {
  this.timeout(600_000);
  let folder: string;

  before(async function () {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'embed-nslkdd-'));
  });

  after(async function () {
    await fs.rm(folder, { recursive: true, force: true });
  });

  describe('with a model trained on train.csv', function () {
    let outcome: EmbedOutcome;
    let out: string;
    let projector: string;
    let tensorsBefore: number;
    let tensorsAfter: number;

    before(async function () {
      const bundle = await trainOn(TRAIN_CSV, path.join(folder, 'full.siamese'));
      out = path.join(folder, 'test.embeddings.csv');
      projector = path.join(folder, 'projector');
      tensorsBefore = tf.memory().numTensors;
      outcome = await embedFile(TEST_CSV, bundle, { out, projectorDir: projector });
      tensorsAfter = tf.memory().numTensors;
    });

    it('leaves no tensor behind', function () {
      assert.strictEqual(tensorsAfter, tensorsBefore);
    });

    it('writes one row per record, with the label, N values and the verdict', function () {
      const rows = readRows(out);
      const header = rows[0];

      assert.deepStrictEqual(header, [
        'record',
        'line',
        LABEL,
        'e1',
        'e2',
        'e3',
        'e4',
        'predicted',
        'distance',
        'novel',
      ]);
      assert.strictEqual(rows.length - 1, TEST_RECORDS);
      assert.strictEqual(outcome.summary.records, TEST_RECORDS);
      assert.strictEqual(outcome.cluster.count, TEST_RECORDS);
      assert.strictEqual(outcome.cluster.embeddings.length, TEST_RECORDS * 4);
      assert.strictEqual(outcome.cluster.positions.length, TEST_RECORDS * 3);
      assert.ok(outcome.cluster.positions.every((value) => value >= 0 && value <= 1));
      assert.ok(rows.slice(1).every((row) => row.at(-1) === 'true' || row.at(-1) === 'false'));
    });

    it('points `line` at the source record, and the index reads it back', async function () {
      const sourceLines = readFileSync(TEST_CSV, 'utf8').split('\n');
      const labelColumn = sourceLines[0].split(',').indexOf(LABEL);
      const rows = readRows(out);
      const index = RecordIndex.fromTransfer(outcome.index);

      for (let row = 1; row < rows.length; row += 997) {
        const [record, line, label] = rows[row];
        const sourceFields = sourceLines[Number(line) - 1].trimEnd().split(',');

        assert.strictEqual(sourceFields[labelColumn], label, `row ${row}`);
        assert.deepStrictEqual(await index.readFields(Number(record) - 1), sourceFields);
        assert.strictEqual(index.lineOf(Number(record) - 1), Number(line));
      }
    });

    it('writes projector files: N numbers per vector line, a metadata row per record', function () {
      const vectors = readFileSync(path.join(projector, 'vectors.tsv'), 'utf8').trimEnd();
      const metadata = readFileSync(path.join(projector, 'metadata.tsv'), 'utf8').trimEnd();
      const vectorLines = vectors.split('\n');
      const metadataLines = metadata.split('\n');

      assert.strictEqual(vectorLines.length, TEST_RECORDS);
      for (const line of vectorLines) {
        const values = line.split('\t');
        assert.strictEqual(values.length, 4);
        assert.ok(values.every((value) => value !== '' && Number.isFinite(Number(value))));
      }
      assert.strictEqual(metadataLines[0], 'record\tlabel\tpredicted\tnovel');
      assert.strictEqual(metadataLines.length, TEST_RECORDS + 1);
      assert.ok(metadataLines.every((line) => line.split('\t').length === 4));
    });
  });

  // Measured with this configuration and seeds 42, 1 and 2: 60% to 75% of test.csv's probe
  // records novel against 7% to 9% of its normal ones. Over dims 3 to 8, one to five epochs,
  // lossless or triplet loss, probe ranged from 27% (one run of 18) to 91%, normal 6% to 9%.
  // The thresholds aim at 5% of training records novel; test.csv's normal records differ a little
  // from train.csv's, hence the higher share, bounded here at 15%.
  it('calls most records of a class left out of training novel, few known', async function () {
    const withoutProbe = path.join(folder, 'train-without-probe.csv');
    const lines = readFileSync(TRAIN_CSV, 'utf8').trimEnd().split('\n');
    const labelColumn = lines[0].split(',').indexOf(LABEL);
    const kept = lines.filter((line) => line.split(',')[labelColumn] !== 'probe');
    await fs.writeFile(withoutProbe, `${kept.join('\n')}\n`);

    const bundle = await trainOn(withoutProbe, path.join(folder, 'no-probe.siamese'));
    const out = path.join(folder, 'test-no-probe.embeddings.csv');
    const { cluster } = await embedFile(TEST_CSV, bundle, { out });

    const share = (name: string): number => {
      const id = cluster.labelNames.indexOf(name);
      let members = 0;
      let novel = 0;
      cluster.labels.forEach((label, point) => {
        if (label !== id) return;
        members += 1;
        novel += cluster.novel?.[point] ?? 0;
      });
      return novel / members;
    };
    const probe = share('probe');
    const normal = share('normal');
    console.log(`      novel share: probe ${probe.toFixed(3)}, normal ${normal.toFixed(3)}`);

    assert.ok(!cluster.predictedNames?.includes('probe'));
    assert.ok(probe > 0.5, `only ${(probe * 100).toFixed(1)}% of probe records are novel`);
    assert.ok(normal < 0.15, `${(normal * 100).toFixed(1)}% of normal records are novel`);
  });
});
