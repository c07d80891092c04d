// Types of provision.mjs for the TypeScript end-to-end harness.
export interface Provisioned {
  codeServerVersion: string;
  vscodeVersion: string;
  /** code-server's entry script, run with this Node. */
  codeServer: string;
  installedAt: string;
  chromium: string;
  ripgrep: string;
}

export declare const CODE_SERVER_VERSION: string;
export declare function provision(): Promise<Provisioned>;
