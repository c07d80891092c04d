/**
 * End-to-end harness: a real VS Code workbench (code-server) in headless Chromium, opened on a
 * fresh test workspace, with Siamese Lens loaded either from the repository (as the extension
 * under development, the default) or from packaged `.vsix` files.
 *
 *   const bench = await startWorkbench();
 *   await runCommand(bench.page, 'Siamese Lens: Inspect Clusters');
 *   await webview(bench.page).locator('canvas').waitFor();
 *   await bench.close();
 */
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { developmentOptions, launchBrowser, openWorkbench } from '../../../scripts/lib/browser.mjs';
import type { Browser } from '../../../scripts/lib/browser.mjs';
import { newRunFolder, startCodeServer } from '../../../scripts/lib/codeServer.mjs';
import type { CodeServer } from '../../../scripts/lib/codeServer.mjs';
import { repoRoot, resultsRoot, sharedRoot } from '../../../scripts/lib/paths.mjs';
import { createWorkspace } from '../../../scripts/lib/workspace.mjs';
import type { TestWorkspace } from '../../../scripts/lib/workspace.mjs';
import { provision } from '../../../scripts/provision.mjs';

/** Where screenshots and per-test files go. */
export const e2eResults = path.join(resultsRoot, 'e2e');

export interface WorkbenchOptions {
  /** Names the run folder under .vscode-test/. */
  label?: string;
  /** Packaged extensions to install; when given, the repository is not loaded as well. */
  vsix?: string[];
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  workspace: TestWorkspace;
  runDir: string;
  /** Closes the page (letting the workbench disconnect cleanly), the browser, then the server. */
  close(): Promise<void>;
}

/**
 * Provisions if needed, makes a workspace, starts code-server and opens its workbench in
 * Chromium. Resolves once the workbench's status bar is visible.
 */
export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  if (!options.vsix && !fs.existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run npm run build first`);
  }
  await provision();

  const runDir = newRunFolder(options.label ?? 'e2e');
  const workspace = await createWorkspace(path.join(runDir, 'workspace'));
  const server = await startCodeServer({
    runDir,
    folder: workspace.folder,
    vsix: options.vsix,
    env: {
      SIAMESE_LENS_TEST_WORKSPACE: workspace.folder,
      SIAMESE_LENS_SHARED: sharedRoot,
      SIAMESE_LENS_RESULTS: path.join(runDir, 'results'),
      ...options.env,
    },
  });

  let browser: Browser | undefined;
  try {
    browser = await launchBrowser({ runDir });
    const development = options.vsix
      ? undefined
      : developmentOptions(server, { extensionPath: repoRoot });
    await openWorkbench(browser.page, server, { development });
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }

  const opened = browser;
  return {
    page: opened.page,
    server,
    workspace,
    runDir,
    close: async () => {
      await opened.close();
      await server.stop();
    },
  };
}

/** A row of the command palette's list showing `title`. */
function paletteRow(page: Page, title: string) {
  return page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
}

/**
 * Opens the command palette, types `title` and waits until a matching entry is listed. Retries,
 * because the palette can open before the workbench has read the extensions' commands.
 */
export async function openPaletteOn(page: Page, title: string, attempts = 20): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      await input.fill(`>${title}`);
      await paletteRow(page, title).waitFor({ timeout: 3000 });
      return;
    } catch (error) {
      if (attempt >= attempts) {
        throw new Error(`"${title}" never showed in the command palette: ${String(error)}`);
      }
      await page.keyboard.press('Escape');
    }
  }
}

/** Runs the command whose palette entry reads `title`, e.g. 'Siamese Lens: Inspect Clusters'. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openPaletteOn(page, title);
  await paletteRow(page, title).click();
}

/** Every entry the palette lists for the text `filter` (the palette is left closed). */
export async function paletteEntries(page: Page, filter: string): Promise<string[]> {
  await openPaletteOn(page, filter);
  const labels = page.locator('.quick-input-list .monaco-list-row .label-name');
  const entries = (await labels.allTextContents()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  return entries;
}

/**
 * The document inside a webview panel: VS Code nests it in two iframes, the outer one marked
 * `ready` once the content is loaded. `index` picks among several open webviews.
 */
export function webview(page: Page, index = 0): FrameLocator {
  const outer = page.locator('iframe.webview.ready').nth(index).contentFrame();
  return outer.locator('#active-frame').contentFrame();
}

/** Saves a screenshot of the whole workbench as `test-results/e2e/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(e2eResults, { recursive: true });
  const file = path.join(e2eResults, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
