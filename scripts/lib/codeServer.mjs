// Starts code-server (VS Code's server build) for one test run, isolated in a folder of its own
// under .vscode-test/run-*, on a free port of 127.0.0.1, in a process group of its own so that
// stopping it also ends its extension hosts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { codeServerHome, ensureDir, sandboxEnv, shortTempDir, testHome } from './paths.mjs';
import { runOrThrow } from './proc.mjs';

const ENTRY = path.join(codeServerHome, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const STALE_RUN_MS = 60 * 60 * 1000;

/** User settings that keep the workbench quiet and offline. */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'security.workspace.trust.enabled': false,
  // Test workspaces sit inside this repository's checkout: no prompt to open its repository.
  'git.openRepositoryInParentFolders': 'never',
};

/** Servers started by this process, stopped on Ctrl-C or when the process exits. */
const running = new Set();

/**
 * A fresh folder `.vscode-test/run-<label>-<time>` for one run. Run folders older than an hour
 * are removed; younger ones may belong to a run still going on beside this one.
 */
export function newRunFolder(label) {
  ensureDir(testHome);
  for (const entry of fs.readdirSync(testHome)) {
    const folder = path.join(testHome, entry);
    if (!entry.startsWith('run-')) continue;
    if (Date.now() - fs.statSync(folder).mtimeMs > STALE_RUN_MS) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }
  const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  return ensureDir(path.join(testHome, `run-${label}-${stamp}`));
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on `folder`, with its config, user data, extensions and XDG folders inside
 * `runDir`. `env` reaches the extension host (e.g. SIAMESE_LENS_RESULTS); `vsix` lists packaged
 * extensions to install first; `port` defaults to a free one. Resolves once `/healthz`
 * answers, with
 * `{ url, authority, port, runDir, folder, logFile, stop() }`.
 */
export async function startCodeServer({ runDir, folder, env = {}, vsix = [], port }) {
  if (!fs.existsSync(ENTRY)) throw new Error(`code-server is not installed; run npm run provision`);

  port ??= await freePort();
  const layout = prepareLayout(runDir, port);
  const temp = shortTempDir('server');
  const serverEnv = sandboxEnv(runDir, { TMPDIR: temp, EXTENSIONS_GALLERY: '{}', ...env });
  try {
    for (const file of vsix) {
      const install = [ENTRY, ...layout.args, '--install-extension', file];
      await runOrThrow(process.execPath, install, { env: serverEnv });
    }
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }

  const logFile = path.join(runDir, 'code-server.log');
  const logStream = fs.openSync(logFile, 'a');
  const args = [
    ENTRY,
    ...layout.args,
    ...['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`],
    ...['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'],
    ...['--disable-getting-started-override', '--ignore-last-opened', folder],
  ];
  // detached: the server leads a new session and process group (setsid), which stop() ends.
  const child = spawn(process.execPath, args, {
    env: serverEnv,
    detached: true,
    stdio: ['ignore', logStream, logStream],
  });
  fs.closeSync(logStream);

  const server = {
    url: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    port,
    runDir,
    folder,
    logFile,
    pid: child.pid,
    stop: async () => {
      running.delete(server);
      await stopGroup(child);
      fs.rmSync(temp, { recursive: true, force: true });
    },
  };
  running.add(server);
  watchForInterrupts();

  try {
    await waitForHealth(server, child);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function prepareLayout(runDir, port) {
  const userData = ensureDir(path.join(runDir, 'user-data'));
  const extensions = ensureDir(path.join(runDir, 'extensions'));
  const userSettings = path.join(ensureDir(path.join(userData, 'User')), 'settings.json');
  fs.writeFileSync(userSettings, JSON.stringify(USER_SETTINGS, null, 2) + '\n');

  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return {
    args: ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions],
  };
}

async function waitForHealth(server, child) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early:\n${tail(server.logFile)}`);
    }
    if ((await statusOf(`${server.url}/healthz`)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = HEALTH_TIMEOUT_MS / 1000;
  throw new Error(`code-server did not answer /healthz in ${seconds} s:\n${tail(server.logFile)}`);
}

/** The HTTP status `url` answers with, or 0 when nothing answers. */
function statusOf(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.setTimeout(2000, () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Ends the server's whole process group: SIGTERM, then SIGKILL after a grace period. */
async function stopGroup(child) {
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', resolve);
  });
  signalGroup(child.pid, 'SIGTERM');
  let timer;
  const grace = new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS, 'timeout')));
  const outcome = await Promise.race([exited, grace]);
  clearTimeout(timer);
  if (outcome === 'timeout') signalGroup(child.pid, 'SIGKILL');
  // Extension hosts may outlive the server briefly; they share its group.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

let interruptsWatched = false;

/** On Ctrl-C, SIGTERM or exit, no server of ours is left behind. */
function watchForInterrupts() {
  if (interruptsWatched) return;
  interruptsWatched = true;
  const stopAll = async (signal) => {
    await Promise.allSettled([...running].map((server) => server.stop()));
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  process.once('exit', () => {
    for (const server of running) signalGroup(server.pid, 'SIGKILL');
  });
}
