import * as path from 'path';
import * as vscode from 'vscode';

const STATE_KEY = 'siameseLens.currentModel';

/**
 * The model bundle that "Embed CSV" uses, kept in the workspace's state so that it survives a
 * reload, and named in a status bar item whose click loads another.
 */
export class CurrentModel implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    this.item = vscode.window.createStatusBarItem(
      'siameseLens.model',
      vscode.StatusBarAlignment.Left,
    );
    this.item.name = 'Siamese Lens Model';
    this.item.command = 'siameseLens.loadModel';
    this.render();
  }

  /** Absolute path of the current bundle folder, if one was trained or loaded. */
  get bundle(): string | undefined {
    return this.state.get<string>(STATE_KEY);
  }

  async set(bundle: string): Promise<void> {
    await this.state.update(STATE_KEY, bundle);
    this.render();
    this.changed.fire(bundle);
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }

  private render(): void {
    const bundle = this.bundle;
    if (!bundle) {
      this.item.hide();
      return;
    }
    this.item.text = `$(circuit-board) ${path.basename(bundle)}`;
    this.item.tooltip = `Siamese Lens model: ${bundle}\nClick to load another model bundle.`;
    this.item.show();
  }
}
