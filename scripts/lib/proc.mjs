// Child processes for the scripts: run one to completion while streaming its output, and time it.
import { spawn } from 'node:child_process';

/**
 * Runs `command` with `args`, streaming its output to ours (unless `quiet`), and resolves with
 * its exit code and everything it printed. Never rejects on a non-zero exit: callers decide.
 */
export function run(command, args, options = {}) {
  const { quiet = false, ...spawnOptions } = options;
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
    const chunks = [];
    const collect = (stream, target) => {
      stream.on('data', (chunk) => {
        chunks.push(chunk);
        if (!quiet) target.write(chunk);
      });
    };
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('error', (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      resolve({ code: 127, output: Buffer.concat(chunks).toString('utf8') });
    });
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Like `run`, but throws with the command's tail of output when it fails. */
export async function runOrThrow(command, args, options = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}\n${tail}`);
  }
  return result;
}

/** Seconds since the call, with one decimal, as a string. */
export function stopwatch() {
  const started = performance.now();
  return () => ((performance.now() - started) / 1000).toFixed(1);
}

/** Prints `[name] message` with the seconds since the stopwatch started. */
export function logger(name) {
  const elapsed = stopwatch();
  return (message) => console.log(`[${name} ${elapsed()}s] ${message}`);
}
