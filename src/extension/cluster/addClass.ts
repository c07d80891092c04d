/** "Add as new fault class": a few picked records become a new state the model can predict. */
import * as path from 'path';
import * as vscode from 'vscode';

import { addClassToBundle } from '../../core/oneShotBundle';
import type { ClusterViewInput } from './requests';

/**
 * Asks for the new class's name and stores the points' embeddings as its exemplars in the view's
 * model bundle, without retraining. Returns the bundle's classes, or undefined when the user
 * gave no name.
 *
 * @param indices `[k]` point indices of the view, already checked against its count.
 */
export async function addFaultClass(
  input: ClusterViewInput,
  indices: Uint32Array,
  log: vscode.LogOutputChannel,
): Promise<string[] | undefined> {
  const { data, bundle } = input;
  if (!bundle) throw new Error('This view was not made by a model bundle, so it cannot learn.');

  const name = await vscode.window.showInputBox({
    title: `New fault class from ${indices.length} record${indices.length === 1 ? '' : 's'}`,
    prompt: `The name later embeds with ${path.basename(bundle)} will predict for such records`,
    validateInput: (value) => (value.trim() === '' ? 'Give the class a name.' : undefined),
  });
  if (!name) return undefined;

  const embeddings = new Float32Array(indices.length * data.dims);
  indices.forEach((index, row) => {
    embeddings.set(
      data.embeddings.subarray(index * data.dims, (index + 1) * data.dims),
      row * data.dims,
    );
  });

  const classes = await addClassToBundle(bundle, name, embeddings);
  const message =
    `Siamese Lens: ${path.basename(bundle)} now knows "${name.trim()}" ` +
    `(${classes.length} classes).`;
  log.info(message);
  void vscode.window.showInformationMessage(message);
  return classes;
}
