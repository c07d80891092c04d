/**
 * The harness itself: the workbench opens on the test workspace with the repository loaded as
 * the extension under development, and the palette lists what the manifest contributes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../../scripts/lib/paths.mjs';
import { paletteEntries, screenshot, startWorkbench } from './workbench';
import type { Workbench } from './workbench';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

function contributedTitles(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const commands: ContributedCommand[] = manifest.contributes?.commands ?? [];
  return commands.map((entry) => (entry.category ? `${entry.category}: ` : '') + entry.title);
}

describe('end-to-end harness', function () {
  let bench: Workbench;

  before(async function () {
    bench = await startWorkbench({ label: 'harness' });
  });

  after(async function () {
    await bench?.close();
  });

  it('opens the test workspace in the explorer', async function () {
    const explorer = bench.page.locator('.explorer-folders-view');
    await explorer.locator('.monaco-list-row', { hasText: 'cell-kpis.csv' }).waitFor();
    await explorer.locator('.monaco-list-row', { hasText: 'nsl-kdd-small.csv' }).waitFor();
    const file = await screenshot(bench.page, 'harness-workbench');
    assert.ok(fs.statSync(file).size > 0);
  });

  it('lists every command the development extension contributes', async function () {
    const titles = contributedTitles();
    assert.ok(titles.length > 0, 'the manifest contributes no commands');

    const missing: string[] = [];
    for (const title of titles) {
      const entries = await paletteEntries(bench.page, title);
      if (!entries.includes(title)) missing.push(title);
    }
    assert.deepStrictEqual(missing, []);
  });
});
