/**
 * The cluster view as a whole: up to four panes with one shared camera, the toolbar, the record
 * panel, and the answers to host messages.
 */
import type {
  CameraState,
  ColourBy,
  SavedViewState,
  ToWebview,
  ViewData,
} from '../shared/protocol';
import type { Host } from './host';
import { isLabelOnly, labelMask } from './labelFilter';
import { RecordPanel } from './recordPanel';
import { currentTheme } from './theme';
import { Toolbar } from './toolbar';
import { ViewPane } from './viewPane';

/** Camera moves are saved at most this often (ms), not on every drag event. */
const SAVE_DELAY = 300;

export class ClusterApp {
  panes: ViewPane[] = [];
  private readonly toolbar: Toolbar;
  private readonly recordPanel: RecordPanel;
  private readonly paneRow: HTMLElement;
  private state: SavedViewState = {};
  private colourBy: ColourBy = { kind: 'label' };
  private query = '';
  private selectionView = -1;
  private picked?: { view: number; index: number };
  private saveTimer?: ReturnType<typeof setTimeout>;
  private readonly columns = new Map<string, Float32Array>();

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    const bar = element('div', 'toolbar');
    const main = element('div', 'main');
    this.paneRow = element('div', 'panes');
    const side = element('aside', 'record-panel');
    main.append(this.paneRow, side);
    root.append(bar, main);

    this.toolbar = new Toolbar(bar, {
      colourBy: (colourBy) => this.setColourBy(colourBy),
      filter: (query) => this.filter(query),
      exportSelection: () => this.exportSelection(),
      clearSelection: () => this.select(-1, new Uint32Array(0)),
      addClass: () => this.addClass(),
    });
    this.recordPanel = new RecordPanel(side, {
      openInEditor: (view, index) => this.host.post({ type: 'openRecord', view, index }),
      selectNeighbour: (view, index) => this.pick(view, index),
    });

    new MutationObserver(() => this.applyTheme()).observe(document.body, {
      attributes: true,
      attributeFilter: ['class'],
    });
  }

  /** Handles one message from the host. */
  handle(message: ToWebview): void {
    switch (message.type) {
      case 'show':
        return this.show(message.views, message.state);
      case 'record':
        return this.recordPanel.show(message);
      case 'column':
        return this.columnArrived(message.view, message.name, message.values);
      case 'filterResult':
        if (message.query === this.query) this.panes[message.view]?.setMask(message.mask);
        return this.updateFilterStatus();
      case 'trainingEpoch':
        return this.panes[message.view]?.showEpoch(
          message.positions,
          message.loss,
          message.validationLoss,
        );
      case 'metrics':
        return this.panes[message.view]?.showMetrics(message.metrics);
      case 'notice':
        return this.toolbar.setStatus(message.message);
    }
  }

  /** Replaces the panes; the camera and colouring saved before a reload take precedence. */
  private show(views: ViewData[], state: SavedViewState | undefined): void {
    for (const pane of this.panes) pane.dispose();
    this.columns.clear();
    this.recordPanel.clear();
    this.query = '';
    this.selectionView = -1;
    this.picked = undefined;
    this.toolbar.setPicked(false);

    const saved = this.host.savedState();
    this.state = {
      restore: state?.restore ?? saved?.restore,
      camera: saved?.camera ?? state?.camera,
      colourBy: saved?.colourBy ?? state?.colourBy,
    };
    this.panes = views.map(
      (data, index) =>
        new ViewPane(this.paneRow, index, data, {
          picked: (view, point) => this.pick(view, point),
          boxSelected: (view, indices) => this.select(view, indices),
          cameraMoved: (view) => this.syncCamera(view),
        }),
    );
    this.paneRow.dataset.views = String(views.length);

    if (this.state.camera) for (const pane of this.panes) pane.scene.applyCamera(this.state.camera);
    const columns = views[0]?.columns ?? [];
    const hasPredicted = views.some((view) => view.predicted !== undefined);
    const hasNovelty = views.some((view) => view.novel !== undefined);
    const colourBy = this.state.colourBy ?? { kind: 'label' };
    this.toolbar.setChoices(columns, hasPredicted, hasNovelty, colourBy);
    this.toolbar.setSelectionCount(0);
    this.toolbar.setStatus(
      `${views.map((view) => view.count.toLocaleString()).join(' / ')} points`,
    );
    this.applyTheme();
    this.setColourBy(colourBy);
    this.save();
  }

  /** Picks point `index` of pane `view`, rings the same record in the other panes. */
  pick(view: number, index: number): void {
    const source = this.panes[view];
    if (!source || index < 0) return;

    const record = source.data.records[index];
    for (const pane of this.panes) {
      pane.setPicked(pane === source ? index : pane.indexOfRecord(record));
    }
    this.picked = { view, index };
    this.toolbar.setPicked(true);
    this.host.post({ type: 'pickRecord', view, index });
  }

  /** Makes `indices` of pane `view` the selection; view -1 clears it. */
  private select(view: number, indices: Uint32Array): void {
    this.selectionView = view;
    this.panes.forEach((pane) =>
      pane.setSelection(pane.index === view ? indices : new Uint32Array(0)),
    );
    this.toolbar.setSelectionCount(view >= 0 ? indices.length : 0);
  }

  private exportSelection(): void {
    const pane = this.panes[this.selectionView];
    if (!pane || pane.selection.length === 0) return;
    this.host.post({ type: 'exportSelection', view: pane.index, indices: pane.selection });
  }

  /** The selection, or else the picked point, as the exemplars of a new fault class. */
  private addClass(): void {
    const pane = this.panes[this.selectionView];
    if (pane && pane.selection.length > 0) {
      this.host.post({ type: 'addClass', view: pane.index, indices: pane.selection });
    } else if (this.picked) {
      const { view, index } = this.picked;
      this.host.post({ type: 'addClass', view, indices: Uint32Array.of(index) });
    }
  }

  private setColourBy(colourBy: ColourBy): void {
    this.colourBy = colourBy;
    this.state.colourBy = colourBy;
    this.save();
    if (colourBy.kind !== 'column') {
      for (const pane of this.panes) pane.setColourBy(colourBy);
      return;
    }

    for (const pane of this.panes) {
      const values = this.columns.get(columnKey(pane.index, colourBy.name));
      if (values) pane.setColourBy(colourBy, values);
      else this.host.post({ type: 'requestColumn', view: pane.index, name: colourBy.name });
    }
  }

  private columnArrived(view: number, name: string, values: Float32Array): void {
    this.columns.set(columnKey(view, name), values);
    if (this.colourBy.kind === 'column' && this.colourBy.name === name) {
      this.panes[view]?.setColourBy(this.colourBy, values);
    }
  }

  /** Label-only queries run here; comparisons over columns go to the host. */
  private filter(query: string): void {
    this.query = query;
    for (const pane of this.panes) {
      if (query === '') pane.setMask(undefined);
      else if (isLabelOnly(query)) pane.setMask(labelMask(pane.data, query));
      else this.host.post({ type: 'filter', view: pane.index, query });
    }
    this.updateFilterStatus();
  }

  private updateFilterStatus(): void {
    const counts = this.panes.map(
      (pane) => `${pane.matching().toLocaleString()} of ${pane.data.count.toLocaleString()}`,
    );
    this.toolbar.setStatus(
      this.query === '' ? `${counts.join(' / ')} points` : `${counts.join(' / ')} match`,
    );
  }

  /** Copies the moved camera to the other panes, then saves it. */
  private syncCamera(view: number): void {
    const camera: CameraState = this.panes[view].scene.cameraState();
    for (const pane of this.panes) if (pane.index !== view) pane.scene.applyCamera(camera);
    this.state.camera = camera;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY);
  }

  private save(): void {
    this.host.saveState(this.state);
  }

  private applyTheme(): void {
    const theme = currentTheme();
    for (const pane of this.panes) {
      pane.setTheme(theme.background, theme.foreground, theme.highlight, theme.plot);
    }
  }
}

function columnKey(view: number, name: string): string {
  return `${view}\u0000${name}`;
}

function element(tag: string, className: string): HTMLElement {
  const created = document.createElement(tag);
  created.className = className;
  return created;
}
