// Pictures for the results report, drawn in Debian's headless Chromium: loss curves on an HTML
// canvas, and the real cluster view (dist/webview.js) showing the test records' embeddings.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../lib/browser.mjs';

const STATIC_FILES = {
  '/scripts/report/plot.html': 'text/html',
  '/scripts/report/plot.js': 'text/javascript',
  '/scripts/report/view.html': 'text/html',
  '/scripts/report/view-host.js': 'text/javascript',
  '/dist/webview.js': 'text/javascript',
  '/media/cluster.css': 'text/css',
};

/** Serves the pages above from `root`, and `/report/views.json` from `scenes.current`. */
function serve(root, scenes) {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url, 'http://127.0.0.1').pathname;
    if (pathname === '/report/views.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(scenes.current));
      return;
    }
    const type = STATIC_FILES[pathname];
    if (!type) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': type });
    response.end(await readFile(path.join(root, pathname)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Opens a headless Chromium on a local server and returns `{ plotLossCurves, photographViews,
 * close }`. Each function writes one PNG.
 */
export async function openRenderer(root) {
  const scenes = { current: [] };
  const server = await serve(root, scenes);
  const base = `http://127.0.0.1:${server.address().port}`;
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
