/** The `[0, 1]^3` cube the points live in, its three axes, and their names as DOM text. */
import * as THREE from 'three';

import { projectPoint, type Viewport } from './picking';

/** Where the axis names sit: just past the far end of each axis. */
const LABEL_ANCHORS: [number, number, number][] = [
  [1.08, 0, 0],
  [0, 1.08, 0],
  [0, 0, 1.08],
];

/** The cube's edges and the axes, drawn in the theme's foreground colour. */
export class CubeAxes {
  readonly object = new THREE.Group();
  private readonly edgeMaterial = new THREE.LineBasicMaterial({ transparent: true, opacity: 0.25 });
  private readonly axisMaterial = new THREE.LineBasicMaterial();
  private readonly edgeGeometry: THREE.EdgesGeometry;
  private readonly axisGeometry: THREE.BufferGeometry;
  private readonly boxGeometry: THREE.BoxGeometry;
  private readonly labels: HTMLElement[];

  constructor(overlay: HTMLElement, axisNames: readonly string[]) {
    this.boxGeometry = new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5);
    this.edgeGeometry = new THREE.EdgesGeometry(this.boxGeometry);
    this.object.add(new THREE.LineSegments(this.edgeGeometry, this.edgeMaterial));

    const axisEnds = new Float32Array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    this.axisGeometry = new THREE.BufferGeometry();
    this.axisGeometry.setAttribute('position', new THREE.BufferAttribute(axisEnds, 3));
    this.object.add(new THREE.LineSegments(this.axisGeometry, this.axisMaterial));

    this.labels = axisNames.map((name) => {
      const label = document.createElement('div');
      label.className = 'axis-label';
      label.textContent = name;
      overlay.appendChild(label);
      return label;
    });
  }

  /** Colours the lines; `colour` is any CSS colour. */
  setColour(colour: string): void {
    this.edgeMaterial.color.setStyle(colour);
    this.axisMaterial.color.setStyle(colour);
  }

  /** Moves the DOM labels to where the axis ends appear on the canvas. */
  placeLabels(matrix: ArrayLike<number>, viewport: Viewport): void {
    LABEL_ANCHORS.forEach(([x, y, z], axis) => {
      const label = this.labels[axis];
      const screen = projectPoint(matrix, x, y, z, viewport);
      label.hidden = screen === undefined;
      if (screen) label.style.transform = `translate(${screen.x}px, ${screen.y}px)`;
    });
  }

  dispose(): void {
    this.boxGeometry.dispose();
    this.edgeGeometry.dispose();
    this.axisGeometry.dispose();
    this.edgeMaterial.dispose();
    this.axisMaterial.dispose();
    for (const label of this.labels) label.remove();
  }
}
