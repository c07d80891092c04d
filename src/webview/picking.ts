/**
 * Finding points on screen: the nearest point to a click, and the points inside a dragged box.
 * Each works on the raw view-projection matrix in one typed loop, so a million points take a
 * few milliseconds and no acceleration structure has to be kept up to date while points move.
 */

/** A canvas-relative rectangle in CSS pixels. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Canvas size in CSS pixels. */
export interface Viewport {
  width: number;
  height: number;
}

/** Where a point lands on the canvas; `depth` is the normalised depth (-1 near, 1 far). */
export interface ScreenPoint {
  x: number;
  y: number;
  depth: number;
}

/**
 * Projects one world point to canvas pixels.
 *
 * @param matrix column-major 4x4 view-projection matrix (`projection * view`).
 * @returns undefined when the point is behind the camera or outside the depth range.
 */
export function projectPoint(
  matrix: ArrayLike<number>,
  x: number,
  y: number,
  z: number,
  viewport: Viewport,
): ScreenPoint | undefined {
  const out = new Float64Array(3);
  if (!projectInto(matrix, x, y, z, viewport, out)) return undefined;
  return { x: out[0], y: out[1], depth: out[2] };
}

/**
 * `projectPoint` without allocating: writes x, y and depth into `out` and returns whether the
 * point is in front of the camera, so the loops below create no object per point.
 */
function projectInto(
  matrix: ArrayLike<number>,
  x: number,
  y: number,
  z: number,
  viewport: Viewport,
  out: Float64Array,
): boolean {
  const w = matrix[3] * x + matrix[7] * y + matrix[11] * z + matrix[15];
  if (w <= 0) return false;

  const depth = (matrix[2] * x + matrix[6] * y + matrix[10] * z + matrix[14]) / w;
  if (depth < -1 || depth > 1) return false;

  const ndcX = (matrix[0] * x + matrix[4] * y + matrix[8] * z + matrix[12]) / w;
  const ndcY = (matrix[1] * x + matrix[5] * y + matrix[9] * z + matrix[13]) / w;
  out[0] = ((ndcX + 1) / 2) * viewport.width;
  out[1] = ((1 - ndcY) / 2) * viewport.height;
  out[2] = depth;
  return true;
}

/**
 * The visible point nearest to a canvas position, within `tolerance` pixels; among points at
 * the same distance the one nearer the camera wins.
 *
 * @param positions `[count, 3]` world positions.
 * @param visible `[count]` 1 where the point is drawn; undefined when all are.
 * @returns the point index, or -1 when none is close enough.
 */
export function nearestOnScreen(
  positions: Float32Array,
  visible: Uint8Array | undefined,
  matrix: ArrayLike<number>,
  viewport: Viewport,
  pointerX: number,
  pointerY: number,
  tolerance: number,
): number {
  const count = Math.floor(positions.length / 3);
  const screen = new Float64Array(3);
  let best = -1;
  let bestDistance = tolerance * tolerance;
  let bestDepth = Infinity;

  for (let i = 0; i < count; i++) {
    if (visible && visible[i] === 0) continue;

    const at = i * 3;
    if (
      !projectInto(matrix, positions[at], positions[at + 1], positions[at + 2], viewport, screen)
    ) {
      continue;
    }

    const dx = screen[0] - pointerX;
    const dy = screen[1] - pointerY;
    const distance = dx * dx + dy * dy;
    const closer = distance < bestDistance || (distance === bestDistance && screen[2] < bestDepth);
    if (closer) {
      best = i;
      bestDistance = distance;
      bestDepth = screen[2];
    }
  }
  return best;
}

/**
 * The visible points whose projection falls inside a box, in index order.
 *
 * @param positions `[count, 3]` world positions.
 * @returns `[selected]` point indexes.
 */
export function pointsInBox(
  positions: Float32Array,
  visible: Uint8Array | undefined,
  matrix: ArrayLike<number>,
  viewport: Viewport,
  box: ScreenBox,
): Uint32Array {
  const count = Math.floor(positions.length / 3);
  const found = new Uint32Array(count);
  const screen = new Float64Array(3);
  let selected = 0;

  for (let i = 0; i < count; i++) {
    if (visible && visible[i] === 0) continue;

    const at = i * 3;
    if (
      !projectInto(matrix, positions[at], positions[at + 1], positions[at + 2], viewport, screen)
    ) {
      continue;
    }

    const x = screen[0];
    const y = screen[1];
    const inside = x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
    if (inside) found[selected++] = i;
  }
  return found.slice(0, selected);
}
