// Builds the extension and opens it on the sample workspace: in desktop VS Code when `code` is
// on PATH, otherwise in code-server on 127.0.0.1, whose address is printed. Ctrl-C stops it.
//
//   npm start                 (SIAMESE_LENS_PORT=<port> picks code-server's port)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer } from './lib/codeServer.mjs';
import { ensureDir, repoRoot, sharedRoot, testHome } from './lib/paths.mjs';
import { runOrThrow } from './lib/proc.mjs';
import { writeCellKpis } from './lib/workspace.mjs';
import { provision } from './provision.mjs';

const sample = path.join(repoRoot, 'sample');

async function main() {
  await runOrThrow('npm', ['run', 'build'], { cwd: repoRoot });
  await prepareSample();

  const code = findOnPath('code');
  if (code) {
    console.log(`Opening ${sample} in VS Code with the extension from ${repoRoot}`);
    const child = spawn(code, [`--extensionDevelopmentPath=${repoRoot}`, sample], {
      stdio: 'inherit',
    });
    child.on('exit', (status) => (process.exitCode = status ?? 0));
    return;
  }
  await serveInBrowser();
}

/** sample/cell-kpis.csv, generated once; an existing file is kept: the user may have edited it. */
async function prepareSample() {
  ensureDir(sample);
  const file = path.join(sample, 'cell-kpis.csv');
  if (fs.existsSync(file)) return;
  const source = await writeCellKpis(file);
  console.log(
    `Wrote ${path.relative(repoRoot, file)} ` +
      `(${source === 'cli' ? 'dist/cli.js sample' : 'fallback'})`,
  );
}

function findOnPath(command) {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/**
 * code-server keeps its state in .vscode-test/start/ between runs, so settings and open editors
 * survive a restart. The address carries the repository as the extension under development;
 * rebuild (npm run watch) and reload the window to pick up changes.
 */
async function serveInBrowser() {
  await provision();
  const runDir = ensureDir(path.join(testHome, 'start'));
  const port = process.env.SIAMESE_LENS_PORT ? Number(process.env.SIAMESE_LENS_PORT) : undefined;
  const server = await startCodeServer({
    runDir,
    folder: sample,
    port,
    env: { SIAMESE_LENS_SHARED: sharedRoot },
  });

  const development = [
    ['extensionDevelopmentPath', `vscode-remote://${server.authority}${repoRoot}`],
  ];
  const address =
    `${server.url}/?folder=${encodeURIComponent(sample)}` +
    `&payload=${encodeURIComponent(JSON.stringify(development))}`;
  console.log(`\nSiamese Lens is running in code-server (log: ${server.logFile}).`);
  console.log(`Open ${address}\nPress Ctrl-C to stop.`);
  // Stay up until Ctrl-C, which stops the server (see lib/codeServer.mjs).
  setInterval(() => {}, 60_000);
}

main().catch((error) => {
  console.error(`start: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
