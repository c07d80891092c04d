// Runs the same integration tests in desktop VS Code through @vscode/test-electron, which
// downloads VS Code into .vscode-test/ on first use. For a machine that can reach Microsoft's
// update service; on Linux without a display, run it under `xvfb-run -a`.
//
//   node scripts/run-desktop.mjs            (SIAMESE_LENS_VSCODE_VERSION=stable tries the newest)
import fs from 'node:fs';
import path from 'node:path';
import testElectron from '@vscode/test-electron';
import { newRunFolder } from './lib/codeServer.mjs';
import { formatCounts } from './lib/mochaCounts.mjs';
import {
  ensureDir,
  integrationEntry,
  integrationOut,
  repoRoot,
  resultsRoot,
  sharedRoot,
  testHome,
} from './lib/paths.mjs';
import { logger, runOrThrow } from './lib/proc.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/** The oldest VS Code `engines.vscode` accepts: the one code-server 4.100.3 bundles. */
const VSCODE_VERSION = process.env.SIAMESE_LENS_VSCODE_VERSION ?? '1.100.3';
const resultsDir = path.join(resultsRoot, 'desktop');
const log = logger('desktop');

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run npm run build first');
  }
  fs.rmSync(integrationOut, { recursive: true, force: true });
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await runOrThrow(process.execPath, [tsc, '-p', 'test/integration'], { cwd: repoRoot });

  const runDir = newRunFolder('desktop');
  const workspace = await createWorkspace(path.join(runDir, 'workspace'));
  fs.rmSync(resultsDir, { recursive: true, force: true });
  ensureDir(resultsDir);

  log(`VS Code ${VSCODE_VERSION}, workspace ${workspace.folder}`);
  let exitCode = 0;
  try {
    exitCode = await testElectron.runTests({
      version: VSCODE_VERSION,
      cachePath: testHome,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationEntry,
      extensionTestsEnv: {
        SIAMESE_LENS_TEST_WORKSPACE: workspace.folder,
        SIAMESE_LENS_SHARED: sharedRoot,
        SIAMESE_LENS_RESULTS: resultsDir,
      },
      launchArgs: [
        workspace.folder,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(runDir, 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code cannot be downloaded or exits non-zero; the results say which.
    log(`VS Code reported: ${error instanceof Error ? error.message : error}`);
    exitCode = 1;
  }
  return report(exitCode);
}

function report(exitCode) {
  const logFile = path.join(resultsDir, 'log.txt');
  if (fs.existsSync(logFile)) process.stdout.write(fs.readFileSync(logFile, 'utf8'));
  let results;
  try {
    results = JSON.parse(fs.readFileSync(path.join(resultsDir, 'results.json'), 'utf8'));
  } catch {
    console.log(`desktop: no results in ${resultsDir}; the tests did not run`);
    console.log('desktop: 0 passed, 1 failed');
    return 1;
  }
  const counts = { passed: results.passes, failed: results.failures, skipped: results.pending };
  console.log(`desktop: ${formatCounts(counts)}`);
  return exitCode === 0 && counts.failed === 0 && counts.passed > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`desktop: ${error instanceof Error ? error.message : error}`);
    console.log('desktop: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
