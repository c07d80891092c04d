/**
 * The packaged extension: build the .vsix, install it into a fresh code-server with
 * `--install-extension`, and find its commands in the command palette.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_VSIX_BYTES, buildVsix } from '../../scripts/package.mjs';
import type { BuiltVsix } from '../../scripts/package.mjs';
import { repoRoot, testHome } from '../../scripts/lib/paths.mjs';
import { paletteEntries, screenshot, startWorkbench } from './harness/workbench';
import type { Workbench } from './harness/workbench';

const TRAIN_TITLE = 'Siamese Lens: Train Siamese Network';

describe('packaged extension', function () {
  let vsix: BuiltVsix;
  let bench: Workbench;

  before(async function () {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const out = path.join(testHome, 'vsix', `${manifest.name}-${manifest.version}.vsix`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    vsix = await buildVsix({ out, quiet: true });
    bench = await startWorkbench({ label: 'package', vsix: [vsix.file] });
  });

  after(async function () {
    await bench?.close();
  });

  it('is small and holds the bundles but no sources', function () {
    assert.ok(vsix.bytes < MAX_VSIX_BYTES, `${vsix.bytes} bytes`);
    assert.ok(vsix.files.includes('dist/extension.js'), vsix.files.join(', '));
    assert.ok(vsix.files.includes('package.json'));
    assert.deepStrictEqual(
      vsix.files.filter((file) => file.startsWith('src/') || file.endsWith('.ts')),
      [],
    );
  });

  it('installs into code-server', function () {
    const installed = fs.readdirSync(path.join(bench.runDir, 'extensions'));
    assert.ok(
      installed.some((name) => name.startsWith('siamese-lens.siamese-lens-')),
      `extensions folder holds: ${installed.join(', ')}`,
    );
  });

  it(`lists "${TRAIN_TITLE}" in the command palette`, async function () {
    const entries = await paletteEntries(bench.page, TRAIN_TITLE);
    await screenshot(bench.page, 'package-palette');
    assert.ok(entries.includes(TRAIN_TITLE), `palette shows: ${entries.join(' | ')}`);
  });
});
