import * as vscode from 'vscode';

import { createApi, SiameseLensApi } from './api';
import { CompareArgs, compareCommand } from './commands/compare';
import { EmbedArgs, embedCommand } from './commands/embed';
import { ExportProjectorArgs, exportProjectorCommand } from './commands/exportProjector';
import { inspectCommand } from './commands/inspect';
import { loadModelCommand } from './commands/loadModel';
import { TrainArgs, trainCommand } from './commands/train';
import { CurrentModel } from './currentModel';
import { createJobRunner } from './jobs';
import { Services } from './services';
import { createViewOpener } from './views';

/**
 * Registers the commands, the status bar item and the cluster view's serializer, and returns the
 * API other extensions see.
 */
export function activate(context: vscode.ExtensionContext): SiameseLensApi {
  const log = vscode.window.createOutputChannel('Siamese Lens', { log: true });
  const model = new CurrentModel(context.workspaceState);
  const jobs = createJobRunner(log, context.extensionPath);
  const views = createViewOpener(context, log, jobs);
  const services: Services = { context, log, jobs, model, views };

  const commands: Record<string, (...args: never[]) => unknown> = {
    'siameseLens.train': (uri?: vscode.Uri, args?: TrainArgs) => trainCommand(services, uri, args),
    'siameseLens.embed': (uri?: vscode.Uri, args?: EmbedArgs) => embedCommand(services, uri, args),
    'siameseLens.inspect': (uri?: vscode.Uri) => inspectCommand(services, uri),
    'siameseLens.loadModel': (uri?: vscode.Uri) => loadModelCommand(services, uri),
    'siameseLens.compare': (uri?: vscode.Uri, args?: CompareArgs) =>
      compareCommand(services, uri, args),
    'siameseLens.exportProjector': (uri?: vscode.Uri, args?: ExportProjectorArgs) =>
      exportProjectorCommand(services, uri, args),
  };
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  context.subscriptions.push(log, model, views, jobs);
  log.info(`Siamese Lens ${context.extension.packageJSON.version} activated`);
  return createApi(jobs);
}

export function deactivate(): void {}
