import * as path from 'path';
import * as vscode from 'vscode';

import type { EmbedSummary } from '../../worker/protocol';
import { reportFailure } from '../jobs';
import { pickCsv, pickFolder } from '../pickers';
import { CommandOutcome, needsInput, Services } from '../services';
import { resolveFolderSetting } from '../settings';

/** Choices a caller may pass instead of answering dialogs. */
export interface EmbedArgs {
  /** Model bundle folder; defaults to the current model. */
  bundle?: string;
  /** Also write the Embedding Projector's `vectors.tsv` and `metadata.tsv` here. */
  projectorDir?: string;
  token?: vscode.CancellationToken;
}

export type EmbedOutcome = CommandOutcome<{ out: string; summary: EmbedSummary }>;

/** "Embed CSV": every record of a CSV through the model, into `<name>.embeddings.csv`. */
export async function embedCommand(
  services: Services,
  uri?: vscode.Uri,
  args: EmbedArgs = {},
): Promise<EmbedOutcome> {
  const { jobs, log, views } = services;

  const file = await pickCsv(uri, 'to embed', /\.embeddings\.csv$/i);
  if (!file) {
    return needsInput(
      'Siamese Lens: Embed needs a CSV file. Right-click a .csv file in the Explorer, or run ' +
        'the command again and pick one.',
    );
  }

  const bundle = args.bundle ?? (await chooseBundle(services));
  if (!bundle) {
    return needsInput(
      'Siamese Lens: there is no model yet. Train one with "Train Siamese Network" or choose a ' +
        'model bundle with "Load Model".',
    );
  }

  try {
    const result = await jobs.run(
      `embedding ${path.basename(file.fsPath)}`,
      {
        kind: 'embed',
        file: file.fsPath,
        bundleDir: bundle,
        out: outputFile(file),
        projectorDir: args.projectorDir,
      },
      { token: args.token },
    );
    if (!result) return { status: 'cancelled' };

    const { summary } = result;
    result.summary.warnings.forEach((warning) => log.warn(warning));
    log.info(
      `Embedded ${summary.records} records into ${summary.out} ` +
        `in ${summary.seconds.toFixed(1)} s ` +
        `(${Math.round(summary.recordsPerSecond)} records/s); ${summary.novel} novel`,
    );
    views.show([{ result, bundle }]);
    return { status: 'done', out: summary.out, summary };
  } catch (error) {
    return { status: 'failed', message: reportFailure(log, 'Embedding', error) };
  }
}

/** The current model, or one the user picks; `undefined` when there is none. */
async function chooseBundle(services: Services): Promise<string | undefined> {
  if (services.model.bundle) return services.model.bundle;

  const chosen = await pickFolder('Choose a Siamese Lens model bundle', 'Use this model');
  return chosen?.fsPath;
}

/** `<output folder>/<name>.embeddings.csv` when a folder is configured, else the default. */
function outputFile(file: vscode.Uri): string | undefined {
  const folder = resolveFolderSetting('outputFolder', file, path.dirname(file.fsPath));
  if (folder === path.dirname(file.fsPath)) return undefined;
  const name = path.basename(file.fsPath).replace(/\.[^.]+$/, '');
  return path.join(folder, `${name}.embeddings.csv`);
}
