/**
 * Entry of the cluster view's script: connects to the host, builds the view, routes messages,
 * and exposes read-only helpers for end-to-end tests on `window.__siameseLens`.
 */
import { isToWebview } from '../shared/protocol';
import { ClusterApp } from './app';
import { connectToHost } from './host';
import { installTestHooks } from './testHooks';

function start(): void {
  const host = connectToHost();
  const root = document.getElementById('app') ?? document.body;
  const app = new ClusterApp(root, host);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isToWebview(event.data)) app.handle(event.data);
  });
  installTestHooks(app);
  host.post({ type: 'ready' });
}

start();
