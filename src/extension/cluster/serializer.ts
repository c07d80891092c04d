/** Brings cluster views back after "Developer: Reload Window" with the same data and camera. */
import * as vscode from 'vscode';

import { isSavedViewState, type SavedViewState } from '../../shared/protocol';
import { CLUSTER_VIEW_TYPE, ClusterPanel } from './ClusterPanel';
import type { ClusterViewInput } from './requests';

/**
 * Registers the serializer for `siameseLens.clusterView`. `reopen` loads the data again from
 * the saved restore key; it must check the paths there itself (they came back through the
 * webview), and returns undefined when the data is gone, which closes the panel.
 */
export function registerClusterViewSerializer(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  reopen: (saved: SavedViewState) => Promise<ClusterViewInput[] | undefined>,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(CLUSTER_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const saved: SavedViewState = isSavedViewState(state) ? state : {};
      let views: ClusterViewInput[] | undefined;
      try {
        views = await reopen(saved);
      } catch (error) {
        log.error(`Cluster view: could not reopen after reload: ${String(error)}`);
      }

      if (!views || views.length === 0) {
        log.info('Cluster view: the data shown before the reload is gone; closing the view.');
        panel.dispose();
        return;
      }
      ClusterPanel.revive(panel, context, log, views, saved);
    },
  });
}
