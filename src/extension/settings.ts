import * as path from 'path';
import * as vscode from 'vscode';

import { resolveConfiguredFolder } from '../core/folders';
import { DEFAULT_TRAIN_CONFIG, LossName, TrainConfig } from '../core/types';

const SECTION = 'siameseLens';

/** The margin a loss uses when the setting is empty: FaceNet's alpha 0.2, contrastive 1. */
const DEFAULT_MARGIN: Record<LossName, number> = {
  lossless: 0.2,
  linear: 0.2,
  triplet: 0.2,
  contrastive: 1,
};

/**
 * The training configuration from the user's settings, for the folder holding `resource`;
 * `loss` replaces the configured loss (and so the default margin).
 */
export function readTrainConfig(resource?: vscode.Uri, loss?: LossName): TrainConfig {
  const settings = vscode.workspace.getConfiguration(SECTION, resource);
  const defaults = DEFAULT_TRAIN_CONFIG;
  const beta = settings.get<number | null>('beta', null);
  const margin = settings.get<number | null>('margin', null);
  const chosenLoss = loss ?? settings.get<LossName>('loss', defaults.loss);

  return {
    loss: chosenLoss,
    dims: settings.get<number>('dims', defaults.dims),
    hidden: settings.get<number[]>('hiddenLayers', defaults.hidden),
    epochs: settings.get<number>('epochs', defaults.epochs),
    batchSize: settings.get<number>('batchSize', defaults.batchSize),
    learningRate: settings.get<number>('learningRate', defaults.learningRate),
    mining: settings.get<TrainConfig['mining']>('mining', defaults.mining),
    margin: typeof margin === 'number' ? margin : DEFAULT_MARGIN[chosenLoss],
    beta: typeof beta === 'number' ? beta : undefined,
    seed: settings.get<number>('seed', defaults.seed),
    validationSplit: settings.get<number>('validationSplit', defaults.validationSplit),
    patience: settings.get<number>('patience', defaults.patience),
    backend: settings.get<TrainConfig['backend']>('backend', defaults.backend),
  };
}

/**
 * The folder a setting names, resolved against the workspace folder of `resource`; in an
 * untrusted workspace a value that leads outside the workspace folder is ignored.
 */
export function resolveFolderSetting(
  key: 'modelFolder' | 'outputFolder',
  resource: vscode.Uri,
  fallback: string,
): string {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(resource);
  const base = workspaceFolder?.uri.fsPath ?? path.dirname(resource.fsPath);
  const configured = vscode.workspace.getConfiguration(SECTION, resource).get<string>(key, '');
  return resolveConfiguredFolder(base, configured, fallback, vscode.workspace.isTrusted);
}
