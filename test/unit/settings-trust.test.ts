/**
 * Model and output folder settings in trusted and untrusted workspaces. The test host always
 * trusts its workspace, so the untrusted rule is tested here, on the function the extension's
 * settings use.
 */
import * as assert from 'assert';
import * as path from 'path';

import { isInside, resolveConfiguredFolder } from '../../src/core/folders';

const WORKSPACE = path.resolve('/projects/cells');
const OUTSIDE = path.resolve('/elsewhere/models');

describe('model and output folders in trusted and untrusted workspaces', function () {
  it('uses an absolute folder outside the workspace when the workspace is trusted', function () {
    assert.strictEqual(resolveConfiguredFolder(WORKSPACE, OUTSIDE, '.siamese-lens', true), OUTSIDE);
  });

  it('ignores a folder outside the workspace when it is untrusted, using the default', function () {
    const folder = resolveConfiguredFolder(WORKSPACE, OUTSIDE, '.siamese-lens', false);
    assert.strictEqual(folder, path.join(WORKSPACE, '.siamese-lens'));
  });

  it('ignores a relative path that climbs out of the workspace when untrusted', function () {
    const folder = resolveConfiguredFolder(WORKSPACE, '../../escaped', 'out', false);
    assert.strictEqual(folder, path.join(WORKSPACE, 'out'));
  });

  it('keeps a folder inside the workspace when untrusted', function () {
    const folder = resolveConfiguredFolder(WORKSPACE, 'models/cells', 'out', false);
    assert.strictEqual(folder, path.join(WORKSPACE, 'models', 'cells'));
  });

  it('uses the default for an empty setting', function () {
    assert.strictEqual(
      resolveConfiguredFolder(WORKSPACE, '  ', '.siamese-lens/models', true),
      path.join(WORKSPACE, '.siamese-lens', 'models'),
    );
  });

  it('tells a sibling with a common prefix from a subfolder', function () {
    assert.strictEqual(isInside('/projects/cells-old/x', '/projects/cells'), false);
    assert.strictEqual(isInside('/projects/cells/x', '/projects/cells'), true);
    assert.strictEqual(isInside('/projects/cells', '/projects/cells'), true);
  });
});
