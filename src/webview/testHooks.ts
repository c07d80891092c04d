/** Read-only helpers for end-to-end tests and benchmarks; they change nothing in the view. */
import type { CameraState } from '../shared/protocol';
import type { ClusterApp } from './app';

export interface TestHooks {
  /** Where a point appears, in CSS pixels relative to its pane's canvas. */
  screenPositionOf(pointIndex: number, view?: number): { x: number; y: number } | undefined;
  /** The picked point and the size of the box selection. */
  selected(): { view: number; index: number; record: number; selection: number }[];
  /** Frames drawn so far, over all panes. */
  frames(): number;
  camera(): CameraState | undefined;
  views(): number;
  /** Epochs on the training loss curve drawn under a pane. */
  lossEpochs(view?: number): number;
}

declare global {
  interface Window {
    __siameseLens?: TestHooks;
  }
}

export function installTestHooks(app: ClusterApp): void {
  const hooks: TestHooks = {
    screenPositionOf: (pointIndex, view = 0) => {
      const screen = app.panes[view]?.scene.screenPositionOf(pointIndex);
      return screen && { x: screen.x, y: screen.y };
    },
    selected: () =>
      app.panes.map((pane) => ({
        view: pane.index,
        index: pane.picked,
        record: pane.picked >= 0 ? pane.data.records[pane.picked] : -1,
        selection: pane.selection.length,
      })),
    frames: () => app.panes.reduce((sum, pane) => sum + pane.scene.frames(), 0),
    camera: () => app.panes[0]?.scene.cameraState(),
    views: () => app.panes.length,
    lossEpochs: (view = 0) => app.panes[view]?.data.loss.length ?? 0,
  };
  Object.defineProperty(window, '__siameseLens', { value: Object.freeze(hooks) });
}
