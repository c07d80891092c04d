/**
 * The cluster view as a user meets it: train on the workspace's cell KPIs from the command
 * palette, click a point, read its record in the side panel, and open it in the editor.
 */
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { screenshot, startWorkbench, webview } from './harness/workbench';
import type { Workbench } from './harness/workbench';
import {
  clickPoint,
  isolatedPoint,
  readCsv,
  trainFromPalette,
  viewBody,
  type CsvRecord,
  screenshotOnFailure,
} from './clusterSteps.e2e';

/** The 1-based line the editor's cursor is on, from the status bar's "Ln X, Col Y". */
async function cursorLine(page: Page): Promise<number> {
  const item = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  await item.waitFor();
  const text = (await item.textContent()) ?? '';
  return Number(/Ln (\d+)/.exec(text)?.[1]);
}

describe('cluster view', function () {
  let bench: Workbench;
  let csv: { header: string[]; records: CsvRecord[] };
  let picked: { index: number; record: number };

  before(async function () {
    bench = await startWorkbench({ label: 'cluster' });
    csv = readCsv(bench.workspace.cellKpis);
  });

  afterEach(async function () {
    await screenshotOnFailure(this, bench?.page);
  });

  after(async function () {
    await bench?.close();
  });

  it('trains from the palette and shows every record of cell-kpis.csv', async function () {
    await trainFromPalette(bench.page, 'cell-kpis.csv', 'state', 'triplet');

    const status = webview(bench.page).locator('.toolbar .status');
    const count = csv.records.length.toLocaleString('en-US');
    await status.filter({ hasText: `${count} points` }).waitFor();
    assert.strictEqual(await viewBody(bench.page).evaluate(() => window.__siameseLens?.views()), 1);
  });

  it('shows the exact fields of the clicked record in the side panel', async function () {
    const index = await isolatedPoint(bench.page);
    await clickPoint(bench.page, index);

    const panel = webview(bench.page).locator('aside.record-panel');
    await webview(bench.page).locator('aside.record-panel[data-record]').waitFor();
    const selected = await viewBody(bench.page).evaluate(() => window.__siameseLens?.selected());
    assert.ok(selected, 'the view has no test hooks');
    assert.strictEqual(selected[0].index, index, 'the click picked another point');
    picked = { index, record: selected[0].record };

    const expected = csv.records[picked.record];
    assert.ok(expected, `record ${picked.record} is not in the file`);
    const shownRecord = Number(await panel.getAttribute('data-record'));
    assert.strictEqual(shownRecord, picked.record);

    const rows = await panel
      .locator('table.record-fields tr')
      .evaluateAll((elements) =>
        elements.map((row) => [
          row.querySelector('th')?.textContent ?? '',
          row.querySelector('td')?.textContent ?? '',
        ]),
      );
    const wanted = csv.header.map((column, at) => [column, expected.fields[at]]);
    assert.deepStrictEqual(rows, wanted);

    const heading = await panel.locator('h2').first().textContent();
    assert.strictEqual(heading, `Record ${picked.record + 1}, line ${expected.line}`);
    await screenshot(bench.page, 'cluster-record');
  });

  it('opens the record in the editor with the cursor on its line', async function () {
    assert.ok(picked, 'no record was picked');
    const expected = csv.records[picked.record];

    await webview(bench.page).getByRole('button', { name: 'Open in editor' }).click();
    const tab = bench.page.locator('.tabs-container .tab', { hasText: 'cell-kpis.csv' });
    await tab.waitFor();
    await bench.page
      .locator('.statusbar-item', { hasText: `Ln ${expected.line}, Col 1` })
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);

    assert.strictEqual(await cursorLine(bench.page), expected.line);
    const stillShown = webview(bench.page).locator('aside.record-panel[data-record]');
    assert.strictEqual(await stillShown.getAttribute('data-record'), String(picked.record));
    await screenshot(bench.page, 'cluster-open-in-editor');
  });
});
