import * as path from 'path';
import * as vscode from 'vscode';

import type { LossName } from '../../core/types';
import type { ClusterResult, TrainResult } from '../../worker/protocol';
import { reportFailure } from '../jobs';
import { pickCsv, pickLosses } from '../pickers';
import { CommandOutcome, needsInput, Services } from '../services';
import { readTrainConfig } from '../settings';
import { chooseLabel, defaultBundleDir } from './train';

/** Choices a caller may pass instead of answering the quick picks. */
export interface CompareArgs {
  label?: string;
  losses?: LossName[];
  ignore?: string[];
  epochs?: number;
  token?: vscode.CancellationToken;
}

export type CompareOutcome = CommandOutcome<{ bundles: string[]; results: TrainResult[] }>;

/**
 * "Compare Losses Side by Side": trains each chosen loss on the same data, split and seed, each
 * in its own worker so that two run at once on two cores, then shows their views side by side.
 */
export async function compareCommand(
  services: Services,
  uri?: vscode.Uri,
  args: CompareArgs = {},
): Promise<CompareOutcome> {
  const { jobs, log, views } = services;

  const file = await pickCsv(uri, 'to compare losses on', /\.embeddings\.csv$/i);
  if (!file) {
    return needsInput(
      'Siamese Lens: Compare needs a labelled CSV file. Right-click a .csv file in the ' +
        'Explorer, or run the command again and pick one.',
    );
  }

  try {
    const label = args.label ?? (await chooseLabel(services, file));
    if (!label) {
      return needsInput(`Siamese Lens: choose the label column of ${path.basename(file.fsPath)}.`);
    }

    const losses = args.losses ?? (await pickLosses());
    if (!losses || losses.length < 2 || losses.length > 4) {
      return needsInput('Siamese Lens: choose two to four losses to compare.');
    }

    const name = path.basename(file.fsPath);
    const trainings = losses.map((loss) => {
      const config = readTrainConfig(file, loss);
      if (args.epochs !== undefined) config.epochs = args.epochs;
      const bundleDir = defaultBundleDir(file, loss);
      const job = { kind: 'train' as const, file: file.fsPath, label, ignore: args.ignore ?? [] };
      return jobs.run(
        `training ${loss} on ${name}`,
        { ...job, config, bundleDir },
        { token: args.token },
      );
    });
    const trained = await Promise.all(trainings);
    if (trained.some((result) => !result)) return { status: 'cancelled' };
    const results = trained as TrainResult[];

    const embedded = await Promise.all(
      results.map((result) =>
        jobs.run(
          `embedding ${name} with ${path.basename(result.bundle)}`,
          {
            kind: 'embed',
            file: file.fsPath,
            bundleDir: result.bundle,
            out: path.join(result.bundle, 'training.embeddings.csv'),
          },
          { token: args.token },
        ),
      ),
    );
    if (embedded.some((result) => !result)) return { status: 'cancelled' };

    views.show(
      (embedded as ClusterResult[]).map((result, i) => ({
        result,
        bundle: results[i].bundle,
        title: `${losses[i]} loss`,
      })),
    );
    return { status: 'done', bundles: results.map((result) => result.bundle), results };
  } catch (error) {
    return { status: 'failed', message: reportFailure(log, 'Comparing losses', error) };
  }
}
