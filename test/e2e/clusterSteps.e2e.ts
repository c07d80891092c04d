/**
 * Steps the cluster-view end-to-end tests share: answering the commands' quick picks the way a
 * user does, reading the view's test hooks inside its webview frame, clicking and dragging on a
 * scene, and reading the records and the "Siamese Lens" log the tests compare against. This
 * file holds no tests of its own.
 */
import { parse } from 'csv-parse/sync';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import type { CameraState } from '../../src/shared/protocol';
import { runCommand, screenshot, webview } from './harness/workbench';

/** How long a short training run and the embedding after it may take on two cores. */
export const TRAINING_TIMEOUT_MS = 240_000;

/**
 * Waits for the quick pick whose title contains `title`, then picks the row whose label is
 * exactly `label`. Waiting for the title first keeps a row of the previous pick from being
 * clicked while the next one opens.
 */
export async function choose(page: Page, title: string, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 90_000 });
  const row = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await row.click();
}

/** A pattern matching `text` and nothing more. */
function exactly(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}$`);
}

/**
 * "Train Siamese Network" from the palette on the workspace CSV `csvName`, with the label column
 * and loss chosen in the quick picks. Resolves once the view shows the embedded records.
 */
export async function trainFromPalette(
  page: Page,
  csvName: string,
  label: string,
  loss: string,
): Promise<void> {
  await runCommand(page, 'Siamese Lens: Train Siamese Network');
  await choose(page, 'choose the CSV to train on', csvName);
  await choose(page, `Label column of ${csvName}`, label);
  await choose(page, 'Loss to train with', loss);
  await waitForRecords(page, label);
}

/**
 * Waits until the view shows records read from their CSV, not the live training sample: only
 * then does the colour menu list the file's columns.
 */
export async function waitForRecords(page: Page, column: string, webviewIndex = 0): Promise<void> {
  const option = webview(page, webviewIndex).locator(`select option[value="column:${column}"]`);
  await option.waitFor({ state: 'attached', timeout: TRAINING_TIMEOUT_MS });
}

/**
 * The body of the cluster view's document, to `evaluate` the view's test hooks
 * (`window.__siameseLens`) in. Playwright runs the function through the debugger protocol, so
 * the view's content security policy, which forbids eval, does not stop it.
 */
export function viewBody(page: Page, webviewIndex = 0): Locator {
  return webview(page, webviewIndex).locator('body');
}

/** The shared camera of the view's panes. */
export async function cameraOf(page: Page): Promise<CameraState> {
  const camera = await viewBody(page).evaluate(() => window.__siameseLens?.camera());
  if (!camera) throw new Error('The cluster view shows no scene.');
  return camera;
}

/** The canvas of pane `view`, and where it is on the page. */
export async function sceneBox(
  page: Page,
  view = 0,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const canvas = webview(page).locator('.view-pane .scene canvas').nth(view);
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  if (!box) throw new Error(`The canvas of pane ${view} is not on screen.`);
  return box;
}

/**
 * The point of pane `view` that a click means most surely: drawn inside the canvas, away from
 * its edges, and farthest on screen from its nearest other point. Throws when even that point
 * lies within `clearance` pixels of another, where a click could pick either.
 */
export async function isolatedPoint(page: Page, view = 0, clearance = 2): Promise<number> {
  const [found, space] = await viewBody(page).evaluate((_, pane) => {
    const hooks = window.__siameseLens;
    const spots: { x: number; y: number }[] = [];
    for (;;) {
      const spot = hooks?.screenPositionOf(spots.length, pane);
      if (!spot || !Number.isFinite(spot.x)) break;
      spots.push(spot);
    }
    const canvas = document.querySelectorAll('.view-pane .scene canvas')[pane];
    const width = canvas?.clientWidth ?? 0;
    const height = canvas?.clientHeight ?? 0;
    const margin = 20;

    let best = -1;
    let bestSpace = -1;
    spots.forEach((spot, index) => {
      const inside =
        spot.x > margin && spot.y > margin && spot.x < width - margin && spot.y < height - margin;
      if (!inside) return;
      let nearest = Infinity;
      spots.forEach((other, at) => {
        if (at !== index)
          nearest = Math.min(nearest, Math.hypot(other.x - spot.x, other.y - spot.y));
      });
      if (nearest > bestSpace) [best, bestSpace] = [index, nearest];
    });
    return [best, bestSpace];
  }, view);
  if (found < 0 || space <= clearance) {
    throw new Error(`No point of pane ${view} stands ${clearance} pixels clear of the others.`);
  }
  return found;
}

/** Clicks point `index` of pane `view` where the view's camera puts it on screen. */
export async function clickPoint(page: Page, index: number, view = 0): Promise<void> {
  const spot = await viewBody(page).evaluate(
    (_, [point, pane]) => window.__siameseLens?.screenPositionOf(point, pane),
    [index, view],
  );
  if (!spot) throw new Error(`Point ${index} of pane ${view} is not on screen.`);
  const box = await sceneBox(page, view);
  await page.mouse.click(box.x + spot.x, box.y + spot.y);
}

/** Drags across pane `view` from its centre by (dx, dy) pixels, in small steps, to orbit. */
export async function dragScene(page: Page, dx: number, dy: number, view = 0): Promise<void> {
  const box = await sceneBox(page, view);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 12 });
  await page.mouse.up();
  await nextFrames(page);
}

/** Resolves after the view has drawn two more animation frames, i.e. shows what changed. */
export async function nextFrames(page: Page): Promise<void> {
  await viewBody(page).evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}

/** One record of a CSV as written there, and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The header and records of a CSV file, parsed on its own by the test. */
export function readCsv(file: string): { header: string[]; records: CsvRecord[] } {
  const rows = parse(fs.readFileSync(file, 'utf8'), {
    info: true,
    relax_column_count: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...records] = rows;
  // `info.lines` is the last line of a record: the next record starts on the line after.
  return {
    header: header.record,
    records: records.map((row, at) => ({
      fields: row.record,
      line: rows[at].info.lines + 1,
    })),
  };
}

/** Every "Siamese Lens" log file the run's extension hosts wrote, concatenated. */
export function extensionLog(runDir: string): string {
  const found: string[] = [];
  const walk = (folder: string): void => {
    if (!fs.existsSync(folder)) return;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'Siamese Lens.log') found.push(full);
    }
  };
  walk(path.join(runDir, 'user-data', 'logs'));
  return found.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last answer. */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

/**
 * Saves a screenshot named after the current test when it failed, so that what the user would
 * have seen is kept in `test-results/e2e/`. Call it from `afterEach`.
 */
export async function screenshotOnFailure(test: Mocha.Context, page: Page | undefined) {
  const current = test.currentTest;
  if (!page || current?.state !== 'failed') return;
  const name = current
    .fullTitle()
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase();
  await screenshot(page, `failed-${name}`).catch(() => undefined);
}
