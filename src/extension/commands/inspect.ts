import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

import { reportFailure } from '../jobs';
import { CommandOutcome, needsInput, Services } from '../services';

export type InspectOutcome = CommandOutcome<{ embeddingsFile: string; records: number }>;

const EMBEDDINGS = /\.embeddings\.csv$/i;

/** "Inspect Clusters": opens the cluster view on an `<name>.embeddings.csv`. */
export async function inspectCommand(
  services: Services,
  uri?: vscode.Uri,
): Promise<InspectOutcome> {
  const { jobs, log, views, model } = services;

  const embeddingsFile = await chooseEmbeddings(uri);
  if (!embeddingsFile) {
    return needsInput(
      'Siamese Lens: no embeddings to inspect. Run "Embed CSV" on a CSV first, then inspect its ' +
        '<name>.embeddings.csv.',
    );
  }

  try {
    const result = await jobs.run(`opening ${path.basename(embeddingsFile)}`, {
      kind: 'loadEmbeddings',
      embeddingsFile,
    });
    if (!result) return { status: 'cancelled' };

    views.show([{ result, bundle: model.bundle }]);
    return { status: 'done', embeddingsFile, records: result.summary.records };
  } catch (error) {
    return { status: 'failed', message: reportFailure(log, 'Opening the cluster view', error) };
  }
}

/**
 * The embeddings file: the argument itself, the one made from the argument's CSV, or one the user
 * picks from the workspace.
 */
async function chooseEmbeddings(uri: vscode.Uri | undefined): Promise<string | undefined> {
  if (uri instanceof vscode.Uri) {
    if (EMBEDDINGS.test(uri.fsPath)) return uri.fsPath;
    const beside = uri.fsPath.replace(/\.[^.]+$/, '') + '.embeddings.csv';
    if (fs.existsSync(beside)) return beside;
  }

  const found = await vscode.workspace.findFiles('**/*.embeddings.csv', '**/node_modules/**', 200);
  if (found.length === 0) return undefined;
  if (found.length === 1) return found[0].fsPath;

  const picked = await vscode.window.showQuickPick(
    found.map((file) => ({
      label: path.basename(file.fsPath),
      description: vscode.workspace.asRelativePath(path.dirname(file.fsPath)),
      file: file.fsPath,
    })),
    { title: 'Siamese Lens: embeddings to inspect' },
  );
  return picked?.file;
}
