/** The webview's side of the channel to the extension host. */
import type { FromWebview, SavedViewState } from '../shared/protocol';

/** What VS Code gives a webview script, once, through `acquireVsCodeApi`. */
interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): WebviewApi;

/** Typed access to the host: messages out, and the state that survives a reload. */
export interface Host {
  post(message: FromWebview): void;
  savedState(): SavedViewState | undefined;
  saveState(state: SavedViewState): void;
}

export function connectToHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => (api.getState() as SavedViewState | null) ?? undefined,
    saveState: (state) => api.setState(state),
  };
}
