/** Point colours: a palette for classes, a continuous map for numeric columns. */
import type { ColourBy, ViewData } from '../shared/protocol';

/** Red, green, blue in 0..255. */
export type Rgb = [number, number, number];

/** One class in the legend. */
export interface LegendEntry {
  /** Class index the points carry (-1 for points without one). */
  key: number;
  name: string;
  colour: Rgb;
  count: number;
  hidden: boolean;
}

/** The continuous scale of a numeric column, as the legend shows it. */
export interface ColourScale {
  name: string;
  low: number;
  high: number;
  /** Points whose field is not a number (drawn grey). */
  missing: number;
}

export interface Legend {
  entries: LegendEntry[];
  scale?: ColourScale;
}

/** What decides each point's colour and visibility. */
export interface ColourInput {
  view: ViewData;
  by: ColourBy;
  /** `[count]` the column's values when colouring by a column. */
  column?: Float32Array;
  /** Class keys the user hid in the legend. */
  hidden: ReadonlySet<number>;
  /** `[count]` 1 where the point passes the filter. */
  mask?: Uint8Array;
}

const PALETTE: Rgb[] = [
  [78, 121, 167],
  [242, 142, 43],
  [225, 87, 89],
  [118, 183, 178],
  [89, 161, 79],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
  [156, 117, 95],
  [186, 176, 172],
];

const GREY: Rgb = [128, 128, 128];

/** Stops of a perceptually ordered dark-blue to yellow map, evenly spaced over 0..1. */
const SCALE_STOPS: Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Colour of class `key`; beyond the palette, hues step round the circle by the golden angle. */
export function classColour(key: number): Rgb {
  if (key < 0) return GREY;
  if (key < PALETTE.length) return PALETTE[key];
  return hslToRgb(((key * 137.508) % 360) / 360, 0.6, 0.55);
}

/** The continuous map at `t` in 0..1. */
export function scaleColour(t: number): Rgb {
  const clamped = Math.min(1, Math.max(0, t)) * (SCALE_STOPS.length - 1);
  const lower = Math.min(SCALE_STOPS.length - 2, Math.floor(clamped));
  const share = clamped - lower;
  const [a, b] = [SCALE_STOPS[lower], SCALE_STOPS[lower + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * share)) as Rgb;
}

/**
 * Fills each point's colour and visibility, and returns the legend that explains them.
 *
 * @param colours `[count, 4]` RGBA bytes; alpha 0 hides a point.
 * @param visible `[count]` 1 where the point is drawn and can be picked.
 */
export function colourPoints(input: ColourInput, colours: Uint8Array, visible: Uint8Array): Legend {
  const { view, mask } = input;
  if (input.by.kind === 'column' && input.column) {
    const scale = columnScale(input.by.name, input.column);
    for (let i = 0; i < view.count; i++) {
      const value = input.column[i];
      const colour = Number.isNaN(value) ? GREY : scaleColour(scaleShare(value, scale));
      setPoint(colours, visible, i, colour, !mask || mask[i] === 1);
    }
    return { entries: [], scale };
  }

  const { classes, names } = categories(input);
  let highest = names.length - 1;
  for (let i = 0; i < view.count; i++) if (classes[i] > highest) highest = classes[i];
  const keyCount = Math.max(highest + 1, 2);
  const counts = new Int32Array(keyCount + 1);
  const shownKey = new Uint8Array(keyCount + 1);
  const table = new Uint8Array((keyCount + 1) * 3);
  for (let key = -1; key < keyCount; key++) {
    table.set(classColour(key), (key + 1) * 3);
    shownKey[key + 1] = input.hidden.has(key) ? 0 : 1;
  }

  // One typed loop: a million points take milliseconds, not a second.
  for (let i = 0; i < view.count; i++) {
    const slot = classes[i] < 0 ? 0 : classes[i] + 1;
    counts[slot]++;
    const shown = shownKey[slot] === 1 && (!mask || mask[i] === 1);
    const at = i * 4;
    colours[at] = table[slot * 3];
    colours[at + 1] = table[slot * 3 + 1];
    colours[at + 2] = table[slot * 3 + 2];
    colours[at + 3] = shown ? 255 : 0;
    visible[i] = shown ? 1 : 0;
  }

  const entries: LegendEntry[] = [];
  for (let key = -1; key < keyCount; key++) {
    if (counts[key + 1] === 0) continue;
    entries.push({
      key,
      name: key < 0 ? 'no label' : (names[key] ?? `class ${key}`),
      colour: classColour(key),
      count: counts[key + 1],
      hidden: input.hidden.has(key),
    });
  }
  return { entries };
}

/** Per point class key (`[count]`, -1 for none) and the names of the keys. */
function categories(input: ColourInput): { classes: ArrayLike<number>; names: string[] } {
  const { view } = input;
  if (input.by.kind === 'predicted' && view.predicted) {
    return { classes: view.predicted, names: view.predictedNames ?? [] };
  }
  if (input.by.kind === 'novelty' && view.novel) {
    return { classes: view.novel, names: ['known', 'novel'] };
  }
  return { classes: view.labels, names: view.labelNames };
}

/**
 * The scale runs from the 2nd to the 98th percentile, so that a few extreme values (byte
 * counts, latencies) do not squeeze every other point into one colour.
 */
function columnScale(name: string, values: Float32Array): ColourScale {
  const finite = values.filter((value) => Number.isFinite(value)).sort();
  const missing = values.length - finite.length;
  if (finite.length === 0) return { name, low: 0, high: 0, missing };

  const at = (share: number): number => finite[Math.floor(share * (finite.length - 1))];
  return { name, low: at(0.02), high: at(0.98), missing };
}

function scaleShare(value: number, scale: ColourScale): number {
  const span = scale.high - scale.low;
  return span > 0 ? (value - scale.low) / span : 0.5;
}

function setPoint(
  colours: Uint8Array,
  visible: Uint8Array,
  point: number,
  colour: Rgb,
  shown: boolean,
): void {
  const at = point * 4;
  colours[at] = colour[0];
  colours[at + 1] = colour[1];
  colours[at + 2] = colour[2];
  colours[at + 3] = shown ? 255 : 0;
  visible[point] = shown ? 1 : 0;
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const amplitude = saturation * Math.min(lightness, 1 - lightness);
  const channel = (offset: number): number => {
    const k = (offset + hue * 12) % 12;
    return lightness - amplitude * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [channel(0), channel(8), channel(4)].map((c) => Math.round(c * 255)) as Rgb;
}

/** `#rrggbb` for CSS. */
export function cssColour(colour: Rgb): string {
  return '#' + colour.map((c) => c.toString(16).padStart(2, '0')).join('');
}
