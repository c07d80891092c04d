// Runs the integration tests (test/integration) inside code-server's extension host: compiles
// them, provisions code-server, opens the test workspace in headless Chromium with the
// repository loaded as the extension under development, and waits for the tests' exit code.
//
//   node scripts/run-integration.mjs
//   SIAMESE_LENS_TEST_GREP=<text> runs only the tests whose title matches.
import fs from 'node:fs';
import path from 'node:path';
import { developmentOptions, launchBrowser, openWorkbench } from './lib/browser.mjs';
import { newRunFolder, startCodeServer } from './lib/codeServer.mjs';
import {
  ensureDir,
  integrationEntry,
  integrationOut,
  repoRoot,
  resultsRoot,
  sharedRoot,
} from './lib/paths.mjs';
import { logger, runOrThrow } from './lib/proc.mjs';
import { createWorkspace } from './lib/workspace.mjs';
import { provision } from './provision.mjs';

const TIMEOUT_MS = Number(process.env.SIAMESE_LENS_INTEGRATION_TIMEOUT_MS ?? 15 * 60 * 1000);
const resultsDir = path.join(resultsRoot, 'integration');
const log = logger('integration');

async function main() {
  requireBuild();
  await compileTests();
  await provision();

  const runDir = newRunFolder('integration');
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
    },
  });
  log(`code-server at ${server.url} (run folder ${runDir})`);

  let exit;
  try {
    exit = await runInWorkbench(server, runDir);
  } finally {
    await server.stop();
  }
  return report(exit);
}

function requireBuild() {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
}

async function compileTests() {
  fs.rmSync(integrationOut, { recursive: true, force: true });
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await runOrThrow(process.execPath, [tsc, '-p', 'test/integration'], { cwd: repoRoot });
  log(`compiled to ${path.relative(repoRoot, integrationOut)}`);
}

/**
 * Opens the workbench with the tests injected and resolves with the exit code the workbench
 * reports through `codeAutomationExit`, or `'timeout'`.
 */
async function runInWorkbench(server, runDir) {
  const browser = await launchBrowser({ runDir });
  const consoleLines = [];
  try {
    const { page } = browser;
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    page.on('console', (message) => {
      consoleLines.push(`[${message.type()}] ${message.text()}`);
      if (process.env.SIAMESE_LENS_VERBOSE) console.log(`[page] ${message.text().slice(0, 600)}`);
    });

    const development = developmentOptions(server, {
      extensionPath: repoRoot,
      testsPath: integrationEntry,
    });
    await openWorkbench(page, server, { development });
    log(`workbench open; waiting up to ${TIMEOUT_MS / 1000} s for the tests to finish`);

    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, TIMEOUT_MS, 'timeout')));
    const exit = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (exit !== 0) await page.screenshot({ path: path.join(resultsDir, 'workbench.png') });
    return exit;
  } finally {
    fs.writeFileSync(path.join(resultsDir, 'page-console.txt'), consoleLines.join('\n') + '\n');
    await browser.close();
  }
}

function report(exit) {
  const logFile = path.join(resultsDir, 'log.txt');
  if (fs.existsSync(logFile)) process.stdout.write(fs.readFileSync(logFile, 'utf8'));

  const results = readResults();
  if (exit === 'timeout') {
    console.error(`integration: no exit from the workbench after ${TIMEOUT_MS / 1000} s`);
  } else {
    log(`workbench exit code ${exit}`);
  }
  if (!results) {
    console.error(`integration: no results.json in ${resultsDir} (see page-console.txt there)`);
    console.log('integration: 0 passed, 1 failed');
    return 1;
  }

  const skipped = results.pending > 0 ? `, ${results.pending} skipped` : '';
  console.log(`integration: ${results.passes} passed, ${results.failures} failed${skipped}`);
  const ranTests = results.passes + results.failures > 0;
  return exit === 0 && results.failures === 0 && ranTests ? 0 : 1;
}

function readResults() {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, 'results.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`integration: ${error instanceof Error ? error.message : error}`);
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
}
