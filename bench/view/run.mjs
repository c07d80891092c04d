/* global requestAnimationFrame */
// Measures the cluster view in headless Chromium (software WebGL): time to the first frame,
// frame time while orbiting, and click-to-record latency, for 100,000 and 1,000,000 points.
// Usage: npx webpack --mode production --config-name webview && node bench/view/run.mjs
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { serveFiles } from '../../scripts/lib/staticServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const pointCounts = sizes.length > 0 ? sizes : [100_000, 1_000_000];
const servedFiles = {
  '/bench/view/index.html': 'text/html',
  '/bench/view/fake-host.js': 'text/javascript',
  '/dist/webview.js': 'text/javascript',
  '/media/cluster.css': 'text/css',
};

function print(name, value, unit) {
  console.log(JSON.stringify({ name, value, unit, cores: os.cpus().length }));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function measure(page, base, count) {
  await page.goto(`${base}/bench/view/index.html?points=${count}`);
  await page.waitForFunction(() => (window.__siameseLens?.frames() ?? 0) > 0, null, {
    timeout: 120_000,
    polling: 10,
  });
  const firstFrame = await page.evaluate(
    () => performance.now() - window.__benchTimings.showPosted,
  );
  print(`view.firstFrame.${count}`, Math.round(firstFrame), 'ms');

  // Orbit: drag across the canvas while the page notes when each frame is drawn.
  const canvas = page.locator('.scene canvas').first();
  const box = await canvas.boundingBox();
  await page.evaluate(() => {
    window.__frameTimes = [];
    let seen = window.__siameseLens.frames();
    const watch = () => {
      const now = window.__siameseLens.frames();
      if (now !== seen) window.__frameTimes.push(performance.now());
      seen = now;
      if (window.__frameTimes.length < 1000) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  await page.mouse.move(centreX, centreY);
  await page.mouse.down();
  for (let step = 1; step <= 40; step++) await page.mouse.move(centreX + step * 4, centreY + step);
  await page.mouse.up();
  const frameTimes = await page.evaluate(() => window.__frameTimes);
  const intervals = frameTimes.slice(1).map((time, at) => time - frameTimes[at]);
  print(`view.orbitFrame.${count}`, Number(median(intervals).toFixed(1)), 'ms');

  // Click a visible point; the fake host answers at once, so this is the view's own latency.
  const point = await page.evaluate(() => {
    for (let index = 0; index < 1000; index++) {
      const screen = window.__siameseLens.screenPositionOf(index);
      const canvas = document.querySelector('.scene canvas');
      if (
        screen &&
        screen.x > 0 &&
        screen.y > 0 &&
        screen.x < canvas.clientWidth &&
        screen.y < canvas.clientHeight
      ) {
        return { index, ...screen };
      }
    }
    return undefined;
  });
  const pending = page.evaluate(
    () =>
      new Promise((resolve) => {
        let pressed = 0;
        window.addEventListener('pointerdown', () => (pressed = performance.now()), {
          capture: true,
          once: true,
        });
        window.addEventListener('siameseLens:record', () => resolve(performance.now() - pressed), {
          once: true,
        });
      }),
  );
  await page.mouse.click(box.x + point.x, box.y + point.y);
  print(`view.clickToRecord.${count}`, Number((await pending).toFixed(1)), 'ms');
}

if (!existsSync(path.join(root, 'dist/webview.js'))) {
  console.error('dist/webview.js is missing: run npx webpack --config-name webview first.');
  process.exit(1);
}

const { server, base } = await serveFiles(root, servedFiles);
const runDir = mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-bench-'));
// The project's launcher: Debian's Chromium with its own home, so nothing lands in ~/.config.
const browser = await launchBrowser({ runDir, viewport: { width: 1280, height: 800 } });
try {
  const { page } = browser;
  page.on('pageerror', (error) => console.error('page error:', error.message));
  for (const count of pointCounts) await measure(page, base, count);
} finally {
  await browser.close();
  server.close();
  rmSync(runDir, { recursive: true, force: true });
}
