/**
 * An embedding run that stops part-way: the caller gets the run's own error, even when deleting
 * the temporary outputs fails too, and no output appears under its real name.
 */

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { embedFile } from '../../src/core/embed/embedFile';
import { CancelledError } from '../../src/core/errors';
import { writeSample } from '../../src/core/sample/write';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/types';
import { trainCsv } from '../../src/core/trainCsv';

const quiet = {
  signal: new AbortController().signal,
  progress: () => undefined,
  epoch: () => undefined,
  log: () => undefined,
};

describe('embedding that fails part-way', function () {
  this.timeout(120_000);
  let folder: string;
  let source: string;
  let bundle: string;

  before(async function () {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'embed-failure-'));
    source = path.join(folder, 'cells.csv');
    await writeSample(source, { records: 2000, seed: 3 });
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 1, backend: 'wasm' as const };
    const job = { file: source, label: 'state', ignore: [], config };
    bundle = (await trainCsv({ ...job, bundleDir: path.join(folder, 'cells.siamese') }, quiet))
      .bundle;
  });

  after(async function () {
    await fs.rm(folder, { recursive: true, force: true });
  });

  /** Embeds `source` in batches of 200 records and cancels after the first batch. */
  function embedAndCancel(out: string) {
    const controller = new AbortController();
    return embedFile(source, bundle, {
      out,
      signal: controller.signal,
      batchRecords: 200,
      onProgress: () => controller.abort(),
    });
  }

  it('reports the cancellation and leaves no file behind', async function () {
    const out = path.join(folder, 'first.embeddings.csv');

    await assert.rejects(embedAndCancel(out), CancelledError);

    const left = await fs.readdir(folder);
    assert.deepStrictEqual(
      left.filter((name) => name.includes('first')),
      [],
    );
  });

  it('still reports the cancellation when deleting the temporary file fails', async function () {
    const out = path.join(folder, 'second.embeddings.csv');
    const remove = fs.rm;
    fs.rm = async () => {
      throw new Error('the disk went away');
    };
    try {
      await assert.rejects(embedAndCancel(out), CancelledError);
    } finally {
      fs.rm = remove;
    }

    await assert.rejects(fs.stat(out), { code: 'ENOENT' });
  });
});
