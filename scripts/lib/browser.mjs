// Debian's headless Chromium, driven by playwright-core, pointed at a code-server workbench.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureDir, sandboxEnv, shortTempDir } from './paths.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Software WebGL (SwiftShader) stays on so that three.js renders inside webviews; never add
 * --disable-software-rasterizer, which turns WebGL off.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
];

/**
 * Launches Chromium with a profile inside `runDir` and resolves with
 * `{ context, page, close() }`. `close()` closes every page with its unload handlers first: the
 * workbench then says goodbye to code-server, which ends the extension host at once instead of
 * keeping it for a reconnection that never comes.
 */
export async function launchBrowser({ runDir, viewport = { width: 1400, height: 900 } }) {
  const profile = ensureDir(path.join(runDir, 'chromium-profile'));
  // Chromium keeps dconf and NSS files in the home and cache folders: give it its own.
  const home = shortTempDir('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: CHROMIUM_FLAGS,
    env: sandboxEnv(home, { HOME: home }),
  });
  const page = context.pages()[0] ?? (await context.newPage());

  const close = async () => {
    for (const open of context.pages()) {
      await open.close({ runBeforeUnload: true }).catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  };
  return { context, page, close };
}

/**
 * The workbench's development options that load the extension at `extensionPath` as an
 * extension under development and, with `testsPath`, run that file's `run()` as its tests.
 * Paths are on the server's file system and reach the workbench as vscode-remote URIs.
 */
export function developmentOptions(server, { extensionPath, testsPath }) {
  const remote = (fsPath) => ({
    scheme: 'vscode-remote',
    authority: server.authority,
    path: fsPath,
  });
  const options = { extensions: [remote(extensionPath)] };
  if (testsPath) options.extensionTestsPath = remote(testsPath);
  return options;
}

/**
 * Runs in the page before the workbench starts: the workbench reads its configuration from the
 * `data-settings` attribute of a meta element, so answer that read with development options
 * merged in. Serialised by Playwright, so it uses nothing from outside its own body.
 */
function mergeDevelopmentOptions(extra) {
  const getAttribute = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function (name) {
    const value = getAttribute.call(this, name);
    const isConfig = this.id === 'vscode-workbench-web-configuration';
    if (name !== 'data-settings' || !isConfig || !value) return value;
    const configuration = JSON.parse(value);
    configuration.developmentOptions = { ...configuration.developmentOptions, ...extra };
    return JSON.stringify(configuration);
  };
}

/**
 * Opens the workbench of `server` on its folder in `page`, with `development` options (from
 * `developmentOptions`) when given, and waits until the status bar shows.
 */
export async function openWorkbench(page, server, { development, timeoutMs = 90_000 } = {}) {
  if (development) await page.addInitScript(mergeDevelopmentOptions, development);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  await page.locator('.statusbar').waitFor({ timeout: timeoutMs });
}
