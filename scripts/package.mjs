// Packages the extension as a .vsix with vsce (bundles only: --no-dependencies), checks its size
// and lists what it holds. It builds the production bundles first.
//
//   node scripts/package.mjs [--out file.vsix]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './lib/paths.mjs';
import { run, runOrThrow } from './lib/proc.mjs';

export const MAX_VSIX_BYTES = 30 * 1024 * 1024;

/** What the .vsix may hold (besides vsce's own manifest files), as path tests. */
const ALLOWED = [
  (file) => file === 'package.json' || file === 'README.md' || file === 'LICENSE',
  (file) => /^dist\/[^/]+\.(js|wasm)$/.test(file),
  (file) => /^dist\/[^/]+\.LICENSE\.txt$/.test(file),
  (file) => file.startsWith('media/'),
];

const VSCE = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function manifest() {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
}

/**
 * Builds the .vsix at `out` (default `<name>-<version>.vsix` in the repository) and resolves with
 * `{ file, bytes, files }`. Throws when it is too large or holds files it should not.
 */
export async function buildVsix({ out, quiet = false } = {}) {
  const { name, version } = manifest();
  const file = path.resolve(out ?? path.join(repoRoot, `${name}-${version}.vsix`));
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run npm run build first');
  }

  const files = await listPackagedFiles();
  const unexpected = files.filter((entry) => !ALLOWED.some((allowed) => allowed(entry)));
  if (unexpected.length > 0) {
    throw new Error(
      `the .vsix would hold files .vscodeignore should leave out:\n  ${unexpected.join('\n  ')}`,
    );
  }

  // vsce writes the archive itself; build it beside the target, then move it into place.
  const partial = file.replace(/\.vsix$/, '') + '.partial.vsix';
  const args = [VSCE, 'package', '--no-dependencies', '--out', partial];
  await runOrThrow(process.execPath, args, { cwd: repoRoot, quiet });
  fs.renameSync(partial, file);

  const bytes = fs.statSync(file).size;
  if (bytes >= MAX_VSIX_BYTES) {
    throw new Error(
      `${file} is ${megabytes(bytes)} MB, over the ${megabytes(MAX_VSIX_BYTES)} MB limit`,
    );
  }
  return { file, bytes, files };
}

/** The files vsce would package, relative to the repository. */
async function listPackagedFiles() {
  const result = await run(process.execPath, [VSCE, 'ls', '--no-dependencies'], {
    cwd: repoRoot,
    quiet: true,
  });
  if (result.code !== 0) throw new Error(`vsce ls failed:\n${result.output}`);
  return result.output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^(WARNING|INFO|DONE|ERROR)\b/.test(line));
}

function megabytes(bytes) {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function main() {
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag > 0 ? process.argv[outFlag + 1] : undefined;
  // A package holds the production bundles, never whatever a development build left in dist/.
  await runOrThrow(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: repoRoot,
  });
  const { file, bytes, files } = await buildVsix({ out });
  console.log(
    `\n${path.relative(process.cwd(), file)}: ${megabytes(bytes)} MB, ${files.length} files`,
  );
  for (const entry of files) {
    const size = fs.statSync(path.join(repoRoot, entry)).size;
    console.log(`  ${entry.padEnd(48)} ${(size / 1024).toFixed(0).padStart(7)} KB`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`package: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  });
}
