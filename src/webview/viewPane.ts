/**
 * One column of the panel: a scene with its title, legend, loss curves and metrics, and the
 * per-view state (colours, hidden classes, filter mask, selection, picked point).
 */
import type { ColourBy, ViewData } from '../shared/protocol';
import { colourPoints } from './colours';
import { renderLegend } from './legend';
import { drawLossPlot, renderMetrics, type PlotColours } from './lossPlot';
import { nearestOnScreen, pointsInBox, type ScreenBox } from './picking';
import { watchPointer } from './pointerInput';
import { ClusterScene } from './scene';

/** A click selects the nearest point within this many CSS pixels. */
const PICK_TOLERANCE = 8;

/** What a pane reports to the panel around it. */
export interface PaneEvents {
  picked(view: number, index: number): void;
  boxSelected(view: number, indices: Uint32Array): void;
  cameraMoved(view: number): void;
}

export class ViewPane {
  readonly scene: ClusterScene;
  /** `[count]` 1 where the point is drawn and can be picked. */
  readonly visible: Uint8Array;
  selection: Uint32Array = new Uint32Array(0);
  picked = -1;

  private readonly root = document.createElement('section');
  private readonly legend = document.createElement('div');
  private readonly lossCanvas = document.createElement('canvas');
  private readonly metrics = document.createElement('dl');
  private readonly hidden = new Set<number>();
  private readonly stopPointer: () => void;
  private colourBy: ColourBy = { kind: 'label' };
  private column?: Float32Array;
  private mask?: Uint8Array;
  private plotColours?: PlotColours;

  constructor(
    parent: HTMLElement,
    readonly index: number,
    readonly data: ViewData,
    events: PaneEvents,
  ) {
    this.root.className = 'view-pane';
    const title = document.createElement('h2');
    title.textContent = data.title;
    const surface = document.createElement('div');
    surface.className = 'scene';
    this.legend.className = 'legend';
    this.lossCanvas.className = 'loss-plot';
    this.metrics.className = 'metrics';
    this.root.append(title, surface, this.legend, this.lossCanvas, this.metrics);
    parent.appendChild(this.root);

    this.scene = new ClusterScene(surface, data.positions, data.axisNames);
    this.scene.onCameraChange = () => events.cameraMoved(index);
    this.visible = new Uint8Array(data.count);
    this.recolour();
    renderMetrics(this.metrics, data.metrics);

    this.stopPointer = watchPointer(surface, {
      click: (x, y) => events.picked(index, this.pointAt(x, y)),
      box: (box) => events.boxSelected(index, this.pointsIn(box)),
      orbiting: (enabled) => this.scene.setControlsEnabled(enabled),
    });
  }

  /** Colours by labels, predictions, novelty, or a column whose `[count]` values are given. */
  setColourBy(colourBy: ColourBy, column?: Float32Array): void {
    this.colourBy = colourBy;
    this.column = column;
    this.recolour();
  }

  /** Shows only points whose mask is 1; undefined shows all. @param mask `[count]` */
  setMask(mask: Uint8Array | undefined): void {
    this.mask = mask;
    this.recolour();
  }

  /** Points passing the filter (all when there is none). */
  matching(): number {
    if (!this.mask) return this.data.count;
    let count = 0;
    for (let i = 0; i < this.mask.length; i++) count += this.mask[i];
    return count;
  }

  setSelection(indices: Uint32Array): void {
    this.selection = indices;
    this.scene.setSelection(indices);
  }

  setPicked(index: number): void {
    this.picked = index;
    this.scene.setPicked(index);
  }

  /** A training epoch: move the points and extend the loss curves. */
  showEpoch(positions: Float32Array, loss: number[], validationLoss: number[]): void {
    this.data.loss = loss;
    this.data.validationLoss = validationLoss;
    this.scene.setPositions(positions);
    this.drawPlot();
  }

  showMetrics(metrics: Record<string, number>): void {
    this.data.metrics = metrics;
    renderMetrics(this.metrics, metrics);
  }

  setTheme(background: string, foreground: string, highlight: string, plot: PlotColours): void {
    this.scene.setTheme(background, foreground, highlight);
    this.plotColours = plot;
    this.drawPlot();
  }

  /** The point index of a record number in this view, or -1. */
  indexOfRecord(record: number): number {
    const records = this.data.records;
    return records[record] === record ? record : records.indexOf(record);
  }

  private pointAt(x: number, y: number): number {
    const { scene } = this;
    const matrix = scene.viewProjection();
    return nearestOnScreen(
      scene.positionArray(),
      this.visible,
      matrix,
      scene.viewport(),
      x,
      y,
      PICK_TOLERANCE,
    );
  }

  private pointsIn(box: ScreenBox): Uint32Array {
    const { scene } = this;
    return pointsInBox(
      scene.positionArray(),
      this.visible,
      scene.viewProjection(),
      scene.viewport(),
      box,
    );
  }

  private recolour(): void {
    const legend = colourPoints(
      {
        view: this.data,
        by: this.colourBy,
        column: this.column,
        hidden: this.hidden,
        mask: this.mask,
      },
      this.scene.colours,
      this.visible,
    );
    this.scene.coloursChanged();
    renderLegend(this.legend, legend, (key) => {
      if (!this.hidden.delete(key)) this.hidden.add(key);
      this.recolour();
    });
  }

  private drawPlot(): void {
    const hasCurves = this.data.loss.length > 0 || this.data.validationLoss.length > 0;
    this.lossCanvas.hidden = !hasCurves;
    if (hasCurves && this.plotColours) {
      drawLossPlot(this.lossCanvas, this.data.loss, this.data.validationLoss, this.plotColours);
    }
  }

  dispose(): void {
    this.stopPointer();
    this.scene.dispose();
    this.root.remove();
  }
}
