/**
 * Answers the cluster view's requests. The webview names points by view and index only; files,
 * lines and records are resolved here from the data the host holds.
 */
import * as path from 'path';
import * as vscode from 'vscode';

import type { ClusterData } from '../../core/types';
import { CancelledError } from '../../core/errors';
import type { FromWebview, Neighbour, ToWebview } from '../../shared/protocol';
import { addFaultClass } from './addClass';
import { exportRecords } from './csvExport';
import {
  FilterSyntaxError,
  columnsOf,
  evaluateFilter,
  parseFilterQuery,
  type FilterContext,
} from './filterQuery';
import { nearestNeighbours } from './neighbours';
import { readColumnNumbers, readColumnText, type RecordSource } from './recordSource';

/** Neighbours listed for a picked record. */
const NEIGHBOURS = 10;

/** One scene's data and where its records are read from. */
export interface ClusterViewInput {
  data: ClusterData;
  source: RecordSource;
  /** The model bundle that made the embeddings, which "Add as new fault class" extends. */
  bundle?: string;
  /** The model's loss curves, one value per epoch, drawn under the scene. */
  curves?: { loss: number[]; validationLoss: number[] };
}

export class ClusterRequests {
  constructor(
    private readonly views: () => ClusterViewInput[],
    private readonly post: (message: ToWebview) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Handles a validated message; problems go to the log and to the view as a notice. */
  async handle(message: Exclude<FromWebview, { type: 'ready' }>): Promise<void> {
    const input = this.views()[message.view];
    if (!input) return this.reject(message, 'there is no such view');

    try {
      switch (message.type) {
        case 'pickRecord':
          return await this.pickRecord(input, message.view, this.checkIndex(input, message.index));
        case 'openRecord':
          return await this.openRecord(input, this.checkIndex(input, message.index));
        case 'requestColumn':
          return await this.sendColumn(input, message.view, message.name);
        case 'filter':
          return await this.filter(input, message.view, message.query);
        case 'exportSelection':
          return await this.exportSelection(input, message.indices);
        case 'addClass':
          message.indices.forEach((index) => this.checkIndex(input, index));
          await addFaultClass(input, message.indices, this.log);
          return;
      }
    } catch (error) {
      if (error instanceof CancelledError) return;
      const text = error instanceof Error ? error.message : String(error);
      this.log.error(`Cluster view: ${message.type} failed: ${text}`);
      this.post({ type: 'notice', view: message.view, message: text });
    }
  }

  private reject(message: FromWebview, reason: string): void {
    this.log.warn(`Cluster view: dropped ${message.type}: ${reason}`);
  }

  private checkIndex(input: ClusterViewInput, index: number): number {
    if (index >= input.data.count) throw new RangeError(`Point ${index} is not in this view.`);
    return index;
  }

  private async pickRecord(input: ClusterViewInput, view: number, index: number): Promise<void> {
    const { data, source } = input;
    const record = data.records[index];
    const fields = await source.readFields(record);
    const embedding = data.embeddings.slice(index * data.dims, (index + 1) * data.dims);

    const neighbours: Neighbour[] = nearestNeighbours(
      data.embeddings,
      data.dims,
      index,
      NEIGHBOURS,
    ).map((hit) => ({
      index: hit.index,
      record: data.records[hit.index],
      label: data.labelNames[data.labels[hit.index]] ?? '',
      distance: hit.distance,
    }));
    this.post({
      type: 'record',
      view,
      index,
      record,
      line: source.lineOf(record),
      header: source.header,
      fields,
      embedding,
      neighbours,
    });
  }

  private async openRecord(input: ClusterViewInput, index: number): Promise<void> {
    const line = Math.max(0, input.source.lineOf(input.data.records[index]) - 1);
    const position = new vscode.Position(line, 0);
    // Beside the view: in its own group the editor would hide the view, which VS Code then
    // drops with its picked point.
    await vscode.window.showTextDocument(vscode.Uri.file(input.source.file), {
      selection: new vscode.Range(position, position),
      preview: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }

  private async sendColumn(input: ClusterViewInput, view: number, name: string): Promise<void> {
    const column = input.source.header.indexOf(name);
    if (column < 0) throw new FilterSyntaxError(`There is no column named "${name}".`);

    const values = await readColumnNumbers(input.source, column, input.data.records);
    this.post({ type: 'column', view, name, values });
  }

  private async filter(input: ClusterViewInput, view: number, query: string): Promise<void> {
    const { data, source } = input;
    const terms = parseFilterQuery(query, source.header);
    const context: FilterContext = {
      count: data.count,
      labels: data.labels,
      labelNames: data.labelNames,
      predicted: data.predicted,
      predictedNames: data.predictedNames,
      columnText: new Map(),
    };
    for (const column of columnsOf(terms)) {
      context.columnText.set(column, await readColumnText(source, column, data.records));
    }
    this.post({ type: 'filterResult', view, query, mask: evaluateFilter(terms, context) });
  }

  private async exportSelection(input: ClusterViewInput, indices: Uint32Array): Promise<void> {
    const { data, source } = input;
    const records = new Int32Array(indices.length);
    indices.forEach((index, at) => (records[at] = data.records[this.checkIndex(input, index)]));

    const folder = path.dirname(source.file);
    const suggested = `${path.basename(source.file, path.extname(source.file))}-selection.csv`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(folder, suggested)),
      filters: { CSV: ['csv'] },
      saveLabel: 'Export selection',
    });
    if (!target) return;
    if (path.resolve(target.fsPath) === path.resolve(source.file)) {
      throw new Error('The selection cannot replace the file its records come from.');
    }

    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Exporting ${records.length.toLocaleString()} records`,
        cancellable: true,
      },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        await exportRecords(source, records, target.fsPath, abort.signal, (share) => {
          progress.report({ increment: (share - reported) * 100 });
          reported = share;
        });
      },
    );
    this.log.info(`Cluster view: exported ${records.length} records to ${target.fsPath}`);
  }
}
