// Checks that an installed code-server really works: its install script ran (VS Code's own
// dependencies are there), its native modules load in this Node, and its ripgrep runs.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './proc.mjs';

/** Native modules of code-server and of the VS Code it bundles, by the folder they load from. */
const NATIVE_MODULES = [
  { from: '.', names: ['argon2'] },
  {
    from: 'lib/vscode',
    names: ['@vscode/spdlog', 'node-pty', 'kerberos', 'native-watchdog', '@parcel/watcher'],
  },
];

/** Returns what is wrong with the code-server installed under `home` (empty when all is well). */
export async function verifyCodeServer(home) {
  const root = path.join(home, 'node_modules', 'code-server');
  if (!fs.existsSync(path.join(root, 'package.json'))) return [`no code-server in ${home}`];

  const problems = [];
  const expectedPaths = [
    'lib/vscode/node_modules',
    'lib/vscode/node_modules.asar',
    'lib/vscode/extensions/node_modules',
    'lib/vscode/bin/remote-cli/code-server',
  ];
  for (const relative of expectedPaths) {
    if (!fs.existsSync(path.join(root, relative))) {
      problems.push(`${relative} is missing: code-server's install script did not finish`);
    }
  }

  for (const group of NATIVE_MODULES) {
    for (const name of group.names) {
      const problem = await loadProblem(path.join(root, group.from), name);
      if (problem) problems.push(`${name} does not load: ${problem}`);
    }
  }

  const ripgrep = path.join(root, 'lib/vscode/node_modules/@vscode/ripgrep/bin/rg');
  const version = await run(ripgrep, ['--version'], { quiet: true });
  if (version.code !== 0) problems.push(`${ripgrep} does not run: ${version.output.trim()}`);
  return problems;
}

/** Requires `name` as a module under `folder` would, in a child Node; returns the error or ''. */
async function loadProblem(folder, name) {
  const script = [
    "const { createRequire } = require('node:module');",
    "const path = require('node:path');",
    `createRequire(path.join(${JSON.stringify(folder)}, 'index.js'))(${JSON.stringify(name)});`,
  ].join('\n');
  const result = await run(process.execPath, ['-e', script], { quiet: true });
  if (result.code === 0) return '';
  const lines = result.output.trim().split('\n');
  return lines.find((line) => /Error/.test(line)) ?? lines[0] ?? `exit ${result.code}`;
}
