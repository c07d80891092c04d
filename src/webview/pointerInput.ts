/**
 * Tells a click (pick a point) from a drag (orbit, handled by OrbitControls) and from a
 * shift-drag (box selection, drawn as a rectangle over the canvas).
 */
import type { ScreenBox } from './picking';

/** A press that moves less than this many pixels is a click. */
const CLICK_SLOP = 4;

export interface PointerHandlers {
  click(x: number, y: number): void;
  box(box: ScreenBox): void;
  /** Turns orbiting off while a box is dragged. */
  orbiting(enabled: boolean): void;
}

/** Listens on `surface` (the element around the canvas); returns a function that stops it. */
export function watchPointer(surface: HTMLElement, handlers: PointerHandlers): () => void {
  const band = document.createElement('div');
  band.className = 'selection-band';
  band.hidden = true;
  surface.appendChild(band);

  let start: { x: number; y: number; boxing: boolean; id: number } | undefined;
  const local = (event: PointerEvent): { x: number; y: number } => {
    const rect = surface.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const boxTo = (event: PointerEvent): ScreenBox => {
    const end = local(event);
    const from = start ?? end;
    return {
      left: Math.min(from.x, end.x),
      top: Math.min(from.y, end.y),
      right: Math.max(from.x, end.x),
      bottom: Math.max(from.y, end.y),
    };
  };

  // Capture phase, so orbiting is off before OrbitControls sees a shift press.
  const down = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    start = { ...local(event), boxing: event.shiftKey, id: event.pointerId };
    if (start.boxing) {
      handlers.orbiting(false);
      surface.setPointerCapture(event.pointerId);
    }
  };
  const move = (event: PointerEvent): void => {
    if (!start?.boxing || event.pointerId !== start.id) return;
    const box = boxTo(event);
    band.hidden = false;
    band.style.transform = `translate(${box.left}px, ${box.top}px)`;
    band.style.width = `${box.right - box.left}px`;
    band.style.height = `${box.bottom - box.top}px`;
  };
  const up = (event: PointerEvent): void => {
    if (!start || event.pointerId !== start.id) return;
    const box = boxTo(event);
    const moved = Math.max(box.right - box.left, box.bottom - box.top);
    const end = local(event);

    if (start.boxing) {
      band.hidden = true;
      handlers.orbiting(true);
      if (moved >= CLICK_SLOP) handlers.box(box);
      else handlers.click(end.x, end.y);
    } else if (moved < CLICK_SLOP) {
      handlers.click(end.x, end.y);
    }
    start = undefined;
  };

  surface.addEventListener('pointerdown', down, { capture: true });
  surface.addEventListener('pointermove', move);
  surface.addEventListener('pointerup', up);
  return () => {
    surface.removeEventListener('pointerdown', down, { capture: true });
    surface.removeEventListener('pointermove', move);
    surface.removeEventListener('pointerup', up);
    band.remove();
  };
}
