/**
 * One three.js scene of the cluster view: the points, the cube, orbit controls, overlays for
 * the selection and the picked point. It renders on demand, only after something changed.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

import type { CameraState } from '../shared/protocol';
import { CubeAxes } from './axes';
import { projectPoint, type ScreenPoint, type Viewport } from './picking';
import { discTexture, ringMarkerTexture } from './pointSprites';

// Colours arrive as sRGB bytes and CSS colours; draw them as given, without conversions.
THREE.ColorManagement.enabled = false;

const DEFAULT_CAMERA: CameraState = {
  position: [2.1, 1.5, 2.3],
  target: [0.5, 0.5, 0.5],
  up: [0, 1, 0],
  zoom: 1,
};

/** Point diameter in CSS pixels: smaller when there are many points. */
function pointSize(count: number): number {
  return count > 200_000 ? 2 : count > 20_000 ? 3 : 5;
}

export class ClusterScene {
  readonly canvas: HTMLCanvasElement;
  /** `[count, 4]` RGBA bytes of the points; call `coloursChanged` after writing. */
  readonly colours: Uint8Array;
  /** Called after the user moved the camera (not after `applyCamera`). */
  onCameraChange: () => void = () => undefined;

  private readonly renderer: THREE.WebGLRenderer;
  private readonly camera: THREE.PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly scene = new THREE.Scene();
  private readonly positions: THREE.BufferAttribute;
  private readonly colourAttribute: THREE.BufferAttribute;
  private readonly selectionIndex: THREE.BufferAttribute;
  private readonly pickedIndex: THREE.BufferAttribute;
  private readonly geometries: THREE.BufferGeometry[] = [];
  private readonly materials: THREE.PointsMaterial[] = [];
  private readonly selectionPoints: THREE.Points;
  private readonly pickedPoints: THREE.Points;
  private readonly axes: CubeAxes;
  private readonly resizeObserver: ResizeObserver;
  private renderQueued = false;
  private applyingCamera = false;
  private frameCount = 0;
  /** `[subsample]` the points drawn while the camera moves, for views too large to orbit whole. */
  private movingIndex: THREE.BufferAttribute | null = null;

  constructor(container: HTMLElement, positions: Float32Array, axisNames: readonly string[]) {
    const count = positions.length / 3;
    this.canvas = document.createElement('canvas');
    container.appendChild(this.canvas);

    this.renderer = new THREE.WebGLRenderer({ canvas: this.canvas, antialias: false });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.outputColorSpace = THREE.LinearSRGBColorSpace;

    this.camera = new THREE.PerspectiveCamera(BASE_FOV, 1, 0.01, 100);
    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.addEventListener('change', () => this.cameraMoved());
    this.controls.addEventListener('start', () => this.setMoving(true));
    this.controls.addEventListener('end', () => this.setMoving(false));

    this.positions = new THREE.BufferAttribute(positions, 3);
    this.colours = new Uint8Array(count * 4);
    this.colourAttribute = new THREE.BufferAttribute(this.colours, 4, true);
    this.scene.add(this.createPoints(pointSize(count)));
    this.movingIndex = coarseIndex(count);

    this.selectionIndex = new THREE.BufferAttribute(new Uint32Array(Math.max(1, count)), 1);
    this.selectionPoints = this.createOverlay(this.selectionIndex, pointSize(count) + 4, -1);
    this.pickedIndex = new THREE.BufferAttribute(new Uint32Array(1), 1);
    this.pickedPoints = this.createOverlay(this.pickedIndex, 18, 1);
    this.setSelection(new Uint32Array(0));
    this.setPicked(-1);

    this.axes = new CubeAxes(container, axisNames);
    this.scene.add(this.axes.object);

    this.applyCamera(DEFAULT_CAMERA);
    this.resizeObserver = new ResizeObserver(() => this.resize(container));
    this.resizeObserver.observe(container);
  }

  /** The points themselves: round, a fixed size in screen pixels, hidden where alpha is 0. */
  private createPoints(size: number): THREE.Points {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', this.positions);
    geometry.setAttribute('color', this.colourAttribute);

    // Points of 3 pixels or less look the same square or round: skip the texture, which costs
    // a texture read and a discard per fragment.
    const material = new THREE.PointsMaterial({
      size,
      sizeAttenuation: false,
      vertexColors: true,
      map: size > 3 ? discTexture() : null,
      alphaTest: 0.5,
    });
    return this.track(new THREE.Points(geometry, material), geometry, material);
  }

  /**
   * While the user drags the camera, a large view draws a fixed subsample of its points so that
   * orbiting stays smooth; the whole view is drawn again when the drag ends.
   */
  private setMoving(moving: boolean): void {
    if (!this.movingIndex) return;
    this.geometries[0].setIndex(moving ? this.movingIndex : null);
    this.requestRender();
  }

  /** Points drawn again from an index list, bigger, to mark a selection or the picked point. */
  private createOverlay(index: THREE.BufferAttribute, size: number, order: number): THREE.Points {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', this.positions);
    geometry.setIndex(index);

    const onTop = order > 0;
    const material = new THREE.PointsMaterial({
      size,
      sizeAttenuation: false,
      map: onTop ? ringMarkerTexture() : discTexture(),
      alphaTest: 0.5,
      depthTest: !onTop,
    });
    const points = this.track(new THREE.Points(geometry, material), geometry, material);
    points.renderOrder = order;
    this.scene.add(points);
    return points;
  }

  private track(
    points: THREE.Points,
    geometry: THREE.BufferGeometry,
    material: THREE.PointsMaterial,
  ): THREE.Points {
    points.frustumCulled = false;
    this.geometries.push(geometry);
    this.materials.push(material);
    return points;
  }

  /** Theme colours, as CSS colours: background, lines, and the highlight of marked points. */
  setTheme(background: string, foreground: string, highlight: string): void {
    this.renderer.setClearColor(new THREE.Color().setStyle(background));
    this.axes.setColour(foreground);
    this.materials[1].color.setStyle(foreground);
    this.materials[2].color.setStyle(highlight);
    this.requestRender();
  }

  /** Moves the points, e.g. after a training epoch. @param positions `[count, 3]` */
  setPositions(positions: Float32Array): void {
    (this.positions.array as Float32Array).set(positions);
    this.positions.needsUpdate = true;
    this.requestRender();
  }

  /** The current `[count, 3]` positions. */
  positionArray(): Float32Array {
    return this.positions.array as Float32Array;
  }

  coloursChanged(): void {
    this.colourAttribute.needsUpdate = true;
    this.requestRender();
  }

  /** Marks the given point indexes as selected. */
  setSelection(indices: Uint32Array): void {
    const array = this.selectionIndex.array as Uint32Array;
    array.set(indices.subarray(0, array.length));
    this.selectionIndex.clearUpdateRanges();
    this.selectionIndex.addUpdateRange(0, indices.length);
    this.selectionIndex.needsUpdate = true;
    this.selectionPoints.geometry.setDrawRange(0, indices.length);
    this.selectionPoints.visible = indices.length > 0;
    this.requestRender();
  }

  /** Rings the picked point; -1 removes the ring. */
  setPicked(index: number): void {
    this.pickedPoints.visible = index >= 0;
    if (index >= 0) {
      this.pickedIndex.setX(0, index);
      this.pickedIndex.needsUpdate = true;
    }
    this.requestRender();
  }

  cameraState(): CameraState {
    const { position, up } = this.camera;
    const target = this.controls.target;
    return {
      position: [position.x, position.y, position.z],
      target: [target.x, target.y, target.z],
      up: [up.x, up.y, up.z],
      zoom: this.camera.zoom,
    };
  }

  /** Moves the camera without reporting it through `onCameraChange`. */
  applyCamera(state: CameraState): void {
    this.applyingCamera = true;
    this.camera.position.fromArray(state.position);
    this.camera.up.fromArray(state.up);
    this.camera.zoom = state.zoom;
    this.camera.updateProjectionMatrix();
    this.controls.target.fromArray(state.target);
    this.controls.update();
    this.applyingCamera = false;
    this.requestRender();
  }

  /** Enables or disables orbiting, e.g. while the user drags a selection box. */
  setControlsEnabled(enabled: boolean): void {
    this.controls.enabled = enabled;
  }

  /** Column-major `projection * view` matrix of the current camera. */
  viewProjection(): number[] {
    this.camera.updateMatrixWorld();
    const matrix = new THREE.Matrix4();
    matrix.multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse);
    return matrix.elements;
  }

  viewport(): Viewport {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  /** Where point `index` appears, in CSS pixels relative to the canvas. */
  screenPositionOf(index: number): ScreenPoint | undefined {
    const positions = this.positionArray();
    const at = index * 3;
    const [x, y, z] = [positions[at], positions[at + 1], positions[at + 2]];
    return projectPoint(this.viewProjection(), x, y, z, this.viewport());
  }

  /** Frames drawn so far. */
  frames(): number {
    return this.frameCount;
  }

  /** Draws once on the next animation frame, however many changes come before it. */
  requestRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.renderQueued = false;
    this.renderer.render(this.scene, this.camera);
    this.axes.placeLabels(this.viewProjection(), this.viewport());
    this.frameCount++;
  }

  private cameraMoved(): void {
    this.requestRender();
    if (!this.applyingCamera) this.onCameraChange();
  }

  private resize(container: HTMLElement): void {
    const width = Math.max(1, container.clientWidth);
    const height = Math.max(1, container.clientHeight);
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.fov = verticalFov(this.camera.aspect);
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.controls.dispose();
    this.axes.dispose();
    for (const geometry of this.geometries) geometry.dispose();
    for (const material of this.materials) {
      material.map?.dispose();
      material.dispose();
    }
    this.renderer.dispose();
    this.canvas.remove();
  }
}

/** Views with more points than this draw a subsample of about this many while orbiting. */
const MOVING_POINTS = 250_000;

/** Every k-th point, for views larger than `MOVING_POINTS`; `null` for smaller ones. */
function coarseIndex(count: number): THREE.BufferAttribute | null {
  if (count <= MOVING_POINTS) return null;
  const step = Math.ceil(count / MOVING_POINTS);
  const index = new Uint32Array(Math.ceil(count / step));
  for (let i = 0; i < index.length; i++) index[i] = i * step;
  return new THREE.BufferAttribute(index, 1);
}

/** Vertical field of view, in degrees, of a pane at least as wide as it is tall. */
const BASE_FOV = 45;

/** A narrow pane widens the vertical view, so the cube keeps its horizontal room. */
function verticalFov(aspect: number): number {
  if (aspect >= 1) return BASE_FOV;
  const half = (BASE_FOV * Math.PI) / 360;
  return (360 / Math.PI) * Math.atan(Math.tan(half) / aspect);
}
