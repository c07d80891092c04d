// The whole test run, in order: install (when needed), build, lint, unit, provision,
// integration, end-to-end. Streams every layer's output and ends with one line,
// `N passed, N failed[, N skipped]`, summed over all layers.
//
// Uses nothing but Node itself, since it may run before `npm install`. A layer that crashes or
// runs no test counts as one failure; a failed build or provision fails the layers that need it.
import fs from 'node:fs';
import path from 'node:path';
import { formatCounts, mochaCounts } from './lib/mochaCounts.mjs';
import { repoRoot } from './lib/paths.mjs';
import { run, stopwatch } from './lib/proc.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;
const script = (name) => path.join(repoRoot, 'scripts', name);

/** Finished layers: `{ name, passed, failed, skipped, seconds, note }`. */
const layers = [];

function banner(name) {
  console.log(`\n=== ${name} ${'='.repeat(Math.max(0, 70 - name.length))}`);
}

/** Runs one layer's command and records its counts, read from its output by `count`. */
async function layer(name, command, args, count) {
  banner(name);
  const elapsed = stopwatch();
  const result = await run(command, args, { cwd: repoRoot });
  const counts = count(result.output, result.code);
  const record = { name, seconds: elapsed(), ...counts };
  if (result.code !== 0 && record.failed === 0) {
    record.failed = 1;
    record.note = `exited with ${result.code}`;
  } else if (record.passed + record.failed === 0) {
    record.failed = 1;
    record.note = 'ran no test';
  }
  layers.push(record);
  return record.failed === 0;
}

/** A step that is not a test (install, build, provision): passes or fails as a whole. */
async function step(name, command, args) {
  banner(name);
  const elapsed = stopwatch();
  const result = await run(command, args, { cwd: repoRoot });
  const ok = result.code === 0;
  const note = ok ? 'ok' : `exited with ${result.code}`;
  layers.push({ name, seconds: elapsed(), passed: 0, failed: ok ? 0 : 1, skipped: 0, note });
  return ok;
}

/** A layer that cannot run because an earlier step failed. */
function blocked(name, reason) {
  layers.push({ name, seconds: '0.0', passed: 0, failed: 1, skipped: 0, note: reason });
}

/** Counts from a script that ends with `<layer>: N passed, N failed[, N skipped]`. */
function summaryLine(prefix) {
  return (output) => {
    const pattern = new RegExp(
      `^${prefix}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?`,
      'gm',
    );
    const matches = [...output.matchAll(pattern)];
    const last = matches[matches.length - 1];
    if (!last) return { passed: 0, failed: 0, skipped: 0 };
    return { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3] ?? 0) };
  };
}

function mochaSummary(output) {
  return mochaCounts(output) ?? { passed: 0, failed: 0, skipped: 0 };
}

/** node_modules is missing, or older than the lock file. */
function needsInstall() {
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = path.join(repoRoot, 'package-lock.json');
  if (!fs.existsSync(installed)) return true;
  return fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs;
}

async function main() {
  const total = stopwatch();
  if (needsInstall() && !(await step('install', npm, ['ci']))) return finish(total);

  const built = await step('build', npm, ['run', 'build']);
  await layer('lint', node, [script('lint.mjs')], summaryLine('lint'));
  const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  await layer('unit', node, [mocha, 'test/unit/**/*.test.ts'], mochaSummary);
  const provisioned = await step('provision', node, [script('provision.mjs')]);

  const hostReady = built && provisioned;
  const reason = built ? 'provision failed' : 'build failed';
  for (const [name, file] of [
    ['integration', 'run-integration.mjs'],
    ['e2e', 'run-e2e.mjs'],
  ]) {
    if (hostReady) await layer(name, node, [script(file)], summaryLine(name));
    else blocked(name, reason);
  }
  return finish(total);
}

function finish(total) {
  banner('summary');
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const record of layers) {
    const counts = `${record.passed} passed, ${record.failed} failed, ${record.skipped} skipped`;
    const note = record.note ? `  (${record.note})` : '';
    console.log(`${record.name.padEnd(12)} ${record.seconds.padStart(6)} s  ${counts}${note}`);
    sum.passed += record.passed;
    sum.failed += record.failed;
    sum.skipped += record.skipped;
  }
  console.log(`${'total'.padEnd(12)} ${total().padStart(6)} s`);
  console.log(formatCounts(sum));
  return sum.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
