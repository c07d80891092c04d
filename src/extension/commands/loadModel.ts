import * as path from 'path';
import * as vscode from 'vscode';

import type { BundleSummary } from '../../worker/protocol';
import { reportFailure } from '../jobs';
import { pickFolder } from '../pickers';
import { CommandOutcome, needsInput, Services } from '../services';

export type LoadModelOutcome = CommandOutcome<{ summary: BundleSummary }>;

/** "Load Model": checks a model bundle folder and makes it the current model. */
export async function loadModelCommand(
  services: Services,
  uri?: vscode.Uri,
): Promise<LoadModelOutcome> {
  const { jobs, log, model } = services;

  const folder =
    uri instanceof vscode.Uri
      ? uri
      : await pickFolder('Choose a Siamese Lens model bundle', 'Load model');
  if (!folder) {
    return needsInput(
      'Siamese Lens: choose a model bundle folder (it holds model.json, encoder.json and ' +
        'report.json), such as one under .siamese-lens/models.',
    );
  }

  try {
    const summary = await jobs.run(`checking ${path.basename(folder.fsPath)}`, {
      kind: 'validateBundle',
      dir: folder.fsPath,
    });
    if (!summary) return { status: 'cancelled' };

    await model.set(summary.dir);
    const message =
      `Siamese Lens: model ${path.basename(summary.dir)} loaded (${summary.dims} dimensions, ` +
      `classes ${summary.classes.join(', ')}).`;
    log.info(message);
    void vscode.window.showInformationMessage(message);
    return { status: 'done', summary };
  } catch (error) {
    return { status: 'failed', message: reportFailure(log, 'Loading the model', error) };
  }
}
