/**
 * The files an embedding run writes, without a model: the embeddings CSV and the projector files
 * as written batch by batch, their removal on discard, and reading them back for the view.
 */

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { EmbeddingOutputs, type EmbeddedBatch } from '../../src/core/embed/outputs';
import { readEmbeddings } from '../../src/core/embed/readEmbeddings';
import { writeSidecar } from '../../src/core/embed/sidecar';
import { InputError } from '../../src/core/errors';

/** Two records of a source whose second record spans two lines (a quoted line break). */
const SOURCE = 'a,b,kind\n1,2,normal\n3,"x\ny","fault, with comma"\n';

function batch(): EmbeddedBatch {
  return {
    records: Int32Array.from([0, 1]),
    lines: Int32Array.from([2, 3]),
    labels: ['normal', 'fault, with comma'],
    embeddings: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
    dims: 4,
    predicted: ['normal', 'normal'],
    distance: Float32Array.from([0.001, 0.5]),
    novel: Uint8Array.from([0, 1]),
  };
}

describe('embedding outputs', function () {
  let folder: string;

  beforeEach(async function () {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'embed-outputs-'));
  });

  afterEach(async function () {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('writes the CSV and the projector files, quoting labels with commas', async function () {
    const out = path.join(folder, 'cells.embeddings.csv');
    const projector = path.join(folder, 'projector');
    const outputs = await EmbeddingOutputs.open(out, projector, 'kind', 4);
    await outputs.write(batch());
    await outputs.commit();

    const csv = (await fs.readFile(out, 'utf8')).trimEnd().split('\n');
    assert.deepStrictEqual(csv, [
      'record,line,kind,e1,e2,e3,e4,predicted,distance,novel',
      '1,2,normal,0.100000,0.200000,0.300000,0.400000,normal,0.001,false',
      '2,3,"fault, with comma",0.500000,0.600000,0.700000,0.800000,normal,0.5,true',
    ]);

    const vectors = (await fs.readFile(path.join(projector, 'vectors.tsv'), 'utf8')).split('\n');
    assert.strictEqual(vectors.pop(), '');
    assert.strictEqual(vectors.length, 2);
    for (const line of vectors) {
      const numbers = line.split('\t').map(Number);
      assert.strictEqual(numbers.length, 4);
      assert.ok(numbers.every(Number.isFinite));
    }

    const metadata = (await fs.readFile(path.join(projector, 'metadata.tsv'), 'utf8')).split('\n');
    assert.strictEqual(metadata.pop(), '');
    assert.deepStrictEqual(metadata, [
      'record\tlabel\tpredicted\tnovel',
      '1\tnormal\tnormal\tfalse',
      '2\tfault, with comma\tnormal\ttrue',
    ]);
  });

  it('leaves nothing behind when discarded', async function () {
    const out = path.join(folder, 'cells.embeddings.csv');
    const outputs = await EmbeddingOutputs.open(out, path.join(folder, 'projector'), null, 4);
    await outputs.write({ ...batch(), labels: null });
    await outputs.discard();

    assert.deepStrictEqual(await fs.readdir(folder), []);
  });

  it('keeps a projector folder that was there before, emptied of its own files', async function () {
    const projector = path.join(folder, 'projector');
    await fs.mkdir(projector);
    await fs.writeFile(path.join(projector, 'notes.txt'), 'mine');
    const outputs = await EmbeddingOutputs.open(path.join(folder, 'x.csv'), projector, null, 4);
    await outputs.write({ ...batch(), labels: null });
    await outputs.discard();

    assert.deepStrictEqual(await fs.readdir(folder), ['projector']);
    assert.deepStrictEqual(await fs.readdir(projector), ['notes.txt']);
  });

  it('reads the CSV back into cluster data with the source index', async function () {
    const source = path.join(folder, 'cells.csv');
    await fs.writeFile(source, SOURCE);
    const out = path.join(folder, 'cells.embeddings.csv');
    const outputs = await EmbeddingOutputs.open(out, undefined, 'kind', 4);
    await outputs.write(batch());
    await outputs.commit();
    await writeSidecar(out, {
      source,
      bundle: folder,
      dims: 4,
      label: 'kind',
      classes: ['normal'],
      records: 2,
      created: new Date().toISOString(),
    });

    const { cluster, index } = await readEmbeddings(out);

    assert.strictEqual(cluster.count, 2);
    assert.deepStrictEqual(Array.from(cluster.records), [0, 1]);
    assert.deepStrictEqual(cluster.labelNames, ['normal', 'fault, with comma']);
    assert.deepStrictEqual(Array.from(cluster.labels), [0, 1]);
    assert.deepStrictEqual(Array.from(cluster.predicted ?? []), [0, 0]);
    assert.deepStrictEqual(Array.from(cluster.novel ?? []), [0, 1]);
    assert.strictEqual(cluster.embeddings[7], Math.fround(0.8));
    assert.strictEqual(cluster.positions.length, 6);
    assert.ok(cluster.positions.every((value) => value >= 0 && value <= 1));
    assert.deepStrictEqual(Array.from(index.lines), [2, 3]);
    assert.strictEqual(index.offsets[1], SOURCE.indexOf('3,'));
  });

  it('names the file and the column missing from a CSV that is not embeddings', async function () {
    const out = path.join(folder, 'other.csv');
    await fs.writeFile(out, SOURCE);
    await writeSidecar(out, {
      source: out,
      bundle: folder,
      dims: 2,
      label: null,
      classes: [],
      records: 2,
      created: '',
    });

    await assert.rejects(readEmbeddings(out), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.strictEqual(error.location.file, out);
      assert.match(error.message, /lacks column "record"/);
      return true;
    });
  });
});
