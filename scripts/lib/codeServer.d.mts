// Types of codeServer.mjs for the TypeScript end-to-end harness.
export interface CodeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, the remote authority of vscode-remote URIs. */
  authority: string;
  port: number;
  pid: number;
  runDir: string;
  /** The folder the workbench opens. */
  folder: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  runDir: string;
  folder: string;
  env?: Record<string, string>;
  vsix?: string[];
  /** Defaults to a free port. */
  port?: number;
}

export declare function newRunFolder(label: string): string;
export declare function freePort(): Promise<number>;
export declare function startCodeServer(options: StartOptions): Promise<CodeServer>;
