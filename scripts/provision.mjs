// Installs what the integration and end-to-end tests need, once, and reuses it afterwards:
// Debian's Chromium, ripgrep and Kerberos headers, and code-server (VS Code's server build from
// npm) in .vscode-test/code-server/. Run directly (`npm run provision`) or import `provision()`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerHome, ensureDir, sandboxEnv } from './lib/paths.mjs';
import { logger, run, runOrThrow } from './lib/proc.mjs';
import { verifyCodeServer } from './lib/verifyCodeServer.mjs';

/** The newest code-server whose engine is Node 20; it bundles VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';

const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
const CHROMIUM = '/usr/bin/chromium';
const RIPGREP = '/usr/bin/rg';
const MARKER = path.join(codeServerHome, 'provisioned.json');
const INSTALL_LOG = path.join(codeServerHome, 'npm-install.log');

const log = logger('provision');

/**
 * Makes sure everything is installed and returns where it is:
 * `{ codeServer, codeServerVersion, vscodeVersion, chromium, ripgrep }`.
 * Throws with the reason when something cannot be installed.
 */
export async function provision() {
  await ensureDebianPackages(DEBIAN_PACKAGES);
  const installed = await ensureCodeServer();
  return { ...installed, chromium: CHROMIUM, ripgrep: RIPGREP };
}

async function ensureDebianPackages(packages) {
  const missing = [];
  for (const name of packages) {
    const query = await run('dpkg-query', ['-W', '-f=${Status}', name], { quiet: true });
    if (!query.output.includes('install ok installed')) missing.push(name);
  }
  if (missing.length === 0) {
    log(`Debian packages present: ${packages.join(', ')}`);
    return;
  }

  if (process.getuid?.() !== 0) {
    throw new Error(`Debian packages missing (${missing.join(', ')}); install them as root.`);
  }
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runOrThrow('apt-get', ['update', '-qq'], { env });
  await runOrThrow('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

async function ensureCodeServer() {
  const cached = readMarker();
  if (cached?.codeServerVersion === CODE_SERVER_VERSION) {
    const problems = await verifyCodeServer(codeServerHome);
    if (problems.length === 0) {
      log(`code-server ${CODE_SERVER_VERSION} cached in ${codeServerHome}`);
      return cached;
    }
    log(`cached code-server is broken, reinstalling: ${problems.join('; ')}`);
  }

  ensureDir(codeServerHome);
  fs.rmSync(MARKER, { force: true });
  fs.rmSync(path.join(codeServerHome, 'node_modules'), { recursive: true, force: true });
  writeHostManifest();
  const env = installEnv();
  await prefillRipgrepCache(env);
  await installCodeServer(env);

  const problems = await verifyCodeServer(codeServerHome);
  if (problems.length > 0) {
    throw new Error(
      `code-server installed but unusable (log: ${INSTALL_LOG}):\n  ` + problems.join('\n  '),
    );
  }
  const installed = describeInstall();
  fs.writeFileSync(MARKER, JSON.stringify(installed, null, 2) + '\n');
  log(`code-server ${CODE_SERVER_VERSION} (VS Code ${installed.vscodeVersion}) ready`);
  return installed;
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * code-server gets an npm project of its own, so that it never becomes a dependency of the
 * extension. Its install scripts (and those of the native modules it builds) are allowed
 * explicitly, which keeps npm 11's install-script policy from holding them back.
 */
function writeHostManifest() {
  const manifest = {
    name: 'siamese-lens-test-host',
    version: '0.0.0',
    private: true,
    description: 'code-server for the Siamese Lens tests; installed by scripts/provision.mjs.',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: { 'code-server': true, argon2: true },
  };
  const file = path.join(codeServerHome, 'package.json');
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
}

function installEnv() {
  return sandboxEnv(codeServerHome, {
    // node-pty's install script runs `npx node-gyp`, which waits for a "yes" without a TTY.
    npm_config_yes: 'true',
    // code-server's install script refuses to run as root unless npm says it is allowed to.
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
}

/**
 * @vscode/ripgrep downloads rg from GitHub in its install script, unless the download is already
 * in its cache folder under TMPDIR. Put Debian's rg there, packed under the name it looks for.
 */
async function prefillRipgrepCache(env) {
  const packs = ensureDir(path.join(env.TMPDIR, 'packs'));
  await runOrThrow('npm', ['pack', '--silent', '--pack-destination', packs, codeServerSpec()], {
    env,
    quiet: true,
  });
  const codeServerTarball = path.join(packs, `code-server-${CODE_SERVER_VERSION}.tgz`);
  const shrinkwrap = await readFromTarball(codeServerTarball, 'lib/vscode/npm-shrinkwrap.json');
  const ripgrepVersion = JSON.parse(shrinkwrap).packages['node_modules/@vscode/ripgrep']?.version;
  if (!ripgrepVersion) throw new Error('code-server does not list @vscode/ripgrep; cannot seed it');

  await runOrThrow(
    'npm',
    ['pack', '--silent', '--pack-destination', packs, `@vscode/ripgrep@${ripgrepVersion}`],
    {
      env,
      quiet: true,
    },
  );
  const ripgrepTarball = path.join(packs, `vscode-ripgrep-${ripgrepVersion}.tgz`);
  const postinstall = await readFromTarball(ripgrepTarball, 'lib/postinstall.js');
  const releaseTag = /^const VERSION = '([^']+)'/m.exec(postinstall)?.[1];
  if (!releaseTag) throw new Error('cannot find the ripgrep release in @vscode/ripgrep');

  const cache = ensureDir(path.join(env.TMPDIR, `vscode-ripgrep-cache-${ripgrepVersion}`));
  const staging = ensureDir(path.join(cache, 'staging'));
  fs.copyFileSync(RIPGREP, path.join(staging, 'rg'));
  const asset = `ripgrep-${releaseTag}-${ripgrepTarget()}.tar.gz`;
  await runOrThrow('tar', ['czf', path.join(cache, asset), '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
  log(`ripgrep cache seeded with ${RIPGREP} as ${asset}`);
}

function ripgrepTarget() {
  const targets = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };
  const target = os.platform() === 'linux' ? targets[os.arch()] : undefined;
  if (!target) throw new Error(`no ripgrep stand-in for ${os.platform()}-${os.arch()}`);
  return target;
}

async function readFromTarball(tarball, member) {
  const result = await runOrThrow('tar', ['xzf', tarball, '-O', `package/${member}`], {
    quiet: true,
  });
  return result.output;
}

function codeServerSpec() {
  return `code-server@${CODE_SERVER_VERSION}`;
}

/**
 * `--foreground-scripts` makes npm wait for each install script and show its output, so a failed
 * native build is visible in the log rather than lost behind npm's summary.
 */
async function installCodeServer(env) {
  log(`npm install ${codeServerSpec()} (about 90 s; log: ${INSTALL_LOG})`);
  const args = ['install', '--unsafe-perm', '--foreground-scripts', '--no-audit', '--no-fund'];
  const result = await run('npm', args, { cwd: codeServerHome, env, quiet: true });
  fs.writeFileSync(INSTALL_LOG, result.output);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-40).join('\n');
    throw new Error(`npm install ${codeServerSpec()} failed (${result.code}):\n${tail}`);
  }
}

function describeInstall() {
  const root = path.join(codeServerHome, 'node_modules', 'code-server');
  const vscodeManifest = path.join(root, 'lib', 'vscode', 'product.json');
  const product = JSON.parse(fs.readFileSync(vscodeManifest, 'utf8'));
  return {
    codeServerVersion: CODE_SERVER_VERSION,
    vscodeVersion: product.version ?? 'unknown',
    codeServer: path.join(root, 'out', 'node', 'entry.js'),
    installedAt: new Date().toISOString(),
  };
}

// No top-level await: the TypeScript harness loads this module through a CommonJS transform.
const invokedDirectly = process.argv[1] === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  provision().then(
    (paths) => console.log(JSON.stringify(paths, null, 2)),
    (error) => {
      console.error(`provision failed: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    },
  );
}
