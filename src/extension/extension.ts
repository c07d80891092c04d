import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Siamese Lens', { log: true });
  context.subscriptions.push(log);
  log.info('Siamese Lens activated');
}

export function deactivate(): void {}
