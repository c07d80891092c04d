import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { runSample } from '../../src/cli/sample';
import { readDataset } from '../../src/core/dataset';
import { STATES } from '../../src/core/sample/cells';
import { SAMPLE_HEADER } from '../../src/core/sample/telecom';
import { writeSample } from '../../src/core/sample/write';

/** Share of `test` rows whose nearest `train` row (squared Euclidean) has the same label. */
function nearestNeighbourAccuracy(
  values: Float32Array,
  width: number,
  labels: Int32Array,
  trainRows: number,
  testRows: number,
): number {
  let correct = 0;
  for (let test = trainRows; test < trainRows + testRows; test += 1) {
    let best = Number.POSITIVE_INFINITY;
    let bestRow = -1;
    for (let train = 0; train < trainRows; train += 1) {
      let distance = 0;
      for (let feature = 0; feature < width; feature += 1) {
        const difference = values[test * width + feature] - values[train * width + feature];
        distance += difference * difference;
      }
      if (distance < best) {
        best = distance;
        bestRow = train;
      }
    }
    if (labels[bestRow] === labels[test]) correct += 1;
  }
  return correct / testRows;
}

describe('telecom sample generator', () => {
  let folder: string;

  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'siamese-lens-sample-'));
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes the same file for the same seed and a different one for another', async () => {
    const paths = ['a.csv', 'b.csv', 'c.csv'].map((name) => path.join(folder, name));
    await writeSample(paths[0], { records: 2000, seed: 11 });
    await writeSample(paths[1], { records: 2000, seed: 11 });
    await writeSample(paths[2], { records: 2000, seed: 12 });
    const [first, second, third] = await Promise.all(paths.map((file) => readFile(file, 'utf8')));

    assert.equal(first, second);
    assert.notEqual(first, third);
    const lines = first.trimEnd().split('\n');
    assert.equal(lines.length, 2001);
    assert.equal(lines[0], SAMPLE_HEADER.join(','));
    assert.ok((await readdir(folder)).every((name) => !name.endsWith('.tmp')));
  });

  it('is not trivially separable: 1-nearest-neighbour stays clearly below 100%', async () => {
    const file = path.join(folder, 'knn.csv');
    await writeSample(file, { records: 4000, seed: 3 });
    const dataset = await readDataset(file, { label: 'state' });
    const labels = dataset.labels as Int32Array;
    assert.ok(dataset.classNames.length >= 5, dataset.classNames.join(', '));
    assert.ok(dataset.classNames.every((name) => (STATES as readonly string[]).includes(name)));

    const { values, features } = dataset.features;
    const accuracy = nearestNeighbourAccuracy(values, features, labels, 3000, 1000);

    // Chance: guessing each test label at random with the training class shares.
    const shares = new Map<number, number>();
    for (let row = 0; row < 3000; row += 1) {
      shares.set(labels[row], (shares.get(labels[row]) ?? 0) + 1 / 3000);
    }
    const chance = [...shares.values()].reduce((sum, share) => sum + share * share, 0);
    console.log(`      1-NN accuracy ${accuracy.toFixed(3)}, chance ${chance.toFixed(3)}`);
    assert.ok(accuracy < 0.97, `1-NN accuracy ${accuracy}`);
    assert.ok(accuracy > chance, `1-NN accuracy ${accuracy}, chance ${chance}`);
  });

  it('runs as the sample command, with JSON on the last stdout line', async () => {
    const out = path.join(folder, 'cli.csv');
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof write;
    try {
      await runSample(['--records', '120', '--seed', '5', '--out', out]);
    } finally {
      process.stdout.write = write;
    }
    const last = written.join('').trimEnd().split('\n').pop() as string;
    assert.deepEqual(JSON.parse(last), { out, records: 120, seed: 5 });
    assert.equal((await readFile(out, 'utf8')).trimEnd().split('\n').length, 121);
    await assert.rejects(runSample(['--records', 'many', '--out', out]), /--records/);
  });
});
