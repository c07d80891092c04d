// Runs the host benchmarks (test/integration/bench) inside code-server's extension host, the same
// way run-integration.mjs runs the integration tests, and prints their figures: one JSON object
// per line with name, value, unit and cores.
//
//   npm run build:dev && node scripts/bench-host.mjs
//   SIAMESE_LENS_BENCH=event-loop|soak runs one of the two.
import fs from 'node:fs';
import path from 'node:path';
import { compileHostTests, runInExtensionHost } from './lib/hostRun.mjs';
import { integrationOut, resultsRoot } from './lib/paths.mjs';
import { logger } from './lib/proc.mjs';

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
  await compileHostTests();
  const bench = process.env.SIAMESE_LENS_BENCH;
  const exit = await runInExtensionHost({
    label: 'bench-host',
    testsPath: benchEntry,
    resultsDir,
    env: bench ? { SIAMESE_LENS_BENCH: bench } : {},
    timeoutMs: TIMEOUT_MS,
    log,
  });
  return report(exit);
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
