// Where the test host keeps its things. Everything it downloads, builds or starts lives under
// `.vscode-test/` in the repository, never in the user's home folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Cache and per-run folders of the test host (git-ignored). */
export const testHome = path.join(repoRoot, '.vscode-test');

/** code-server's own npm project: its package.json, node_modules and install log. */
export const codeServerHome = path.join(testHome, 'code-server');

/** Screenshots, logs and result files that a run leaves for people to read. */
export const resultsRoot = path.join(repoRoot, 'test-results');

/** The read-only shared folder beside the repository (NSL-KDD and notes). */
export const sharedRoot = path.resolve(
  process.env.SIAMESE_LENS_SHARED ?? path.join(repoRoot, '..', 'shared'),
);

/** Compiled integration tests: tsc keeps the repository layout under `out/integration/`. */
export const integrationOut = path.join(repoRoot, 'out', 'integration');
export const integrationEntry = path.join(integrationOut, 'test', 'integration', 'index.js');

/** Makes `folder` (and its parents) and returns it. */
export function ensureDir(folder) {
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

/**
 * Environment for a child process that must not write into the home folder: its temp files and
 * XDG folders go under `folder`. npm's own cache stays where npm keeps it.
 */
export function sandboxEnv(folder, extra = {}) {
  const env = {
    ...process.env,
    TMPDIR: extra.TMPDIR ?? ensureDir(path.join(folder, 'tmp')),
    XDG_DATA_HOME: ensureDir(path.join(folder, 'xdg', 'data')),
    XDG_CONFIG_HOME: ensureDir(path.join(folder, 'xdg', 'config')),
    XDG_CACHE_HOME: ensureDir(path.join(folder, 'xdg', 'cache')),
    XDG_STATE_HOME: ensureDir(path.join(folder, 'xdg', 'state')),
    ...extra,
  };
  return env;
}

/**
 * A new, short temp folder under the system's temp folder. Processes that put Unix sockets in
 * TMPDIR (code-server's IPC, Chromium's singleton) need it short: a socket path has at most
 * 107 bytes, which a temp folder deep inside the repository can exceed.
 */
export function shortTempDir(label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `siamese-lens-${label}-`));
}
