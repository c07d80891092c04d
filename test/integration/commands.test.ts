/**
 * Every command of the extension, run in a real extension host on the test workspace: the
 * generated telecom sample `cell-kpis.csv`, labelled by `state`. The suites share what earlier
 * ones made (the trained bundle), so they run in the order written.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

import type { CompareOutcome } from '../../src/extension/commands/compare';
import type { EmbedOutcome } from '../../src/extension/commands/embed';
import type { ExportProjectorOutcome } from '../../src/extension/commands/exportProjector';
import type { InspectOutcome } from '../../src/extension/commands/inspect';
import type { LoadModelOutcome } from '../../src/extension/commands/loadModel';
import type { TrainOutcome } from '../../src/extension/commands/train';

const CLUSTER_VIEW = 'siameseLens.clusterView';

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Runs a command while closing every quick pick or dialog it opens, as a user pressing Escape. */
async function runDismissing<T>(command: string, ...args: unknown[]): Promise<T> {
  const pending = vscode.commands.executeCommand<T>(command, ...args);
  const dismiss = setInterval(() => {
    void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }, 300);
  try {
    return await pending;
  } finally {
    clearInterval(dismiss);
  }
}

/** Open cluster view tabs, by title. */
function clusterViewTabs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview)
    .filter((tab) => (tab.input as vscode.TabInputWebview).viewType.endsWith(CLUSTER_VIEW))
    .map((tab) => tab.label);
}

/** Every open tab, described for an assertion message. */
function describeTabs(): string {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
  return JSON.stringify(
    tabs.map((tab) => ({
      label: tab.label,
      viewType: (tab.input as { viewType?: string } | undefined)?.viewType,
    })),
  );
}

/** The cluster view tabs once `count` are open (tabs reach the extension host a moment late). */
async function waitForClusterViews(count: number): Promise<string[]> {
  for (let attempt = 0; attempt < 50 && clusterViewTabs().length !== count; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.strictEqual(clusterViewTabs().length, count, describeTabs());
  return clusterViewTabs();
}

async function closeEverything(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function countDataLines(file: string): number {
  return (
    fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((line) => line !== '').length - 1
  );
}

const sample = workspaceFile('cell-kpis.csv');
let bundle = '';

suite('Commands without the input they need say what they need', () => {
  suiteSetup(closeEverything);

  test('Embed CSV without a model asks for one, then says how to get one', async () => {
    const outcome = await runDismissing<EmbedOutcome>('siameseLens.embed', sample);
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /no model yet.*Train Siamese Network.*Load Model/);
  });

  test('Train Siamese Network without a CSV names what to choose', async () => {
    const outcome = await runDismissing<TrainOutcome>('siameseLens.train');
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /labelled CSV file/);
  });

  test('Train Siamese Network without a label asks for the label column', async () => {
    const outcome = await runDismissing<TrainOutcome>('siameseLens.train', sample);
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /label column of cell-kpis\.csv/);
  });

  test('Inspect Clusters with no embeddings in the workspace says to embed first', async () => {
    const outcome = await runDismissing<InspectOutcome>('siameseLens.inspect');
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /Run "Embed CSV"/);
  });

  test('Load Model without a folder describes a model bundle', async () => {
    const outcome = await runDismissing<LoadModelOutcome>('siameseLens.loadModel');
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /model bundle folder/);
  });

  test('Export for Embedding Projector without a folder asks for one', async () => {
    const outcome = await runDismissing<ExportProjectorOutcome>('siameseLens.exportProjector');
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /folder for the Embedding Projector files/);
  });

  test('Compare Losses with one loss asks for two to four', async () => {
    const outcome = await runDismissing<CompareOutcome>('siameseLens.compare', sample, {
      label: 'state',
      losses: ['lossless'],
    });
    assert.strictEqual(outcome.status, 'needs-input');
    assert.match(outcome.message, /two to four losses/);
  });
});

suite('Train Siamese Network', () => {
  test('trains on the sample and saves a complete model bundle in the workspace', async () => {
    const outcome = await vscode.commands.executeCommand<TrainOutcome>(
      'siameseLens.train',
      sample,
      { label: 'state', loss: 'lossless', epochs: 2 },
    );
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    bundle = outcome.bundle;

    const models = workspaceFile('.siamese-lens', 'models').fsPath;
    assert.strictEqual(path.dirname(bundle), models);
    for (const name of ['model.json', 'encoder.json', 'report.json', 'references.json']) {
      assert.ok(fs.existsSync(path.join(bundle, name)), `${name} in the bundle`);
    }
    const model = JSON.parse(fs.readFileSync(path.join(bundle, 'model.json'), 'utf8'));
    assert.ok(model.modelTopology, 'model.json holds the topology');
    const weights = model.weightsManifest[0].paths[0];
    assert.ok(fs.statSync(path.join(bundle, weights)).size > 0, 'weights are written');
    assert.deepStrictEqual(outcome.result.classes.length >= 5, true, 'normal and four faults');
  });

  test('shows the trained records in the cluster view', async () => {
    await waitForClusterViews(1);
  });

  test('a run cancelled midway leaves no bundle and no temporary folder', async () => {
    const target = workspaceFile('.siamese-lens', 'cancelled-run').fsPath;
    const source = new vscode.CancellationTokenSource();
    let epochs = 0;
    const outcome = await vscode.commands.executeCommand<TrainOutcome>(
      'siameseLens.train',
      sample,
      {
        label: 'state',
        loss: 'triplet',
        epochs: 200,
        bundleDir: target,
        token: source.token,
        onEpoch: () => {
          epochs += 1;
          if (epochs === 2) source.cancel();
        },
      },
    );

    assert.strictEqual(outcome.status, 'cancelled');
    assert.ok(epochs >= 2 && epochs <= 3, `stopped soon after the cancel, at epoch ${epochs}`);
    assert.ok(!fs.existsSync(target), 'no bundle');
    const leftovers = fs
      .readdirSync(path.dirname(target))
      .filter((name) => name.includes('cancelled-run'));
    assert.deepStrictEqual(leftovers, []);
  });
});

suite('Load Model', () => {
  test('makes a valid bundle the current model', async () => {
    const outcome = await vscode.commands.executeCommand<LoadModelOutcome>(
      'siameseLens.loadModel',
      vscode.Uri.file(bundle),
    );
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    assert.strictEqual(outcome.summary.dims, 3);
    assert.ok(outcome.summary.classes.includes('normal'));
  });

  test('refuses a bundle with truncated weights, naming the file', async () => {
    const broken = workspaceFile('.siamese-lens', 'broken-bundle').fsPath;
    fs.cpSync(bundle, broken, { recursive: true });
    const model = JSON.parse(fs.readFileSync(path.join(broken, 'model.json'), 'utf8'));
    const weights = path.join(broken, model.weightsManifest[0].paths[0]);
    fs.truncateSync(weights, Math.floor(fs.statSync(weights).size / 2));

    const outcome = await vscode.commands.executeCommand<LoadModelOutcome>(
      'siameseLens.loadModel',
      vscode.Uri.file(broken),
    );
    assert.strictEqual(outcome.status, 'failed');
    assert.ok(outcome.message.includes(path.basename(weights)), outcome.message);
  });
});

suite('Embed CSV', () => {
  suiteSetup(closeEverything);

  test('embeds the right-clicked CSV, writes the embeddings and opens the view', async () => {
    const outcome = await vscode.commands.executeCommand<EmbedOutcome>(
      'siameseLens.embed',
      sample,
      { bundle },
    );
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    assert.strictEqual(outcome.out, workspaceFile('cell-kpis.embeddings.csv').fsPath);
    assert.strictEqual(countDataLines(outcome.out), outcome.summary.records);
    assert.strictEqual(outcome.summary.records, countDataLines(sample.fsPath));

    const header = fs.readFileSync(outcome.out, 'utf8').split(/\r?\n/)[0].split(',');
    for (const column of ['record', 'line', 'e1', 'e2', 'e3', 'predicted', 'distance', 'novel']) {
      assert.ok(header.includes(column), `column ${column} in ${header}`);
    }
    await waitForClusterViews(1);
  });
});

suite('Export for Embedding Projector', () => {
  test('writes vectors.tsv and metadata.tsv, one row per record', async () => {
    const folder = workspaceFile('projector').fsPath;
    const outcome = await vscode.commands.executeCommand<ExportProjectorOutcome>(
      'siameseLens.exportProjector',
      sample,
      { bundle, folder },
    );
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));

    const records = countDataLines(sample.fsPath);
    const vectors = fs.readFileSync(path.join(folder, 'vectors.tsv'), 'utf8').trimEnd();
    const rows = vectors.split('\n');
    assert.strictEqual(rows.length, records);
    assert.ok(
      rows.every((row) => row.split('\t').map(Number).filter(Number.isFinite).length === 3),
    );
    const metadata = fs.readFileSync(path.join(folder, 'metadata.tsv'), 'utf8').trimEnd();
    assert.strictEqual(metadata.split('\n').length, records + 1, 'a header, then one row each');
  });
});

suite('Inspect Clusters', () => {
  suiteSetup(closeEverything);

  test('opens the cluster view on the embeddings of a CSV', async () => {
    const outcome = await vscode.commands.executeCommand<InspectOutcome>(
      'siameseLens.inspect',
      workspaceFile('cell-kpis.embeddings.csv'),
    );
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    assert.strictEqual(outcome.records, countDataLines(sample.fsPath));
    await waitForClusterViews(1);
  });
});

suite('Compare Losses Side by Side', () => {
  suiteSetup(closeEverything);

  test('trains two losses on the same data and shows both in one view', async () => {
    const outcome = await vscode.commands.executeCommand<CompareOutcome>(
      'siameseLens.compare',
      sample,
      { label: 'state', losses: ['lossless', 'triplet'], epochs: 1 },
    );
    assert.strictEqual(outcome.status, 'done', JSON.stringify(outcome));
    assert.strictEqual(outcome.bundles.length, 2);
    assert.notStrictEqual(outcome.bundles[0], outcome.bundles[1]);
    const reports = outcome.bundles.map((dir) =>
      JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')),
    );
    assert.strictEqual(reports[0].sha256, reports[1].sha256, 'the same data file');
    assert.deepStrictEqual(reports[0].config.seed, reports[1].config.seed);
    assert.deepStrictEqual(await waitForClusterViews(1), ['Compare 2 models']);
  });
});
