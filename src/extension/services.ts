import * as vscode from 'vscode';

import type { CurrentModel } from './currentModel';
import type { JobRunner } from './jobs';
import type { ViewOpener } from './views';

/** What every command is given: the extension's long-lived parts. */
export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  jobs: JobRunner;
  model: CurrentModel;
  views: ViewOpener;
}

/**
 * What a command reports back to its caller (tests, other commands): what it did, or the message
 * it showed the user when it could not go on.
 */
export type CommandOutcome<T> =
  | ({ status: 'done' } & T)
  | { status: 'cancelled' }
  | { status: 'needs-input'; message: string }
  | { status: 'failed'; message: string };

/** Tells the user what the command needs, and returns that as the outcome. */
export function needsInput<T>(message: string): CommandOutcome<T> {
  void vscode.window.showWarningMessage(message);
  return { status: 'needs-input', message };
}
