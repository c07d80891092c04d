// Runs the end-to-end tests (test/e2e/**/*.e2e.ts) with mocha in plain Node: each test file
// starts its own code-server and Chromium through test/e2e/harness/workbench.ts.
//
//   node scripts/run-e2e.mjs [mocha arguments, e.g. a single file]
import fs from 'node:fs';
import path from 'node:path';
import { formatCounts, mochaCounts } from './lib/mochaCounts.mjs';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/proc.mjs';
import { provision } from './provision.mjs';

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run npm run build first');
  }
  await provision();

  const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [mocha, '--config', 'test/e2e/.mocharc.json', ...process.argv.slice(2)];
  const result = await run(process.execPath, args, { cwd: repoRoot });

  const counts = mochaCounts(result.output);
  if (!counts) {
    console.log(`e2e: mocha exited with ${result.code} before reporting any test`);
    console.log('e2e: 0 passed, 1 failed');
    return 1;
  }
  console.log(`e2e: ${formatCounts(counts)}`);
  const ok = result.code === 0 && counts.failed === 0 && counts.passed > 0;
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`e2e: ${error instanceof Error ? error.message : error}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
