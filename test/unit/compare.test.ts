import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { DEFAULT_COMPARE_EPOCHS, parseCompareArgs, runCompare } from '../../src/cli/compare';
import { initBackend } from '../../src/core/backend';
import { loadBundle } from '../../src/core/bundle/bundle';
import type { Comparison } from '../../src/core/evaluation/compareLosses';
import { writeSample } from '../../src/core/sample/write';

const LOSSES = ['lossless', 'linear', 'triplet', 'contrastive'];
const UNIT_METRICS = ['precision_at_1', 'map_at_r', 'r_precision', 'nmi'];

/** Runs `runCompare` with stderr silenced; returns the JSON object on its last stdout line. */
async function compareJson(argv: string[]): Promise<Comparison> {
  const written: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await runCompare(argv);
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  const lines = written.join('').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Comparison;
}

describe('compare', () => {
  let folder: string;
  let result: Comparison;

  before(async () => {
    await initBackend('wasm');
    folder = mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-compare-test-'));
    const train = path.join(folder, 'train.csv');
    const test = path.join(folder, 'test.csv');
    await writeSample(train, { records: 2000, seed: 7 });
    await writeSample(test, { records: 500, seed: 8 });

    result = await compareJson([
      train,
      '--test',
      test,
      '--label',
      'state',
      '--ignore',
      'timestamp,cell_id',
      '--losses',
      LOSSES.join(','),
      '--epochs',
      '2',
      '--out',
      path.join(folder, 'bundles'),
    ]);
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('gives one row per loss, in the order asked, with every metric in range', () => {
    assert.deepStrictEqual(
      result.rows.map((row) => row.loss),
      LOSSES,
    );
    for (const row of result.rows) {
      for (const name of UNIT_METRICS) {
        const value = (row as unknown as Record<string, number>)[name];
        assert.ok(value >= 0 && value <= 1, `${row.loss} ${name} = ${value}`);
      }
      assert.ok(row.silhouette >= -1 && row.silhouette <= 1, `${row.loss} silhouette`);
      assert.ok(row.zero_hinge_share >= 0 && row.zero_hinge_share <= 1);
      // Mean distance to the own class centroid over mean distance between centroids.
      assert.ok(row.compactness >= 0, `${row.loss} compactness`);
      assert.ok(Object.keys(row.per_class).length > 0, `${row.loss} per_class is empty`);
    }
  });

  it('trains every loss with the same budget and reports its curves and speed', () => {
    for (const row of result.rows) {
      assert.strictEqual(row.epochs_run, 2, row.loss);
      assert.strictEqual(row.loss_curve.length, row.epochs_run, row.loss);
      assert.strictEqual(row.validation_curve.length, row.epochs_run, row.loss);
      assert.strictEqual(row.final_loss, row.loss_curve[row.loss_curve.length - 1]);
      assert.ok(row.triplets_per_s > 0 && row.training_seconds > 0, row.loss);
    }
    const margins = Object.fromEntries(result.rows.map((row) => [row.loss, row.margin]));
    assert.deepStrictEqual(margins, { lossless: 0.2, linear: 0.2, triplet: 0.2, contrastive: 1 });
    assert.strictEqual(result.config.epochs, 2);
  });

  it('adds the raw-feature 1-NN baseline over every labelled test record', () => {
    assert.strictEqual(result.test.records, 500);
    assert.strictEqual(result.train.records, 2000);
    const { precision_at_1: precision, per_class: perClass } = result.baseline;
    assert.ok(precision >= 0 && precision <= 1, `${precision}`);

    const support = Object.values(perClass).reduce((sum, scores) => sum + scores.support, 0);
    assert.strictEqual(support, 500);
  });

  it('saves a loadable bundle per loss whose report holds the test metrics', async () => {
    for (const row of result.rows) {
      const bundle = await loadBundle(row.bundle);
      bundle.model.dispose();
      assert.strictEqual(bundle.report.config.loss, row.loss);
      assert.strictEqual(bundle.report.metrics?.precision_at_1, row.precision_at_1);
    }
  });
});

describe('compare arguments', () => {
  it('defaults to the four losses and the documented epoch budget', () => {
    const args = parseCompareArgs(['train.csv', '--test', 'test.csv', '--label', 'state']);
    assert.deepStrictEqual(args.losses, LOSSES);
    assert.strictEqual(args.epochs, DEFAULT_COMPARE_EPOCHS);
    assert.strictEqual(args.out, undefined);
  });

  it('rejects an unknown loss and a missing test file', () => {
    const base = ['train.csv', '--label', 'state'];
    assert.throws(() => parseCompareArgs([...base, '--test', 't.csv', '--losses', 'hinge']));
    assert.throws(() => parseCompareArgs(base), /--test is required/);
  });
});
