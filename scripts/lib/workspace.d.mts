// Types of workspace.mjs for the TypeScript end-to-end harness.
export interface TestWorkspace {
  folder: string;
  cellKpis: string;
  nslKdd: string;
  /** `cli` when dist/cli.js generated cell-kpis.csv, `fallback` otherwise. */
  cellKpisSource: 'cli' | 'fallback';
}

export declare const CELL_KPI_RECORDS: number;
export declare const CELL_KPI_SEED: number;
export declare const NSL_KDD_RECORDS: number;
export declare function createWorkspace(folder: string): Promise<TestWorkspace>;
export declare function writeCellKpis(
  file: string,
  records?: number,
  seed?: number,
): Promise<'cli' | 'fallback'>;
