// Three checks over the whole repository: ESLint, Prettier's format check, and the TypeScript
// compiler. Prints each tool's output and ends with `lint: N passed, N failed`.
import path from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { logger, run } from './lib/proc.mjs';

const bin = (...parts) => path.join(repoRoot, 'node_modules', ...parts);

const CHECKS = [
  { name: 'eslint', args: [bin('eslint', 'bin', 'eslint.js'), '.'] },
  { name: 'prettier', args: [bin('prettier', 'bin', 'prettier.cjs'), '--check', '.'] },
  { name: 'tsc', args: [bin('typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'] },
];

const log = logger('lint');
let passed = 0;
let failed = 0;
for (const check of CHECKS) {
  log(`${check.name}`);
  const result = await run(process.execPath, check.args, { cwd: repoRoot });
  if (result.code === 0) {
    passed++;
    log(`${check.name} passed`);
  } else {
    failed++;
    log(`${check.name} failed (exit ${result.code})`);
  }
}
console.log(`lint: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
