// Types of package.mjs for the TypeScript end-to-end tests.
export interface BuiltVsix {
  file: string;
  bytes: number;
  /** Packaged files, relative to the repository. */
  files: string[];
}

export declare const MAX_VSIX_BYTES: number;
export declare function buildVsix(options?: { out?: string; quiet?: boolean }): Promise<BuiltVsix>;
