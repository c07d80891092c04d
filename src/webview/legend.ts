/** The legend under a scene: each class with its colour and count, or a column's scale. */
import { cssColour, scaleColour, type Legend } from './colours';

/** Fills `element` with the legend; a click on a class calls `onToggle` with its key. */
export function renderLegend(
  element: HTMLElement,
  legend: Legend,
  onToggle: (key: number) => void,
): void {
  element.replaceChildren();

  for (const entry of legend.entries) {
    const item = document.createElement('button');
    item.className = 'legend-entry';
    item.classList.toggle('hidden-class', entry.hidden);
    item.title = entry.hidden ? 'Show this class' : 'Hide this class';
    item.setAttribute('aria-pressed', String(!entry.hidden));

    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.backgroundColor = cssColour(entry.colour);
    const name = document.createElement('span');
    name.textContent = entry.name;
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = entry.count.toLocaleString();

    item.append(swatch, name, count);
    item.addEventListener('click', () => onToggle(entry.key));
    element.appendChild(item);
  }

  if (legend.scale) element.appendChild(scaleBar(legend.scale));
}

function scaleBar(scale: NonNullable<Legend['scale']>): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'legend-scale';

  const name = document.createElement('span');
  name.textContent = scale.name;
  const low = document.createElement('span');
  low.textContent = formatNumber(scale.low);
  const gradient = document.createElement('span');
  gradient.className = 'gradient';
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => cssColour(scaleColour(t)));
  gradient.style.backgroundImage = `linear-gradient(to right, ${stops.join(', ')})`;
  const high = document.createElement('span');
  high.textContent = formatNumber(scale.high);

  bar.append(name, low, gradient, high);
  if (scale.missing > 0) {
    const missing = document.createElement('span');
    missing.className = 'count';
    missing.textContent = `${scale.missing.toLocaleString()} not numbers (grey)`;
    bar.appendChild(missing);
  }
  return bar;
}

/** A short form for legends and tables: up to 4 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(4)).toLocaleString(undefined, { maximumFractionDigits: 6 });
}
