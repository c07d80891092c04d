/**
 * The cluster view against hostile input: a CSV whose fields and labels hold markup is shown as
 * text, and messages forged inside the webview are refused by the host and logged, without
 * opening or writing anything.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Dialog, Page } from 'playwright-core';
import { screenshot, startWorkbench, webview } from './harness/workbench';
import type { Workbench } from './harness/workbench';
import {
  clickPoint,
  eventually,
  extensionLog,
  isolatedPoint,
  readCsv,
  trainFromPalette,
  viewBody,
  waitForRecords,
  screenshotOnFailure,
} from './clusterSteps.e2e';

const HOSTILE_FILE = 'hostile-kpis.csv';
const IMAGE_MARKUP = '<img src=x onerror=alert(1)>';
const SCRIPT_MARKUP = '<script>alert(2)</script>, "quoted"';
const HOSTILE_LABEL = '<img src=y onerror=alert(3)>';

/** A small labelled KPI table whose `note` field and one label hold markup. */
function hostileCsv(records: number): string {
  const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`;
  const lines = ['cell_id,throughput_mbps,latency_ms,note,state'];
  for (let at = 0; at < records; at++) {
    const faulty = at % 2 === 1;
    const throughput = (faulty ? 5 : 60) + ((at * 7919) % 1000) / 50;
    const latency = (faulty ? 80 : 10) + ((at * 104729) % 997) / 40;
    const note = at % 3 === 0 ? SCRIPT_MARKUP : IMAGE_MARKUP;
    const state = faulty ? HOSTILE_LABEL : 'normal';
    lines.push([`CELL-${at % 20}`, throughput, latency, quote(note), quote(state)].join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * Posts `message` to the host the way the view's own `postMessage` does: through the function
 * VS Code's webview host page gives its content frame, with the same envelope.
 */
async function forge(page: Page, message: unknown): Promise<void> {
  const host = page.locator('iframe.webview.ready').first().contentFrame();
  await host.locator('body').evaluate((_, forged) => {
    const post = (window as unknown as Record<string, unknown>).__vscode_post_message__;
    if (typeof post !== 'function') throw new Error('The webview host page has changed.');
    post('onmessage', { message: forged, transfer: [] });
  }, message);
}

/** Every file under `folder`, relative to it. */
function filesUnder(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[]).sort();
}

/** Names of the editor tabs open in the workbench. */
async function editorTabs(page: Page): Promise<string[]> {
  const tabs = await page.locator('.tabs-container .tab .label-name').allTextContents();
  return tabs.map((tab) => tab.trim());
}

describe('cluster view security', function () {
  let bench: Workbench;
  const dialogs: string[] = [];
  const recordDialog = (dialog: Dialog): void => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  };

  before(async function () {
    bench = await startWorkbench({ label: 'security' });
    bench.page.on('dialog', recordDialog);
    fs.writeFileSync(path.join(bench.workspace.folder, HOSTILE_FILE), hostileCsv(240));
  });

  afterEach(async function () {
    await screenshotOnFailure(this, bench?.page);
  });

  after(async function () {
    bench?.page.off('dialog', recordDialog);
    await bench?.close();
  });

  it('shows markup from fields and labels as text', async function () {
    await trainFromPalette(bench.page, HOSTILE_FILE, 'state', 'lossless');
    const index = await isolatedPoint(bench.page);
    await clickPoint(bench.page, index);
    const panel = webview(bench.page).locator('aside.record-panel[data-record]');
    await panel.waitFor();

    const csv = readCsv(path.join(bench.workspace.folder, HOSTILE_FILE));
    const record = Number(await panel.getAttribute('data-record'));
    const note = panel.locator('tr', { has: bench.page.locator('th', { hasText: /^note$/ }) });
    const written = csv.records[record].fields[3];
    assert.ok([IMAGE_MARKUP, SCRIPT_MARKUP].includes(written), `record ${record} holds no markup`);
    assert.strictEqual(await note.locator('td').textContent(), written);
    const legend = webview(bench.page).locator('.legend');
    await legend.getByText(HOSTILE_LABEL, { exact: true }).waitFor();

    const elements = await viewBody(bench.page).evaluate(() => ({
      images: document.querySelectorAll('img').length,
      handlers: document.querySelectorAll('[onerror]').length,
      injectedScripts: [...document.scripts].filter((script) => script.text.includes('alert('))
        .length,
    }));
    assert.deepStrictEqual(elements, { images: 0, handlers: 0, injectedScripts: 0 });
    assert.deepStrictEqual(dialogs, []);
    await screenshot(bench.page, 'security-hostile-record');
  });

  it('opens only the own CSV of the view, whatever path a message names', async function () {
    await forge(bench.page, { type: 'openRecord', view: 0, index: 0, file: '/etc/passwd' });
    const tab = bench.page.locator('.tabs-container .tab', { hasText: HOSTILE_FILE });
    await tab.filter({ hasNotText: ':' }).first().waitFor();
    assert.ok(!(await editorTabs(bench.page)).includes('passwd'));
  });

  describe('forged messages', function () {
    const outside = (): string => path.join(bench.runDir, 'outside-the-workspace.csv');
    let filesBefore: string[];
    let tabsBefore: string[];

    before(async function () {
      await waitForRecords(bench.page, 'state');
      filesBefore = filesUnder(bench.workspace.folder);
      tabsBefore = await editorTabs(bench.page);
    });

    afterEach(async function () {
      await bench.page.waitForTimeout(1000);
      assert.deepStrictEqual(await editorTabs(bench.page), tabsBefore, 'an editor opened');
      const widgets = bench.page.locator('.quick-input-widget:visible, .monaco-dialog-box');
      assert.strictEqual(await widgets.count(), 0, 'a dialog or picker opened');
      assert.deepStrictEqual(filesUnder(bench.workspace.folder), filesBefore);
      assert.ok(!fs.existsSync(outside()), `${outside()} was written`);
      assert.deepStrictEqual(dialogs, []);
    });

    it('drops a message of an unknown type and logs it', async function () {
      const before = extensionLog(bench.runDir).split('dropped a malformed message').length;
      await forge(bench.page, { type: 'runShell', command: 'touch /tmp/owned' });
      const logged = await eventually(
        () => extensionLog(bench.runDir).split('dropped a malformed message').length > before,
      );
      assert.ok(logged, 'the Siamese Lens log does not mention the dropped message');
    });

    it('refuses openRecord of a point outside the view, whatever file it names', async function () {
      await forge(bench.page, {
        type: 'openRecord',
        view: 0,
        index: 1_000_000,
        file: '/etc/passwd',
      });
      const logged = await eventually(() =>
        extensionLog(bench.runDir).includes('openRecord failed: Point 1000000 is not in this view'),
      );
      assert.ok(logged, 'the Siamese Lens log does not mention the refused openRecord');
    });

    it('refuses openRecord of a view that does not exist', async function () {
      await forge(bench.page, { type: 'openRecord', view: 3, index: 0 });
      const logged = await eventually(() =>
        extensionLog(bench.runDir).includes('dropped openRecord: there is no such view'),
      );
      assert.ok(logged, 'the Siamese Lens log does not mention the refused openRecord');
    });

    it('refuses exportSelection with an index outside the view', async function () {
      const indices = new Uint32Array([0, 4_000_000_000]);
      await forge(bench.page, { type: 'exportSelection', view: 0, indices, target: outside() });
      const logged = await eventually(() =>
        extensionLog(bench.runDir).includes('exportSelection failed: Point 4000000000 is not'),
      );
      assert.ok(logged, 'the Siamese Lens log does not mention the refused export');
    });

    it('drops exportSelection whose indices are not a Uint32Array', async function () {
      const before = extensionLog(bench.runDir).split('dropped a malformed message').length;
      await forge(bench.page, { type: 'exportSelection', view: 0, indices: outside() });
      const logged = await eventually(
        () => extensionLog(bench.runDir).split('dropped a malformed message').length > before,
      );
      assert.ok(logged, 'the Siamese Lens log does not mention the dropped message');
    });
  });
});
