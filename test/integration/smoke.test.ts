/**
 * The extension is there, activates, and registers every command its manifest contributes,
 * inside a real extension host with the test workspace open.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'siamese-lens.siamese-lens';

interface ContributedCommand {
  command: string;
  title: string;
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not loaded in this extension host`);
  return found;
}

suite('Siamese Lens in the extension host', () => {
  test('the extension under development is loaded', () => {
    const loaded = extension();
    assert.strictEqual(loaded.packageJSON.name, 'siamese-lens');
    assert.strictEqual(loaded.packageJSON.main, './dist/extension.js');
  });

  test('it activates', async () => {
    const loaded = extension();
    await loaded.activate();
    assert.strictEqual(loaded.isActive, true);
  });

  test('every contributed command is registered', async () => {
    const loaded = extension();
    await loaded.activate();
    const contributed: ContributedCommand[] = loaded.packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');

    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('the test workspace with its CSV files is open', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');

    const names = (await vscode.workspace.fs.readDirectory(folder.uri)).map(([name]) => name);
    assert.ok(names.includes('cell-kpis.csv'), `cell-kpis.csv missing from ${names.join(', ')}`);
    assert.ok(names.includes('nsl-kdd-small.csv'), 'nsl-kdd-small.csv missing');

    const epochs = vscode.workspace.getConfiguration('siameseLens').get<number>('epochs');
    assert.strictEqual(epochs, 2);
  });
});
