// Types of browser.mjs for the TypeScript end-to-end harness.
import type { BrowserContext, Page } from 'playwright-core';
import type { CodeServer } from './codeServer.mjs';

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface RemoteUri {
  scheme: 'vscode-remote';
  authority: string;
  path: string;
}

export interface DevelopmentOptions {
  extensions: RemoteUri[];
  extensionTestsPath?: RemoteUri;
}

export declare const CHROMIUM: string;
export declare function launchBrowser(options: {
  runDir: string;
  viewport?: { width: number; height: number };
}): Promise<Browser>;
export declare function developmentOptions(
  server: CodeServer,
  paths: { extensionPath: string; testsPath?: string },
): DevelopmentOptions;
export declare function openWorkbench(
  page: Page,
  server: CodeServer,
  options?: { development?: DevelopmentOptions; timeoutMs?: number },
): Promise<void>;
