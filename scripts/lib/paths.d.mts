// Types of paths.mjs for the TypeScript end-to-end harness.
export declare const repoRoot: string;
export declare const testHome: string;
export declare const codeServerHome: string;
export declare const resultsRoot: string;
export declare const sharedRoot: string;
export declare const integrationOut: string;
export declare const integrationEntry: string;
export declare function ensureDir(folder: string): string;
export declare function sandboxEnv(
  folder: string,
  extra?: Record<string, string>,
): Record<string, string | undefined>;
export declare function shortTempDir(label: string): string;
