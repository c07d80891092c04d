/**
 * Every message between the extension host and the cluster view, in one place. Host and webview
 * both import this file, so a renamed field breaks the build instead of the view. Big arrays
 * travel as typed arrays: `postMessage` structured-clones them without a JSON detour.
 */

/** The most scenes one panel shows side by side. */
export const MAX_VIEWS = 4;

/** Longest filter query or column name the host accepts from the webview. */
export const MAX_TEXT_LENGTH = 1000;

/** One scene's points, as the webview needs them (full embeddings stay on the host). */
export interface ViewData {
  title: string;
  count: number;
  /** `[count, 3]` positions in `[0, 1]^3`. */
  positions: Float32Array;
  /** Names of the three drawn axes: `e1..e3` for a 3-D embedding, `PC1..PC3` for a projection. */
  axisNames: [string, string, string];
  /** `[count]` label per point, an index into `labelNames`, -1 where there is none. */
  labels: Int32Array;
  labelNames: string[];
  /** `[count]` predicted class per point, an index into `predictedNames`. */
  predicted?: Int32Array;
  predictedNames?: string[];
  /** `[count]` 1 where the point resembles no known state. */
  novel?: Uint8Array;
  /** `[count]` 0-based record number in the source file of each point. */
  records: Int32Array;
  /** Header of the source file: the columns the user can colour or filter by. */
  columns: string[];
  /** Loss curves so far, one value per epoch. */
  loss: number[];
  validationLoss: number[];
  metrics: Record<string, number>;
}

/** Where the shared camera looks from; all scenes of a panel use the same state. */
export interface CameraState {
  position: [number, number, number];
  target: [number, number, number];
  up: [number, number, number];
  zoom: number;
}

/** What the points are coloured by. */
export type ColourBy =
  | { kind: 'label' }
  | { kind: 'predicted' }
  | { kind: 'novelty' }
  | { kind: 'column'; name: string };

/**
 * What the host needs to load the same data again after a reload (for example the model bundle
 * folder and the CSV files). The host chooses the keys; the webview only stores them.
 */
export type RestoreKey = Record<string, string | number | boolean | string[]>;

/** What the webview keeps with `setState`, and the serializer hands back after a reload. */
export interface SavedViewState {
  restore?: RestoreKey;
  camera?: CameraState;
  colourBy?: ColourBy;
}

/** One of a picked record's nearest neighbours in the full embedding space. */
export interface Neighbour {
  /** Point index within the same view. */
  index: number;
  /** 0-based record number in the source file. */
  record: number;
  label: string;
  /** Squared Euclidean distance between the full embeddings. */
  distance: number;
}

/** Messages from the host to the webview. */
export type ToWebview =
  /** Replaces everything shown with 1..4 scenes; `state` restores camera and colouring. */
  | { type: 'show'; views: ViewData[]; state?: SavedViewState }
  /** Answers `pickRecord`: the raw record, where it is, its embedding and nearest neighbours. */
  | {
      type: 'record';
      view: number;
      index: number;
      record: number;
      line: number;
      header: string[];
      fields: string[];
      /** `[dims]` the point's full embedding. */
      embedding: Float32Array;
      neighbours: Neighbour[];
    }
  /** Answers `requestColumn`: `[count]` numeric values of a column, NaN where not a number. */
  | { type: 'column'; view: number; name: string; values: Float32Array }
  /** Answers `filter`: `[count]` 1 where the point matches the query. */
  | { type: 'filterResult'; view: number; query: string; mask: Uint8Array }
  /** One finished training epoch: new `[count, 3]` positions and the loss curves so far. */
  | {
      type: 'trainingEpoch';
      view: number;
      epoch: number;
      positions: Float32Array;
      loss: number[];
      validationLoss: number[];
    }
  /** The training report's figures, shown under the scene. */
  | { type: 'metrics'; view: number; metrics: Record<string, number> }
  /** A problem the user should read in the view, such as a filter that does not parse. */
  | { type: 'notice'; view: number; message: string };

/** Messages from the webview to the host. */
export type FromWebview =
  /** The script has loaded and listens; the host may send `show`. */
  | { type: 'ready' }
  /** Asks for the raw record and neighbours of point `index` of scene `view`. */
  | { type: 'pickRecord'; view: number; index: number }
  /** Asks the host to reveal the point's record in the CSV editor. */
  | { type: 'openRecord'; view: number; index: number }
  /** Asks for the numeric values of a column, to colour by it. */
  | { type: 'requestColumn'; view: number; name: string }
  /** Asks the host to evaluate a query over columns and labels. */
  | { type: 'filter'; view: number; query: string }
  /** Asks the host to save the raw records of the selected points as a CSV the user picks. */
  | { type: 'exportSelection'; view: number; indices: Uint32Array }
  /** Asks the host to keep the points' embeddings as exemplars of a new fault class. */
  | { type: 'addClass'; view: number; indices: Uint32Array };

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isViewIndex(value: unknown): value is number {
  return isIndex(value) && value < MAX_VIEWS;
}

function isShortText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT_LENGTH;
}

/**
 * Whether a value received from the webview is a well-formed message. The host drops anything
 * else. Ranges that depend on the data (an index below the view's count) are the handler's check.
 */
export function isFromWebview(value: unknown): value is FromWebview {
  if (!isObject(value)) return false;

  switch (value.type) {
    case 'ready':
      return true;
    case 'pickRecord':
    case 'openRecord':
      return isViewIndex(value.view) && isIndex(value.index);
    case 'requestColumn':
      return isViewIndex(value.view) && isShortText(value.name) && value.name.length > 0;
    case 'filter':
      return isViewIndex(value.view) && isShortText(value.query);
    case 'exportSelection':
    case 'addClass':
      return isViewIndex(value.view) && value.indices instanceof Uint32Array;
    default:
      return false;
  }
}

const TO_WEBVIEW_TYPES: ReadonlySet<string> = new Set([
  'show',
  'record',
  'column',
  'filterResult',
  'trainingEpoch',
  'metrics',
  'notice',
]);

/** Whether a value received by the webview looks like a host message (others are ignored). */
export function isToWebview(value: unknown): value is ToWebview {
  return isObject(value) && typeof value.type === 'string' && TO_WEBVIEW_TYPES.has(value.type);
}

function isTriple(value: unknown): value is [number, number, number] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((item) => typeof item === 'number' && Number.isFinite(item))
  );
}

function isCameraState(value: unknown): value is CameraState {
  return (
    isObject(value) &&
    isTriple(value.position) &&
    isTriple(value.target) &&
    isTriple(value.up) &&
    typeof value.zoom === 'number' &&
    value.zoom > 0
  );
}

function isColourBy(value: unknown): value is ColourBy {
  if (!isObject(value)) return false;
  if (value.kind === 'column') return isShortText(value.name);
  return value.kind === 'label' || value.kind === 'predicted' || value.kind === 'novelty';
}

function isRestoreKey(value: unknown): value is RestoreKey {
  if (!isObject(value) || Array.isArray(value)) return false;
  return Object.values(value).every(
    (item) =>
      ['string', 'number', 'boolean'].includes(typeof item) ||
      (Array.isArray(item) && item.every((entry) => typeof entry === 'string')),
  );
}

/**
 * Whether a state handed back after a reload has the saved shape. It came from the webview:
 * the host still checks any paths in `restore` before opening them.
 */
export function isSavedViewState(value: unknown): value is SavedViewState {
  if (!isObject(value)) return false;
  const { restore, camera, colourBy } = value;
  return (
    (restore === undefined || isRestoreKey(restore)) &&
    (camera === undefined || isCameraState(camera)) &&
    (colourBy === undefined || isColourBy(colourBy))
  );
}
