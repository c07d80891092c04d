// Pictures for the results report, drawn in Debian's headless Chromium: loss curves on an HTML
// canvas, and the real cluster view (dist/webview.js) showing the test records' embeddings.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../lib/browser.mjs';
import { serveFiles } from '../lib/staticServer.mjs';

const STATIC_FILES = {
  '/scripts/report/plot.html': 'text/html',
  '/scripts/report/plot.js': 'text/javascript',
  '/scripts/report/view.html': 'text/html',
  '/scripts/report/view-host.js': 'text/javascript',
  '/dist/webview.js': 'text/javascript',
  '/media/cluster.css': 'text/css',
};

/**
 * Opens a headless Chromium on a local server and returns `{ plotLossCurves, photographViews,
 * close }`. Each function writes one PNG.
 */
export async function openRenderer(root) {
  const scenes = { current: [] };
  // The scenes to photograph reach the page as `/report/views.json`.
  const { server, base } = await serveFiles(root, STATIC_FILES, (pathname) =>
    pathname === '/report/views.json'
      ? { type: 'application/json', body: JSON.stringify(scenes.current) }
      : undefined,
  );
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-report-chromium-'));
  const browser = await launchBrowser({ runDir, viewport: { width: 1600, height: 900 } });
  const { page } = browser;
  page.on('pageerror', (error) => process.stderr.write(`report page error: ${error.message}\n`));

  /** `panels`: `[{ title, training: number[], validation: number[] }]`, one per model. */
  async function plotLossCurves(panels, file) {
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(`${base}/scripts/report/plot.html`);
    await page.evaluate((data) => window.drawLossPanels(data), panels);
    await page.locator('#plot').screenshot({ path: file });
  }

  /** Shows `views` (the `show` message's scenes, as JSON) side by side and photographs them. */
  async function photographViews(views, file, size = { width: 2200, height: 1000 }) {
    scenes.current = views;
    await page.setViewportSize(size);
    await page.goto(`${base}/scripts/report/view.html`);
    await page.waitForFunction(
      (count) => window.__siameseLens?.views() === count && window.__siameseLens.frames() > 0,
      views.length,
      { timeout: 120_000 },
    );
    // Let the scenes finish a few frames (and their loss plots lay out) before the picture.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: file });
  }

  async function close() {
    await browser.close();
    server.close();
    rmSync(runDir, { recursive: true, force: true });
  }

  return { plotLossCurves, photographViews, close };
}
