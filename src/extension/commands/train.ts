import * as path from 'path';
import * as vscode from 'vscode';

import type { EpochReport, LossName } from '../../core/types';
import type { TrainResult } from '../../worker/protocol';
import { reportFailure } from '../jobs';
import { pickCsv, pickLabel, pickLoss } from '../pickers';
import { CommandOutcome, needsInput, Services } from '../services';
import type { LiveTraining } from '../views';
import { readTrainConfig, resolveFolderSetting } from '../settings';

/** Choices a caller may pass instead of answering the quick picks. */
export interface TrainArgs {
  label?: string;
  loss?: LossName;
  ignore?: string[];
  epochs?: number;
  /** Cancels the run as the notification's Cancel button would. */
  token?: vscode.CancellationToken;
  /** Called after each epoch, with that epoch's report. */
  onEpoch?: (report: EpochReport) => void;
  /** Where the bundle goes, instead of the configured model folder. */
  bundleDir?: string;
}

export type TrainOutcome = CommandOutcome<{ bundle: string; result: TrainResult }>;

/** "Train Siamese Network": a CSV in, a model bundle out, and the cluster view on its records. */
export async function trainCommand(
  services: Services,
  uri?: vscode.Uri,
  args: TrainArgs = {},
): Promise<TrainOutcome> {
  const { jobs, log, model, views } = services;

  const file = await pickCsv(uri, 'to train on', /\.embeddings\.csv$/i);
  if (!file) {
    return needsInput(
      'Siamese Lens: Train needs a labelled CSV file. Right-click a .csv file in the Explorer, ' +
        'or run the command again and pick one.',
    );
  }

  let live: LiveTraining | undefined;
  try {
    const label = args.label ?? (await chooseLabel(services, file));
    if (!label) {
      return needsInput(`Siamese Lens: choose the label column of ${path.basename(file.fsPath)}.`);
    }

    const loss = args.loss ?? (await pickLoss(readTrainConfig(file).loss));
    if (!loss) return needsInput('Siamese Lens: choose a loss to train with.');
    const config = readTrainConfig(file, loss);
    if (args.epochs !== undefined) config.epochs = args.epochs;

    const bundleDir = args.bundleDir ?? defaultBundleDir(file, loss);
    log.info(`Training on ${file.fsPath}, label ${label}, loss ${loss}, ${config.epochs} epochs`);
    live = views.openTraining(file.fsPath, `${path.basename(file.fsPath)}: ${loss}`);

    const result = await jobs.run(
      `training ${loss} on ${path.basename(file.fsPath)}`,
      { kind: 'train', file: file.fsPath, label, ignore: args.ignore ?? [], config, bundleDir },
      {
        token: args.token,
        onEpoch: (report, positions, sample) => {
          live?.onEpoch(report, positions, sample);
          args.onEpoch?.(report);
        },
      },
    );
    if (!result) {
      live.dispose();
      return { status: 'cancelled' };
    }

    result.warnings.forEach((warning) => log.warn(warning));
    log.info(
      `Saved ${result.bundle}: ${result.records} records, ${result.features} features, ` +
        `backend ${result.backend}, ${result.seconds.toFixed(1)} s, final loss ` +
        `${result.finalLoss.toFixed(4)}`,
    );
    await model.set(result.bundle);
    await live.finish(result.bundle);
    return { status: 'done', bundle: result.bundle, result };
  } catch (error) {
    live?.dispose();
    return { status: 'failed', message: reportFailure(log, 'Training', error) };
  }
}

/** Asks the worker for the file's columns, then the user for the label among them. */
export async function chooseLabel(
  services: Services,
  file: vscode.Uri,
): Promise<string | undefined> {
  const inspected = await services.jobs.run(
    `reading the columns of ${path.basename(file.fsPath)}`,
    {
      kind: 'inspect',
      file: file.fsPath,
    },
  );
  if (!inspected) return undefined;
  return pickLabel(file, inspected.columns);
}

/** `<model folder>/<csv name>-<loss>-<timestamp>` in the workspace of `file`. */
export function defaultBundleDir(file: vscode.Uri, loss: string): string {
  const folder = resolveFolderSetting('modelFolder', file, path.join('.siamese-lens', 'models'));
  const name = path.basename(file.fsPath).replace(/\.[^.]+$/, '');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  return path.join(folder, `${name}-${loss}-${stamp}`);
}
