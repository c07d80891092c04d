/**
 * Faults in a real extension host cost the user no data: a worker killed mid-training, the
 * cluster view closed while it trains, four commands at once, and a model folder set outside
 * the workspace. Runs after commands.test.ts, on the same workspace and its `cell-kpis.csv`.
 */
import * as assert from 'assert';
import { parse } from 'csv-parse/sync';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

import type { SiameseLensApi } from '../../src/extension/api';
import type { EmbedOutcome } from '../../src/extension/commands/embed';
import type { TrainArgs, TrainOutcome } from '../../src/extension/commands/train';

const EXTENSION_ID = 'siamese-lens.siamese-lens';
const BUNDLE_FILES = ['model.json', 'weights.bin', 'encoder.json', 'report.json'];

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

async function extensionApi(): Promise<SiameseLensApi> {
  const extension = vscode.extensions.getExtension<SiameseLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  const api = await extension.activate();
  assert.strictEqual(typeof api?.runningJobs, 'function', 'activate() returns the API');
  return api;
}

function train(file: vscode.Uri, args: TrainArgs): Thenable<TrainOutcome> {
  return vscode.commands.executeCommand<TrainOutcome>('siameseLens.train', file, args);
}

function embed(file: vscode.Uri, bundle: string): Thenable<EmbedOutcome> {
  return vscode.commands.executeCommand<EmbedOutcome>('siameseLens.embed', file, { bundle });
}

/** Names in the folder of `target` that belong to it: itself or its temporary copies. */
function traces(target: string): string[] {
  const folder = path.dirname(target);
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder).filter((name) => name.includes(path.basename(target)));
}

function assertCompleteBundle(bundle: string, loss: string): void {
  for (const name of BUNDLE_FILES) {
    assert.ok(fs.existsSync(path.join(bundle, name)), `${name} in ${bundle}`);
  }
  const report = JSON.parse(fs.readFileSync(path.join(bundle, 'report.json'), 'utf8'));
  assert.strictEqual(report.config.loss, loss, `${bundle} was trained with ${loss}`);
}

/** The records of a CSV, parsed, header first. */
function readCsv(file: string): string[][] {
  return parse(fs.readFileSync(file, 'utf8'), { relaxColumnCount: false }) as string[][];
}

const sample = workspaceFile('cell-kpis.csv');
const TRAIN = { label: 'state', loss: 'lossless' } as const;
let bundle = '';

suite('Faults never cost the user data', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a worker killed mid-training fails, leaves nothing, and the next run works', async () => {
    const api = await extensionApi();
    const target = workspaceFile('.siamese-lens', 'killed-run').fsPath;
    let epochs = 0;
    let killed: Promise<void> | undefined;
    let killedKinds: string[] = [];

    const outcome = await train(sample, {
      ...TRAIN,
      epochs: 200,
      bundleDir: target,
      onEpoch: () => {
        epochs += 1;
        if (epochs !== 2) return;
        const training = api.runningJobs().filter((job) => job.kind === 'train');
        killedKinds = training.map((job) => job.kind);
        killed = Promise.all(training.map((job) => job.terminate())).then(() => {});
      },
    });
    await killed;

    assert.deepStrictEqual(killedKinds, ['train'], 'one training job was running');
    assert.strictEqual(outcome.status, 'failed', JSON.stringify(outcome));
    assert.match(outcome.status === 'failed' ? outcome.message : '', /worker stopped/);
    assert.ok(epochs >= 2 && epochs < 200, `stopped at epoch ${epochs}`);
    assert.deepStrictEqual(traces(target), [], 'no bundle and no temporary folder');
    assert.deepStrictEqual(api.runningJobs(), [], 'no job is left running');

    const again = await train(sample, { ...TRAIN, epochs: 1, bundleDir: target });
    assert.strictEqual(again.status, 'done', JSON.stringify(again));
    assert.strictEqual(again.bundle, target);
    assertCompleteBundle(target, 'lossless');
    bundle = target;
  });

  test('closing the cluster view while it trains neither stops nor breaks it', async () => {
    const target = workspaceFile('.siamese-lens', 'closed-view-run').fsPath;
    const reported: number[] = [];
    let closed: Thenable<unknown> | undefined;

    const outcome = await train(sample, {
      ...TRAIN,
      epochs: 3,
      bundleDir: target,
      onEpoch: (report) => {
        reported.push(report.epoch);
        if (reported.length === 1) {
          closed = vscode.commands.executeCommand('workbench.action.closeAllEditors');
        }
      },
    });
    await closed;

    assert.ok(closed, 'the view was closed after the first epoch');
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    assert.deepStrictEqual(reported, [1, 2, 3], 'every epoch ran');
    assertCompleteBundle(target, 'lossless');
  });

  test('two embeddings and two trainings at once each finish with their own output', async () => {
    assert.ok(bundle, 'an earlier test trained a bundle');
    const copy = workspaceFile('cell-kpis-copy.csv');
    fs.copyFileSync(sample.fsPath, copy.fsPath);
    const triplet = workspaceFile('.siamese-lens', 'together-triplet').fsPath;
    const linear = workspaceFile('.siamese-lens', 'together-linear').fsPath;

    const [first, second, tripletRun, linearRun] = await Promise.all([
      embed(sample, bundle),
      embed(copy, bundle),
      train(sample, { ...TRAIN, loss: 'triplet', epochs: 2, bundleDir: triplet }),
      train(sample, { ...TRAIN, loss: 'linear', epochs: 2, bundleDir: linear }),
    ]);

    for (const outcome of [first, second, tripletRun, linearRun]) {
      assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    }
    assertCompleteBundle(triplet, 'triplet');
    assertCompleteBundle(linear, 'linear');

    const outputs = [first, second].map((outcome) =>
      outcome.status === 'done' ? outcome.out : '',
    );
    assert.notStrictEqual(outputs[0], outputs[1], 'each embedding has its own file');
    const sourceRecords = readCsv(sample.fsPath).length - 1;
    for (const out of outputs) {
      const [header, ...records] = readCsv(out);
      assert.strictEqual(records.length, sourceRecords, `${out} has a row per record`);
      const dims = ['e1', 'e2', 'e3'].map((name) => header.indexOf(name));
      assert.ok(!dims.includes(-1), `${out} has e1..e3`);
      const values = records.flatMap((record) => dims.map((column) => Number(record[column])));
      assert.ok(
        values.every((value) => value >= 0 && value <= 1),
        `${out} holds embeddings in [0, 1]`,
      );
      assert.deepStrictEqual(
        records.map((record) => Number(record[header.indexOf('record')])),
        records.map((_, index) => index + 1),
        `${out} lists every record once, in order`,
      );
    }
  });
});

suite('Model folder settings', () => {
  let outside = '';

  suiteSetup(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-outside-'));
  });

  suiteTeardown(async () => {
    const settings = vscode.workspace.getConfiguration('siameseLens');
    await settings.update('modelFolder', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  // Limitation: this host runs with workspace trust disabled, so the workspace is always trusted
  // and the untrusted case (the setting ignored) is covered by test/unit/settings-trust.test.ts.
  test('in a trusted workspace a model folder outside the workspace is used', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, true, 'the test host trusts its workspace');
    const settings = vscode.workspace.getConfiguration('siameseLens');
    await settings.update('modelFolder', outside, vscode.ConfigurationTarget.Workspace);

    const outcome = await train(sample, { ...TRAIN, epochs: 1 });

    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    assert.strictEqual(path.dirname(outcome.bundle), outside);
    assertCompleteBundle(outcome.bundle, 'lossless');
  });
});
