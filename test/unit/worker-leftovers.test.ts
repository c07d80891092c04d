/** What a worker that died midway leaves is removed, and nothing else. */

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { DEFAULT_TRAIN_CONFIG } from '../../src/core/types';
import { removeLeftovers } from '../../src/worker/jobs/leftovers';

describe('leftovers of a stopped worker', function () {
  let folder = '';

  beforeEach(function () {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-leftovers-'));
  });

  afterEach(function () {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("removes a training run's temporary bundle folder, nothing else", async function () {
    const bundleDir = path.join(folder, 'run');
    const temporary = path.join(folder, '.run.0a1b2c3d.tmp');
    fs.mkdirSync(path.join(temporary), { recursive: true });
    fs.writeFileSync(path.join(temporary, 'weights.bin'), 'partial');
    const others = ['.other.0a1b2c3d.tmp', 'run-finished', 'data.csv'];
    for (const name of others) fs.writeFileSync(path.join(folder, name), 'keep');

    const job = {
      kind: 'train' as const,
      file: path.join(folder, 'data.csv'),
      label: 'state',
      ignore: [],
      config: DEFAULT_TRAIN_CONFIG,
      bundleDir,
    };
    const removed = await removeLeftovers(job, Date.now());

    assert.deepStrictEqual(removed, [temporary]);
    assert.deepStrictEqual(fs.readdirSync(folder).sort(), [...others].sort());
  });

  it("removes an embedding run's temporary CSV and sidecar, not older ones", async function () {
    const source = path.join(folder, 'kpis.csv');
    fs.writeFileSync(source, 'a,b\n1,2\n');
    const old = path.join(folder, '.kpis.embeddings.csv.11111111.tmp');
    fs.writeFileSync(old, 'older run');
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(old, longAgo, longAgo);
    const csv = path.join(folder, '.kpis.embeddings.csv.22222222.tmp');
    const sidecar = path.join(folder, '.kpis.embeddings.json.33333333.tmp');
    fs.writeFileSync(csv, 'record,line\n');
    fs.writeFileSync(sidecar, '{');

    const job = { kind: 'embed' as const, file: source, bundleDir: path.join(folder, 'bundle') };
    const removed = await removeLeftovers(job, Date.now());

    assert.deepStrictEqual(removed.sort(), [csv, sidecar].sort());
    assert.ok(fs.existsSync(old), 'a temporary file older than the job is not its own');
    assert.ok(fs.existsSync(source), 'the source is untouched');
  });
});
