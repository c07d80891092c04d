// Runs the built command-line tool: builds it first when the bundle is missing or older than the
// sources, streams its progress (stderr) to ours, and hands back the JSON of its last stdout line.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Newest modification time of any file under `folder`, in milliseconds. */
function newestChange(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const time = entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** True when `dist/cli.js` or `dist/webview.js` is missing or older than `src/`. */
export function needsBuild(root) {
  const outputs = ['cli.js', 'webview.js'].map((name) => path.join(root, 'dist', name));
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return newestChange(path.join(root, 'src')) > built;
}

/**
 * Runs `command args` in `cwd`, copying its stderr to ours with `prefix`; resolves with its
 * stdout, rejects when it exits with an error.
 */
export function runCommand(command, args, { cwd, prefix = '' }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => {
      const lines = chunk.toString('utf8').replace(/\n$/, '').split('\n');
      process.stderr.write(lines.map((line) => `${prefix}${line}\n`).join(''));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}.`));
    });
  });
}

/** Runs `node dist/cli.js ...args` and returns the JSON object on its last stdout line. */
export async function runCli(root, args, prefix) {
  const stdout = await runCommand(process.execPath, [path.join('dist', 'cli.js'), ...args], {
    cwd: root,
    prefix,
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}
