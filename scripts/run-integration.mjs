// Runs the integration tests (test/integration) inside code-server's extension host: compiles
// them, provisions code-server, opens the test workspace in headless Chromium with the
// repository loaded as the extension under development, and waits for the tests' exit code.
//
//   node scripts/run-integration.mjs
//   SIAMESE_LENS_TEST_GREP=<text> runs only the tests whose title matches.
import fs from 'node:fs';
import path from 'node:path';
import { compileHostTests, runInExtensionHost } from './lib/hostRun.mjs';
import { integrationEntry, resultsRoot } from './lib/paths.mjs';
import { logger } from './lib/proc.mjs';

const TIMEOUT_MS = Number(process.env.SIAMESE_LENS_INTEGRATION_TIMEOUT_MS ?? 15 * 60 * 1000);
const resultsDir = path.join(resultsRoot, 'integration');
const log = logger('integration');

async function main() {
  await compileHostTests();
  log('compiled to out/integration');

  const consoleLines = [];
  const exit = await runInExtensionHost({
    label: 'integration',
    testsPath: integrationEntry,
    resultsDir,
    timeoutMs: TIMEOUT_MS,
    log,
    watch: (page) =>
      page.on('console', (message) => {
        consoleLines.push(`[${message.type()}] ${message.text()}`);
        if (process.env.SIAMESE_LENS_VERBOSE) console.log(`[page] ${message.text().slice(0, 600)}`);
      }),
    after: async (page, code) => {
      fs.writeFileSync(path.join(resultsDir, 'page-console.txt'), consoleLines.join('\n') + '\n');
      if (code !== 0) await page.screenshot({ path: path.join(resultsDir, 'workbench.png') });
    },
  });
  return report(exit);
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
