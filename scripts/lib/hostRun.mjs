// Runs a test entry's `run()` inside code-server's extension host: a fresh test workspace, the
// repository loaded as the extension under development, and headless Chromium driving the
// workbench until it reports an exit code. The integration tests and the host benchmarks use it.
import fs from 'node:fs';
import path from 'node:path';
import { developmentOptions, launchBrowser, openWorkbench } from './browser.mjs';
import { newRunFolder, startCodeServer } from './codeServer.mjs';
import { ensureDir, integrationOut, repoRoot, sharedRoot } from './paths.mjs';
import { runOrThrow } from './proc.mjs';
import { createWorkspace } from './workspace.mjs';
import { provision } from '../provision.mjs';

/** Compiles `test/integration` (tests and benchmarks) into `out/integration`. */
export async function compileHostTests() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run npm run build first');
  }
  fs.rmSync(integrationOut, { recursive: true, force: true });
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await runOrThrow(process.execPath, [tsc, '-p', 'test/integration'], { cwd: repoRoot });
}

/**
 * Provisions, starts code-server on a new workspace and runs `testsPath` in its extension host.
 * `resultsDir` is emptied and named to the tests as `SIAMESE_LENS_RESULTS`; `env` adds to the
 * extension host's environment. `watch(page)` may listen to the page before the workbench opens,
 * `after(page, exit)` runs before the browser closes. Resolves with the workbench's exit code,
 * or `'timeout'` after `timeoutMs`.
 */
export async function runInExtensionHost(options) {
  const { label, testsPath, resultsDir, env = {}, timeoutMs, log } = options;
  await provision();

  const runDir = newRunFolder(label);
  const workspace = await createWorkspace(path.join(runDir, 'workspace'));
  log(`workspace ${workspace.folder} (cell-kpis.csv from the ${workspace.cellKpisSource})`);
  fs.rmSync(resultsDir, { recursive: true, force: true });
  ensureDir(resultsDir);

  const server = await startCodeServer({
    runDir,
    folder: workspace.folder,
    env: {
      SIAMESE_LENS_TEST_WORKSPACE: workspace.folder,
      SIAMESE_LENS_SHARED: sharedRoot,
      SIAMESE_LENS_RESULTS: resultsDir,
      ...env,
    },
  });
  log(`code-server at ${server.url} (run folder ${runDir})`);

  const browser = await launchBrowser({ runDir });
  try {
    const { page } = browser;
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    options.watch?.(page);

    const development = developmentOptions(server, { extensionPath: repoRoot, testsPath });
    await openWorkbench(page, server, { development });
    log(`workbench open; waiting up to ${timeoutMs / 1000} s for the run to finish`);

    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout')));
    const exit = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    await options.after?.(page, exit);
    return exit;
  } finally {
    await browser.close();
    await server.stop();
  }
}
