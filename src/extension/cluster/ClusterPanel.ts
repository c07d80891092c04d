/**
 * The cluster view's panel on the host side: creates or revives the webview, sends it the data,
 * validates what comes back, and forwards training progress while a model trains.
 */
import * as vscode from 'vscode';

import type { ClusterData } from '../../core/types';
import {
  isFromWebview,
  MAX_VIEWS,
  type SavedViewState,
  type ToWebview,
  type ViewData,
} from '../../shared/protocol';
import { clusterViewHtml } from './html';
import { ClusterRequests, type ClusterViewInput } from './requests';

export const CLUSTER_VIEW_TYPE = 'siameseLens.clusterView';

/** A record the user picked in the view. */
export interface PickedRecord {
  view: number;
  index: number;
  record: number;
}

/** The numbers the webview gets of a view (full embeddings stay here for neighbours). */
function toViewData(input: ClusterViewInput, loss: number[], validationLoss: number[]): ViewData {
  const { data, source } = input;
  const projected = data.dims > 3;
  return {
    title: data.title,
    count: data.count,
    positions: data.positions,
    axisNames: projected ? ['PC1', 'PC2', 'PC3'] : ['e1', 'e2', 'e3'],
    labels: data.labels,
    labelNames: data.labelNames,
    predicted: data.predicted,
    predictedNames: data.predictedNames,
    novel: data.novel,
    records: data.records,
    columns: source.header,
    loss,
    validationLoss,
    metrics: {},
  };
}

export class ClusterPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  private readonly pickEmitter = new vscode.EventEmitter<PickedRecord>();
  private readonly requests: ClusterRequests;
  private views: ViewData[] = [];
  private inputs: ClusterViewInput[] = [];
  private ready = false;
  private disposed = false;
  private queued: ToWebview[] = [];

  /** Fires once when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;
  /** Fires when the user picks a point. */
  readonly onDidPickRecord = this.pickEmitter.event;

  /**
   * Opens a new cluster view with 1..4 scenes side by side.
   *
   * @param state what to keep for a reload, e.g. `{ restore: { modelDir, csv } }`; after a
   *   reload the serializer hands it to `reopen`.
   */
  static show(
    context: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
    views: ClusterViewInput[],
    state?: SavedViewState,
  ): ClusterPanel {
    const title = views.length === 1 ? views[0].data.title : `Compare ${views.length} models`;
    const panel = vscode.window.createWebviewPanel(
      CLUSTER_VIEW_TYPE,
      title,
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    return new ClusterPanel(panel, context, log, views, state);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
    views: ClusterViewInput[],
    state: SavedViewState,
  ): ClusterPanel {
    panel.webview.options = webviewOptions(context.extensionUri);
    return new ClusterPanel(panel, context, log, views, state);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    views: ClusterViewInput[],
    private state?: SavedViewState,
  ) {
    this.requests = new ClusterRequests(
      () => this.inputs,
      (message) => this.post(message),
      log,
    );
    this.setViews(views);

    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
    panel.webview.html = clusterViewHtml(panel.webview, context.extensionUri);
  }

  /** Replaces what the panel shows. */
  update(views: ClusterViewInput[], state?: SavedViewState): void {
    if (state) this.state = state;
    this.setViews(views);
    if (this.ready) this.sendShow();
  }

  /** One finished epoch of view `view`: new `[count, 3]` positions and the losses so far. */
  postTrainingEpoch(
    view: number,
    epoch: number,
    positions: Float32Array,
    loss: number[],
    validationLoss: number[],
  ): void {
    const shown = this.views[view];
    if (!shown || positions.length !== shown.count * 3) {
      this.log.warn(`Cluster view: epoch ${epoch} positions do not fit view ${view}.`);
      return;
    }
    // Kept so that a webview reloaded while hidden shows the latest state.
    shown.positions = positions;
    shown.loss = loss;
    shown.validationLoss = validationLoss;
    this.post({ type: 'trainingEpoch', view, epoch, positions, loss, validationLoss });
  }

  /** The training report's figures for view `view`. */
  postMetrics(view: number, metrics: Record<string, number>): void {
    const shown = this.views[view];
    if (!shown) return;
    shown.metrics = metrics;
    this.post({ type: 'metrics', view, metrics });
  }

  /** Brings the panel to the front. */
  reveal(): void {
    this.panel.reveal();
  }

  private setViews(views: ClusterViewInput[]): void {
    if (views.length < 1 || views.length > MAX_VIEWS) {
      throw new RangeError(`The cluster view shows 1 to ${MAX_VIEWS} views, not ${views.length}.`);
    }
    this.inputs = views;
    this.views = views.map((input) =>
      toViewData(input, input.curves?.loss ?? [], input.curves?.validationLoss ?? []),
    );
  }

  private sendShow(): void {
    this.post({ type: 'show', views: this.views, state: this.state });
  }

  /** Messages wait until the webview says it is ready; `show` goes first. */
  private post(message: ToWebview): void {
    if (!this.ready) {
      this.queued.push(message);
      return;
    }
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isFromWebview(message)) {
      this.log.warn('Cluster view: dropped a malformed message from the webview.');
      return;
    }

    if (message.type === 'ready') {
      // A reloaded webview starts empty: send everything again, then what queued meanwhile.
      this.ready = true;
      this.sendShow();
      const queued = this.queued.filter((item) => item.type !== 'trainingEpoch');
      this.queued = [];
      for (const item of queued) this.post(item);
      return;
    }

    if (message.type === 'pickRecord') {
      const input = this.inputs[message.view];
      const record = input?.data.records[message.index];
      if (record !== undefined) this.pickEmitter.fire({ ...message, record });
    }
    void this.requests.handle(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.disposeEmitter.dispose();
    this.pickEmitter.dispose();
  }
}

/** Scripts on; the page may load only the extension's bundle and stylesheet. */
function webviewOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

export type { ClusterData, ClusterViewInput };
