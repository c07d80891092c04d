/** The cluster view's HTML page: a strict content security policy and a fresh nonce per load. */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/** A nonce for the one script tag; new for every page, so an injected script cannot guess it. */
function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * Scripts run only with the nonce (no inline handlers, no eval), styles and images come only
 * from the extension, and nothing is fetched from the network.
 */
export function clusterViewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = createNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'cluster.css'));
  const policy = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');

  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${policy}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>Cluster view</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
