/**
 * The cluster view survives "Developer: Reload Window": the same model's points and loss curve
 * come back, seen from the camera the user left them at.
 */
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import type { CameraState } from '../../src/shared/protocol';
import { runCommand, screenshot, startWorkbench, webview } from './harness/workbench';
import type { Workbench } from './harness/workbench';
import {
  cameraOf,
  dragScene,
  trainFromPalette,
  waitForRecords,
  screenshotOnFailure,
  viewBody,
} from './clusterSteps.e2e';

/** Camera figures this close are the same camera (they pass through JSON and back). */
const TOLERANCE = 1e-6;

/** What identifies the shown data to a user: pane titles, point count, loss curve length. */
async function shownData(
  page: Page,
): Promise<{ titles: string[]; status: string; lossEpochs: number }> {
  const view = webview(page);
  const status = view.locator('.toolbar .status').filter({ hasText: /points$/ });
  await status.waitFor();
  return {
    titles: await view.locator('.view-pane h2').allTextContents(),
    status: (await status.textContent()) ?? '',
    lossEpochs: await viewBody(page).evaluate(() => window.__siameseLens?.lossEpochs() ?? -1),
  };
}

/** The largest difference between two cameras' figures. */
function cameraDistance(a: CameraState, b: CameraState): number {
  const figures = (camera: CameraState): number[] => [
    ...camera.position,
    ...camera.target,
    ...camera.up,
    camera.zoom,
  ];
  const other = figures(b);
  return Math.max(...figures(a).map((value, at) => Math.abs(value - other[at])));
}

describe('cluster view after a window reload', function () {
  let bench: Workbench;

  before(async function () {
    bench = await startWorkbench({ label: 'reload' });
  });

  afterEach(async function () {
    await screenshotOnFailure(this, bench?.page);
  });

  after(async function () {
    await bench?.close();
  });

  it('comes back with the same model and camera', async function () {
    const page = bench.page;
    await trainFromPalette(page, 'cell-kpis.csv', 'state', 'lossless');
    const initial = await cameraOf(page);

    await dragScene(page, 140, 60);
    const rotated = await cameraOf(page);
    assert.ok(cameraDistance(initial, rotated) > 0.1, 'dragging did not rotate the camera');
    const before = await shownData(page);
    assert.ok(before.lossEpochs > 0, 'the trained view draws its loss curve');
    // The view saves its camera shortly after the last move, not on every drag event.
    await page.waitForTimeout(1500);

    const reloaded = page.waitForEvent('load');
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.statusbar').waitFor({ timeout: 90_000 });
    await waitForRecords(page, 'state');

    const after = await shownData(page);
    assert.deepStrictEqual(after, before);
    const restored = await cameraOf(page);
    const distance = cameraDistance(rotated, restored);
    assert.ok(distance < TOLERANCE, `the camera moved by ${distance} over the reload`);
    await screenshot(page, 'reload-restored');
  });
});
