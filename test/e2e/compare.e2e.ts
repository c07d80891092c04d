/**
 * "Compare Losses Side by Side": two models trained on the same records, shown in two scenes
 * that share one camera, so a drag in either turns both alike.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { resultsRoot } from '../../scripts/lib/paths.mjs';
import { runCommand, startWorkbench, webview } from './harness/workbench';
import type { Workbench } from './harness/workbench';
import {
  cameraOf,
  choose,
  dragScene,
  viewBody,
  waitForRecords,
  screenshotOnFailure,
} from './clusterSteps.e2e';

/** Two labels this close (CSS pixels) sit at the same place. */
const SAME_SPOT = 0.5;

/** Each pane's canvas size and where its axis names e1..e3 sit on it, from the cube's corners. */
interface PaneLayout {
  width: number;
  height: number;
  labels: [number, number][];
}

/**
 * Where each pane draws its cube's axis names. Every pane draws the same `[0, 1]^3` cube, so
 * panes of one size under one camera put the names at the same spots.
 */
async function paneLayouts(page: Page): Promise<PaneLayout[]> {
  return viewBody(page).evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.view-pane .scene')].map((scene) => {
      const canvas = scene.querySelector('canvas');
      const labels = [...scene.querySelectorAll<HTMLElement>('.axis-label')].map((label) => {
        const match = /translate\(([-\d.e]+)px, ([-\d.e]+)px\)/.exec(label.style.transform);
        return [Number(match?.[1]), Number(match?.[2])] as [number, number];
      });
      return { width: canvas?.clientWidth ?? 0, height: canvas?.clientHeight ?? 0, labels };
    }),
  );
}

/** The largest distance between the same label in two layouts. */
function labelShift(a: PaneLayout, b: PaneLayout): number {
  return Math.max(
    ...a.labels.map(([x, y], at) => Math.hypot(x - b.labels[at][0], y - b.labels[at][1])),
  );
}

describe('compare losses side by side', function () {
  let bench: Workbench;

  before(async function () {
    bench = await startWorkbench({ label: 'compare' });
  });

  afterEach(async function () {
    await screenshotOnFailure(this, bench?.page);
  });

  after(async function () {
    await bench?.close();
  });

  it('shows one scene per chosen loss', async function () {
    const page = bench.page;
    await runCommand(page, 'Siamese Lens: Compare Losses Side by Side');
    await choose(page, 'choose the CSV to compare losses on', 'cell-kpis.csv');
    await choose(page, 'Label column of cell-kpis.csv', 'state');
    // The lossless and FaceNet triplet losses are ticked already: accept them.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Losses' }).waitFor();
    await page.keyboard.press('Enter');
    await waitForRecords(page, 'state');

    const view = webview(page);
    assert.strictEqual(await viewBody(page).evaluate(() => window.__siameseLens?.views()), 2);
    assert.strictEqual(await view.locator('.view-pane .scene canvas').count(), 2);
    const titles = await view.locator('.view-pane h2').allTextContents();
    assert.deepStrictEqual(titles, ['lossless loss', 'triplet loss']);
  });

  it('turns both scenes alike when either is dragged', async function () {
    const page = bench.page;
    const start = await paneLayouts(page);
    assert.strictEqual(start.length, 2);
    assert.deepStrictEqual([start[0].width, start[0].height], [start[1].width, start[1].height]);
    assert.ok(labelShift(start[0], start[1]) < SAME_SPOT, 'the panes start from other cameras');

    for (const pane of [1, 0]) {
      const cameraBefore = await cameraOf(page);
      const before = await paneLayouts(page);
      await dragScene(page, pane === 1 ? 120 : -90, pane === 1 ? 40 : -30, pane);
      const after = await paneLayouts(page);

      assert.notDeepStrictEqual(await cameraOf(page), cameraBefore, `drag in pane ${pane}`);
      assert.ok(labelShift(before[0], after[0]) > 5, `pane 0 did not turn (drag in ${pane})`);
      assert.ok(labelShift(before[1], after[1]) > 5, `pane 1 did not turn (drag in ${pane})`);
      const apart = labelShift(after[0], after[1]);
      assert.ok(apart < SAME_SPOT, `the panes differ by ${apart} px after a drag in ${pane}`);
    }
    fs.mkdirSync(resultsRoot, { recursive: true });
    await page.screenshot({ path: path.join(resultsRoot, 'compare.png') });
  });
});
