/** The loss curves under a scene, drawn on a small 2-D canvas, and the report's metrics. */
import { formatNumber } from './legend';

/** CSS colours of the plot, read from the theme. */
export interface PlotColours {
  foreground: string;
  loss: string;
  validation: string;
}

/**
 * Draws training and validation loss per epoch, both on one vertical scale from 0 to the
 * largest value seen. An empty history draws only the frame.
 */
export function drawLossPlot(
  canvas: HTMLCanvasElement,
  loss: number[],
  validationLoss: number[],
  colours: PlotColours,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);

  const margin = { left: 40, right: 8, top: 8, bottom: 16 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const finite = [...loss, ...validationLoss].filter(Number.isFinite);
  const top = finite.length > 0 ? Math.max(...finite) : 1;
  const epochs = Math.max(loss.length, validationLoss.length);

  context.strokeStyle = colours.foreground;
  context.fillStyle = colours.foreground;
  context.globalAlpha = 0.5;
  context.strokeRect(margin.left, margin.top, plotWidth, plotHeight);
  context.globalAlpha = 1;
  context.font = '10px sans-serif';
  context.fillText(formatNumber(top), 2, margin.top + 8);
  context.fillText('0', 2, margin.top + plotHeight);
  context.fillText(`epochs: ${epochs}`, margin.left, height - 3);

  const x = (epoch: number): number =>
    margin.left + (epochs > 1 ? (epoch / (epochs - 1)) * plotWidth : plotWidth / 2);
  const y = (value: number): number => margin.top + plotHeight * (1 - value / (top || 1));
  drawCurve(context, loss, colours.loss, x, y);
  drawCurve(context, validationLoss, colours.validation, x, y);
}

function drawCurve(
  context: CanvasRenderingContext2D,
  values: number[],
  colour: string,
  x: (epoch: number) => number,
  y: (value: number) => number,
): void {
  context.strokeStyle = colour;
  context.lineWidth = 1.5;
  context.beginPath();
  values.forEach((value, epoch) => {
    if (!Number.isFinite(value)) return;
    if (epoch === 0) context.moveTo(x(epoch), y(value));
    else context.lineTo(x(epoch), y(value));
  });
  context.stroke();
}

/** Fills a definition list with the report's metrics, one row each. */
export function renderMetrics(element: HTMLElement, metrics: Record<string, number>): void {
  element.replaceChildren();
  for (const [name, value] of Object.entries(metrics)) {
    const term = document.createElement('dt');
    term.textContent = name;
    const definition = document.createElement('dd');
    definition.textContent = formatNumber(value);
    element.append(term, definition);
  }
}
