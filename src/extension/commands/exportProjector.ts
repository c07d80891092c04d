import * as vscode from 'vscode';

import { pickFolder } from '../pickers';
import { CommandOutcome, needsInput, Services } from '../services';
import { embedCommand } from './embed';

export interface ExportProjectorArgs {
  bundle?: string;
  /** Folder for `vectors.tsv` and `metadata.tsv`; asked for when absent. */
  folder?: string;
}

export type ExportProjectorOutcome = CommandOutcome<{ folder: string; records: number }>;

/**
 * "Export for Embedding Projector": embeds a CSV and writes `vectors.tsv` and `metadata.tsv`,
 * the files the TensorFlow Embedding Projector loads.
 */
export async function exportProjectorCommand(
  services: Services,
  uri?: vscode.Uri,
  args: ExportProjectorArgs = {},
): Promise<ExportProjectorOutcome> {
  const folder =
    args.folder ??
    (await pickFolder('Folder for the Embedding Projector files', 'Export here', uri))?.fsPath;
  if (!folder) {
    return needsInput(
      'Siamese Lens: choose a folder for the Embedding Projector files (vectors.tsv and ' +
        'metadata.tsv).',
    );
  }

  const outcome = await embedCommand(services, uri, { bundle: args.bundle, projectorDir: folder });
  if (outcome.status !== 'done') return outcome;

  void vscode.window.showInformationMessage(
    `Siamese Lens: wrote vectors.tsv and metadata.tsv to ${folder}. Load them in the ` +
      'Embedding Projector with "Load", one file after the other.',
  );
  return { status: 'done', folder, records: outcome.summary.records };
}
