/** What the host benchmarks share: the workspace, the extension's API and its commands. */
import * as vm from 'vm';
import * as v8 from 'v8';
import * as vscode from 'vscode';

import type { SiameseLensApi } from '../../../src/extension/api';
import type { EmbedArgs, EmbedOutcome } from '../../../src/extension/commands/embed';
import type { TrainArgs, TrainOutcome } from '../../../src/extension/commands/train';

const EXTENSION_ID = 'siamese-lens.siamese-lens';

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The benchmark workspace is not open.');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function extensionApi(): Promise<SiameseLensApi> {
  const extension = vscode.extensions.getExtension<SiameseLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host.`);
  return extension.activate();
}

/** Runs "Train Siamese Network" and insists that it finished. */
export async function train(file: vscode.Uri, args: TrainArgs): Promise<string> {
  const outcome = await vscode.commands.executeCommand<TrainOutcome>(
    'siameseLens.train',
    file,
    args,
  );
  if (outcome.status !== 'done') throw new Error(`Training ended ${JSON.stringify(outcome)}`);
  return outcome.bundle;
}

/** Runs "Embed CSV" and insists that it finished. */
export async function embed(file: vscode.Uri, args: EmbedArgs): Promise<string> {
  const outcome = await vscode.commands.executeCommand<EmbedOutcome>(
    'siameseLens.embed',
    file,
    args,
  );
  if (outcome.status !== 'done') throw new Error(`Embedding ended ${JSON.stringify(outcome)}`);
  return outcome.out;
}

export async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * V8's full garbage collection, so that heap figures compare live objects rather than garbage
 * that happens to be uncollected; undefined when the flag cannot be set in this host.
 */
export function garbageCollector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const collect: unknown = vm.runInNewContext('gc');
    return typeof collect === 'function' ? () => (collect as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
