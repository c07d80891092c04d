import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

import { RecordIndex } from '../core/dataset';
import type { ClusterData, EpochReport } from '../core/types';
import type { RestoreKey, SavedViewState } from '../shared/protocol';
import type { ClusterResult, EmbedSummary } from '../worker/protocol';
import { ClusterPanel, registerClusterViewSerializer } from './cluster';
import type { ClusterViewInput, RecordSource } from './cluster';
import type { JobRunner } from './jobs';
import { isInside } from '../core/folders';

/** One scene to show: an embedding job's result and the model that made it. */
export interface ShownResult {
  result: ClusterResult;
  bundle?: string;
  title?: string;
}

/** The cluster view of one training run while it trains, then of its records once it is done. */
export interface LiveTraining {
  onEpoch(report: EpochReport, positions?: Float32Array, sample?: Int32Array): void;
  /** Embeds the training file with the finished bundle and shows it in the same view. */
  finish(bundle: string): Promise<void>;
  dispose(): void;
}

/** Opens cluster views, and brings them back after a window reload. */
export interface ViewOpener extends vscode.Disposable {
  show(results: ShownResult[]): ClusterPanel;
  openTraining(sourceFile: string, title: string): LiveTraining;
}

/** Embeddings files and model bundles the user opened, which a reloaded view may use again. */
const SHOWN_KEY = 'siameseLens.shownEmbeddings';
const MAX_REMEMBERED = 50;

export function createViewOpener(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  jobs: JobRunner,
): ViewOpener {
  const shownFiles = new Set<string>(context.workspaceState.get<string[]>(SHOWN_KEY, []));
  const remember = (file: string): void => {
    shownFiles.add(file);
    void context.workspaceState.update(SHOWN_KEY, [...shownFiles].slice(-MAX_REMEMBERED));
  };

  const show = (results: ShownResult[], panel?: ClusterPanel): ClusterPanel => {
    const inputs = results.map(toInput);
    for (const { result, bundle } of results) {
      remember(result.summary.out);
      if (bundle) remember(bundle);
    }
    const state: SavedViewState = { restore: restoreKey(results) };
    if (panel) {
      panel.update(inputs, state);
      panel.reveal();
      return panel;
    }
    return ClusterPanel.show(context, log, inputs, state);
  };

  const reopen = async (saved: SavedViewState): Promise<ClusterViewInput[] | undefined> => {
    const files = saved.restore?.embeddings;
    if (!Array.isArray(files) || files.length === 0) return undefined;

    const inputs: ClusterViewInput[] = [];
    for (const file of files) {
      if (!mayReopen(file, shownFiles)) {
        log.warn(`Cluster view: refused to reopen ${file}: it is outside the workspace.`);
        return undefined;
      }
      const result = await jobs.run(`reopening ${path.basename(file)}`, {
        kind: 'loadEmbeddings',
        embeddingsFile: file,
      });
      if (!result) return undefined;
      const bundles = saved.restore?.bundles;
      const bundle = Array.isArray(bundles) ? bundles[inputs.length] : undefined;
      const trusted = bundle && mayReopen(bundle, shownFiles) ? bundle : undefined;
      const titles = saved.restore?.titles;
      const title = Array.isArray(titles) ? titles[inputs.length] : undefined;
      const input = toInput({ result, bundle: trusted, title: title || undefined });
      inputs.push({ ...input, curves: trusted ? await readCurves(trusted) : undefined });
    }
    return inputs;
  };
  const serializer = registerClusterViewSerializer(context, log, reopen);

  return {
    show: (results) => show(results),
    openTraining: (sourceFile, title) => openTraining(sourceFile, title),
    dispose: () => serializer.dispose(),
  };

  function openTraining(sourceFile: string, title: string): LiveTraining {
    let panel: ClusterPanel | undefined;
    let closedByUser = false;
    let last: EpochReport | undefined;
    const loss: number[] = [];
    const validationLoss: number[] = [];

    return {
      onEpoch(report, positions, sample) {
        last = report;
        loss.push(report.loss);
        validationLoss.push(report.validationLoss);
        if (!positions || closedByUser) return;
        if (!panel) {
          panel = ClusterPanel.show(context, log, [
            livePoints(sourceFile, title, positions, sample),
          ]);
          // Closing the view lets training go on unseen; the finished model opens a new view.
          panel.onDidDispose(() => {
            panel = undefined;
            closedByUser = true;
          });
        }
        panel.postTrainingEpoch(0, report.epoch, positions, [...loss], [...validationLoss]);
      },
      async finish(bundle) {
        const result = await jobs.run(`embedding ${path.basename(sourceFile)}`, {
          kind: 'embed',
          file: sourceFile,
          bundleDir: bundle,
          out: path.join(bundle, 'training.embeddings.csv'),
        });
        if (!result) return;
        const shown = show([{ result, bundle, title }], panel);
        shown.postTrainingEpoch(0, loss.length, result.cluster.positions, loss, validationLoss);
        if (last) shown.postMetrics(0, trainingFigures(last, result.summary));
      },
      dispose() {
        panel?.dispose();
      },
    };
  }
}

/** A result's data and its source CSV's records, as the panel takes them. */
function toInput({ result, title, bundle }: ShownResult): ClusterViewInput {
  const data: ClusterData = title ? { ...result.cluster, title } : result.cluster;
  return { data, source: RecordIndex.fromTransfer(result.index), bundle };
}

/** What the view keeps to load the same data again after a reload. */
function restoreKey(results: ShownResult[]): RestoreKey {
  return {
    embeddings: results.map(({ result }) => result.summary.out),
    bundles: results.map(({ bundle }) => bundle ?? ''),
    titles: results.map(({ title }) => title ?? ''),
  };
}

/** A path that came back through the webview: only files in the workspace or shown before. */
function mayReopen(file: string, shownFiles: Set<string>): boolean {
  if (typeof file !== 'string' || !path.isAbsolute(file)) return false;
  if (shownFiles.has(file)) return true;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.some((folder) => isInside(path.normalize(file), folder.uri.fsPath));
}

/** The training sample's points while the model trains; records are readable once it is done. */
function livePoints(
  sourceFile: string,
  title: string,
  positions: Float32Array,
  sample: Int32Array | undefined,
): ClusterViewInput {
  const count = positions.length / 3;
  const records = sample ?? Int32Array.from({ length: count }, (_, i) => i);
  const source: RecordSource = {
    file: sourceFile,
    header: [],
    readFields: () => Promise.reject(new Error('Records can be read once training has finished.')),
    lineOf: () => 0,
  };
  const data: ClusterData = {
    title,
    sourceFile,
    count,
    positions: positions.slice(),
    dims: 3,
    embeddings: positions.slice(),
    labels: new Int32Array(count).fill(-1),
    labelNames: [],
    records,
  };
  return { data, source };
}

/** The figures the view shows under a model that has just finished training. */
function trainingFigures(last: EpochReport, summary: EmbedSummary): Record<string, number> {
  return {
    epochs: last.epoch,
    'final loss': last.loss,
    'validation loss': last.validationLoss,
    'zero-hinge share': last.zeroHingeShare,
    'triplets/s': Math.round(last.tripletsPerSecond),
    records: summary.records,
    'novel records': summary.novel,
  };
}

/** The loss curves in a bundle's training report; none when it cannot be read. */
async function readCurves(bundle: string): Promise<ClusterViewInput['curves']> {
  try {
    const report = JSON.parse(await fs.readFile(path.join(bundle, 'report.json'), 'utf8'));
    const history: Partial<EpochReport>[] = Array.isArray(report.history) ? report.history : [];
    const value = (number: unknown): number => (typeof number === 'number' ? number : Number.NaN);
    return {
      loss: history.map((epoch) => value(epoch.loss)),
      validationLoss: history.map((epoch) => value(epoch.validationLoss)),
    };
  } catch {
    return undefined;
  }
}
