import * as assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { runEvaluate } from '../../src/cli/evaluate';
import { runTrain } from '../../src/cli/train';
import { initBackend } from '../../src/core/backend';
import { InputError } from '../../src/core/errors';
import { labelledRecords, unifyClasses } from '../../src/core/evaluation/classes';
import { evaluateFile } from '../../src/core/evaluation/evaluateFile';
import { writeSample } from '../../src/core/sample/write';

const METRICS = [
  'precision_at_1',
  'map_at_r',
  'r_precision',
  'nmi',
  'silhouette',
  'compactness',
  'zero_hinge_share',
  'per_class',
];

/** Runs a CLI command and returns the JSON object on its last stdout line. */
async function lastJsonLine(run: () => Promise<void>): Promise<Record<string, unknown>> {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = original;
  }
  const lines = written.join('').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

/** Silences progress lines on stderr while `run` runs. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await run();
  } finally {
    process.stderr.write = original;
  }
}

describe('evaluate', () => {
  let folder: string;
  let trainFile: string;
  let testFile: string;
  let bundle: string;

  before(async () => {
    await initBackend('wasm');
    folder = mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-evaluate-'));
    trainFile = path.join(folder, 'train.csv');
    testFile = path.join(folder, 'test.csv');
    await writeSample(trainFile, { records: 2000, seed: 3 });
    await writeSample(testFile, { records: 500, seed: 4 });

    bundle = path.join(folder, 'model');
    const args = [trainFile, '--label', 'state', '--ignore', 'timestamp,cell_id'];
    await quietly(() =>
      lastJsonLine(() => runTrain([...args, '--epochs', '2', '--out', bundle, '--seed', '5'])),
    );
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints every metric, in range, and leaves the model bundle unchanged', async () => {
    const reportBefore = readFileSync(path.join(bundle, 'report.json'), 'utf8');
    const args = [testFile, '--model', bundle, '--reference', trainFile];
    const result = await quietly(() => lastJsonLine(() => runEvaluate(args)));

    for (const name of [...METRICS, 'records', 'seconds']) {
      assert.ok(name in result, `missing ${name}`);
    }
    for (const name of METRICS.filter((metric) => metric !== 'per_class')) {
      const value = result[name] as number;
      const least = name === 'silhouette' ? -1 : 0;
      // Compactness is a ratio of distances with no upper bound; the others lie in [0, 1].
      const most = name === 'compactness' ? Infinity : 1;
      assert.ok(value >= least && value <= most, `${name} = ${value}`);
    }
    assert.strictEqual(result.records, 500);
    assert.strictEqual(result.reference_records, 2000);

    const perClass = result.per_class as Record<string, { precision: number; recall: number }>;
    assert.ok(Object.keys(perClass).includes('normal'), Object.keys(perClass).join(', '));
    for (const [name, scores] of Object.entries(perClass)) {
      assert.ok(scores.precision >= 0 && scores.precision <= 1, `${name} precision`);
      assert.ok(scores.recall >= 0 && scores.recall <= 1, `${name} recall`);
    }

    assert.strictEqual(readFileSync(path.join(bundle, 'report.json'), 'utf8'), reportBefore);
  });

  it('finds each record itself when the reference is the evaluated file', async () => {
    // Every record's own embedding is at distance 0, so precision@1 is 1 but for exact ties
    // with an earlier record of another class.
    const evaluation = await evaluateFile(testFile, bundle, { reference: testFile });
    assert.ok(evaluation.metrics.precision_at_1 >= 0.99, `${evaluation.metrics.precision_at_1}`);
    assert.strictEqual(evaluation.referenceRecords, 500);

    const leaveOneOut = await evaluateFile(testFile, bundle);
    assert.strictEqual(leaveOneOut.referenceRecords, null);
    assert.ok(leaveOneOut.metrics.precision_at_1 < evaluation.metrics.precision_at_1);
  });

  it('names the file and the label column when the file has no labels', async () => {
    const unlabelled = path.join(folder, 'unlabelled.csv');
    const lines = readFileSync(testFile, 'utf8').trim().split('\n');
    writeFileSync(unlabelled, lines.map((line) => line.replace(/,[^,]*$/, '')).join('\n'));

    await assert.rejects(evaluateFile(unlabelled, bundle), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.strictEqual(error.location.file, unlabelled);
      assert.strictEqual(error.location.column, 'state');
      return true;
    });
  });
});

describe('shared class lists', () => {
  it('renumbers two label sets into the sorted union of their names', () => {
    const first = { labels: Int32Array.from([0, 1, -1]), classNames: ['dos', 'normal'] };
    const second = { labels: Int32Array.from([1, 0]), classNames: ['normal', 'probe'] };
    const unified = unifyClasses([first, second]);

    assert.deepStrictEqual(unified.classNames, ['dos', 'normal', 'probe']);
    assert.deepStrictEqual(Array.from(unified.labels[0]), [0, 1, -1]);
    assert.deepStrictEqual(Array.from(unified.labels[1]), [2, 1]);
  });

  it('keeps only the labelled records, rows and labels together', () => {
    const features = { values: Float32Array.from([1, 2, 3, 4, 5, 6]), rows: 3, features: 2 };
    const kept = labelledRecords(features, Int32Array.from([0, -1, 1]), ['a', 'b']);

    assert.strictEqual(kept.rows, 2);
    assert.deepStrictEqual(Array.from(kept.values), [1, 2, 5, 6]);
    assert.deepStrictEqual(Array.from(kept.labels), [0, 1]);
  });
});
