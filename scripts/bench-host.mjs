// Runs the host benchmarks (test/integration/bench) inside code-server's extension host, the same
// way run-integration.mjs runs the integration tests, and prints their figures: one JSON object
// per line with name, value, unit and cores.
//
//   npm run build:dev && node scripts/bench-host.mjs
//   SIAMESE_LENS_BENCH=event-loop|soak runs one of the two.
import fs from 'node:fs';
import path from 'node:path';
import { developmentOptions, launchBrowser, openWorkbench } from './lib/browser.mjs';
import { newRunFolder, startCodeServer } from './lib/codeServer.mjs';
import { ensureDir, integrationOut, repoRoot, resultsRoot, sharedRoot } from './lib/paths.mjs';
import { logger, runOrThrow } from './lib/proc.mjs';
import { createWorkspace } from './lib/workspace.mjs';
import { provision } from './provision.mjs';

const TIMEOUT_MS = Number(process.env.SIAMESE_LENS_BENCH_TIMEOUT_MS ?? 10 * 60 * 1000);
const resultsDir = path.join(resultsRoot, 'bench-host');
const benchEntry = path.join(integrationOut, 'test', 'integration', 'bench', 'index.js');
const log = logger('bench-host');

/**
 * Limits the figures are held to; a breach is reported on stderr and fails the run, except for a
 * target marked `warn`: on two shared cores the idle host's own maximum delay sometimes passes
 * 50 ms, so a breach there is reported (beside the idle figure, printed first) without failing.
 */
const LIMITS = [
  { pattern: /^host event-loop delay max, training/, max: 50, warn: true },
  { pattern: /^soak: heap ratio/, min: 0.9, max: 1.1 },
];

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run npm run build:dev first');
  }
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await runOrThrow(process.execPath, [tsc, '-p', 'test/integration'], { cwd: repoRoot });
  await provision();

  const runDir = newRunFolder('bench-host');
  const workspace = await createWorkspace(path.join(runDir, 'workspace'));
  fs.rmSync(resultsDir, { recursive: true, force: true });
  ensureDir(resultsDir);

  const server = await startCodeServer({
    runDir,
    folder: workspace.folder,
    env: {
      SIAMESE_LENS_TEST_WORKSPACE: workspace.folder,
      SIAMESE_LENS_SHARED: sharedRoot,
      SIAMESE_LENS_RESULTS: resultsDir,
      ...(process.env.SIAMESE_LENS_BENCH
        ? { SIAMESE_LENS_BENCH: process.env.SIAMESE_LENS_BENCH }
        : {}),
    },
  });
  log(`code-server at ${server.url}; benchmarks run for a few minutes`);

  let exit;
  try {
    exit = await runInWorkbench(server, runDir);
  } finally {
    await server.stop();
  }
  return report(exit);
}

async function runInWorkbench(server, runDir) {
  const browser = await launchBrowser({ runDir });
  try {
    const { page } = browser;
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const development = developmentOptions(server, {
      extensionPath: repoRoot,
      testsPath: benchEntry,
    });
    await openWorkbench(page, server, { development });

    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, TIMEOUT_MS, 'timeout')));
    const exit = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return exit;
  } finally {
    await browser.close();
  }
}

function report(exit) {
  const figuresFile = path.join(resultsDir, 'bench.jsonl');
  const lines = fs.existsSync(figuresFile)
    ? fs.readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean)
    : [];
  let breaches = 0;
  for (const line of lines) {
    console.log(line);
    const figure = JSON.parse(line);
    for (const limit of LIMITS.filter((entry) => entry.pattern.test(figure.name))) {
      const low = limit.min !== undefined && figure.value < limit.min;
      const high = limit.max !== undefined && figure.value > limit.max;
      if (!low && !high) continue;
      if (!limit.warn) breaches += 1;
      const verdict = limit.warn ? 'over its target (see the idle figure)' : 'out of bounds';
      console.error(`bench-host: ${figure.name} is ${figure.value} ${figure.unit}, ${verdict}`);
    }
  }

  const errorFile = path.join(resultsDir, 'error.txt');
  if (fs.existsSync(errorFile)) console.error(fs.readFileSync(errorFile, 'utf8'));
  if (exit !== 0) console.error(`bench-host: the workbench ended with ${exit}`);
  return exit === 0 && lines.length > 0 && breaches === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench-host: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
