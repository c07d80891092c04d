// Runs every benchmark, one after another, and prints their figures on stdout: one JSON object
// per line with name, value, unit and cores. Everything else the benchmarks print goes to stderr.
// A benchmark that fails or overruns its time is reported on stderr and fails the run at the
// end; the others still run. The whole run stays under 15 minutes on two cores.
//
//   npm run bench
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const minutes = (count) => count * 60 * 1000;

/** Each benchmark: what runs, its time limit, and why it cannot run (or undefined). */
const BENCHMARKS = [
  {
    name: 'build',
    command: ['npm', 'run', 'build'],
    limit: minutes(4),
    quiet: true,
  },
  {
    name: 'training, ours and the PyTorch peer',
    command: ['npx', 'tsx', 'bench/train.ts'],
    limit: minutes(5),
  },
  {
    name: 'reading and encoding 1M records',
    command: ['npx', 'tsx', 'bench/encode.ts'],
    limit: minutes(2),
  },
  {
    name: 'embedding 1M records, CSV to CSV',
    command: ['npx', 'tsx', 'bench/embed.ts'],
    limit: minutes(3),
    missing: () =>
      existsSync(path.join(root, 'bench/embed.ts')) ? undefined : 'no bench/embed.ts',
  },
  {
    name: 'cluster view in headless Chromium',
    command: ['node', 'bench/view/run.mjs'],
    limit: minutes(4),
    needs: 'build',
  },
  {
    name: 'extension host: event-loop delay while training, and the soak',
    command: ['node', 'scripts/bench-host.mjs'],
    limit: minutes(6),
    needs: 'build',
  },
];

function print(name, value, unit) {
  console.log(JSON.stringify({ name, value, unit, cores: os.cpus().length }));
}

/**
 * Runs `command`, passing on the JSON lines of its stdout as figures and the rest to stderr;
 * resolves with whether it succeeded. After `limit` ms its process group is killed.
 */
function runBenchmark({ command, limit, quiet = false }) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const timer = setTimeout(() => {
      process.stderr.write(`Stopped after ${limit / 1000} s.\n`);
      process.kill(-child.pid, 'SIGKILL');
    }, limit);

    let pending = '';
    child.stdout.on('data', (chunk) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) passOn(line, quiet);
    });
    child.stderr.on('data', (chunk) => {
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      process.stderr.write(`${error.message}\n`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      passOn(pending, quiet);
      resolve(code === 0);
    });
  });
}

/** A figure goes to stdout; any other non-empty line to stderr. */
function passOn(line, quiet) {
  const text = line.trim();
  if (text.startsWith('{')) {
    try {
      const figure = JSON.parse(text);
      if (typeof figure.name === 'string' && 'value' in figure) {
        console.log(JSON.stringify(figure));
        return;
      }
    } catch {
      // Not a figure: shown as text below.
    }
  }
  if (text !== '' && !quiet) process.stderr.write(`${text}\n`);
}

async function main() {
  const started = performance.now();
  const failed = [];

  for (const benchmark of BENCHMARKS) {
    const reason =
      benchmark.missing?.() ??
      (failed.includes(benchmark.needs) ? `${benchmark.needs} failed` : '');
    if (reason) {
      process.stderr.write(`Skipped ${benchmark.name}: ${reason}.\n`);
      continue;
    }

    process.stderr.write(`Running ${benchmark.name}: ${benchmark.command.join(' ')}\n`);
    const benchmarkStart = performance.now();
    const succeeded = await runBenchmark(benchmark);
    const seconds = (performance.now() - benchmarkStart) / 1000;
    print(`bench.seconds/${benchmark.name}`, Number(seconds.toFixed(1)), 's');
    if (!succeeded) failed.push(benchmark.name);
  }

  print('bench.seconds/total', Number(((performance.now() - started) / 1000).toFixed(1)), 's');
  if (failed.length > 0) {
    process.stderr.write(`Failed: ${failed.join('; ')}.\n`);
    process.exitCode = 1;
  }
}

await main();
