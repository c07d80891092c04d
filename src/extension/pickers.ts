import * as path from 'path';
import * as vscode from 'vscode';

import { LossName } from '../core/types';

/** One column of a CSV as the label picker shows it. */
export interface ColumnChoice {
  name: string;
  kind: string;
  distinct: number;
}

/** A one-line explanation of each loss, shown where the user chooses one. */
export const LOSS_EXPLANATIONS: Record<LossName, string> = {
  lossless: 'Lossless triplet: never reads 0, keeps pulling clusters tight (default)',
  linear: 'Linear lossless: d(a,p) - d(a,n) + N, the same bound without the log',
  triplet: 'FaceNet triplet: max(d(a,p) - d(a,n) + alpha, 0), stops once a margin is met',
  contrastive: 'Contrastive: pulls same-state pairs together, pushes others past a margin',
};

/**
 * The CSV a command works on: the right-clicked file, else the active editor's CSV, else one the
 * user picks from the workspace's CSV files. `undefined` when the user picks none.
 */
export async function pickCsv(
  uri: vscode.Uri | undefined,
  purpose: string,
  exclude?: RegExp,
): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) return uri;

  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && active.fsPath.toLowerCase().endsWith('.csv')) {
    if (!exclude?.test(active.fsPath)) return active;
  }

  const found = await vscode.workspace.findFiles('**/*.csv', '**/node_modules/**', 500);
  const candidates = found.filter((file) => !exclude?.test(file.fsPath));
  const items = candidates.map((file) => ({
    label: path.basename(file.fsPath),
    description: vscode.workspace.asRelativePath(path.dirname(file.fsPath)),
    uri: file,
  }));
  items.push({ label: '$(folder-opened) Browse...', description: '', uri: undefined as never });

  const picked = await vscode.window.showQuickPick(items, {
    title: `Siamese Lens: choose the CSV ${purpose}`,
    placeHolder: 'CSV files in the workspace',
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;

  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'CSV files': ['csv', 'tsv', 'txt'] },
    title: `Choose the CSV ${purpose}`,
  });
  return chosen?.[0];
}

/** One folder the user picks in the open dialog; `undefined` when they pick none. */
export async function pickFolder(
  title: string,
  openLabel: string,
  near?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: near ? vscode.Uri.file(path.dirname(near.fsPath)) : undefined,
    title,
    openLabel,
  });
  return chosen?.[0];
}

/** The label column, from a list of the file's columns with their distinct counts. */
export async function pickLabel(
  file: vscode.Uri,
  columns: ColumnChoice[],
): Promise<string | undefined> {
  const byFewestValues = [...columns].sort((a, b) => rank(a) - rank(b));
  const items = byFewestValues.map((column) => ({
    label: column.name,
    description: `${column.distinct} distinct · ${column.kind}`,
  }));

  const picked = await vscode.window.showQuickPick(items, {
    title: `Label column of ${path.basename(file.fsPath)}`,
    placeHolder: 'The column that names each record’s state (normal, fault type ...)',
  });
  return picked?.label;
}

/** Likely labels first: categorical columns with few distinct values. */
function rank(column: ColumnChoice): number {
  const categorical = column.kind === 'categorical' ? 0 : 1_000_000;
  return categorical + (column.distinct < 2 ? 500_000 : column.distinct);
}

/** A loss, with the configured one first. */
export async function pickLoss(configured: LossName): Promise<LossName | undefined> {
  const names = Object.keys(LOSS_EXPLANATIONS) as LossName[];
  const ordered = [configured, ...names.filter((name) => name !== configured)];
  const items = ordered.map((name) => ({ label: name, detail: LOSS_EXPLANATIONS[name] }));

  const picked = await vscode.window.showQuickPick(items, { title: 'Loss to train with' });
  return picked?.label as LossName | undefined;
}

/** Two or more losses to compare; the lossless and FaceNet losses are pre-selected. */
export async function pickLosses(): Promise<LossName[] | undefined> {
  const names = Object.keys(LOSS_EXPLANATIONS) as LossName[];
  const items = names.map((name) => ({
    label: name,
    detail: LOSS_EXPLANATIONS[name],
    picked: name === 'lossless' || name === 'triplet',
  }));

  const picked = await vscode.window.showQuickPick(items, {
    title: 'Losses to compare (two to four)',
    canPickMany: true,
  });
  return picked?.map((item) => item.label as LossName);
}
