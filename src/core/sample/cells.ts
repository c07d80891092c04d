import { Random } from './random';

/** The states a cell can be in; the sample's `state` label. */
export const STATES = [
  'normal',
  'congestion',
  'interference',
  'hardware_fault',
  'backhaul_degradation',
  'transport_flap',
  'power_outage',
] as const;

export type CellState = (typeof STATES)[number];

export type FaultState = Exclude<CellState, 'normal' | 'congestion'>;

/** How often each load-independent fault starts, relative to the others. */
export const FAULT_WEIGHTS: Record<FaultState, number> = {
  interference: 0.3,
  hardware_fault: 0.2,
  backhaul_degradation: 0.25,
  transport_flap: 0.17,
  power_outage: 0.08,
};

const VENDORS = ['Ericsson', 'Nokia', 'Huawei', 'Samsung'];
const VENDOR_WEIGHTS = [0.38, 0.32, 0.22, 0.08];

/** Bands with the mean user throughput (Mbps) an unloaded cell gives. */
const BANDS: { name: string; throughput: number }[] = [
  { name: 'B20', throughput: 28 },
  { name: 'n28', throughput: 38 },
  { name: 'B3', throughput: 55 },
  { name: 'B7', throughput: 70 },
  { name: 'n78', throughput: 180 },
];
const BAND_WEIGHTS = [0.2, 0.12, 0.3, 0.2, 0.18];

/** What stays fixed about a cell. */
export interface Cell {
  id: string;
  vendor: string;
  band: string;
  /** Mean user throughput of the band when the cell is idle, Mbps. */
  peakThroughput: number;
  /** Typical received power in the cell, dBm. */
  rsrp: number;
  /** Typical signal quality in the cell when idle, dB. */
  sinr: number;
  /** How busy the cell gets relative to the network's daily curve. */
  loadScale: number;
}

/** What changes over time: the current state and how much longer it lasts. */
export interface CellCondition {
  state: CellState;
  /** 0 (barely visible) to 1 (textbook case). */
  severity: number;
  /** Intervals left in the current fault. */
  remaining: number;
}

export function makeCells(random: Random, count: number): Cell[] {
  return Array.from({ length: count }, (_, position) => {
    const band = BANDS[random.weighted(BAND_WEIGHTS)];
    return {
      id: `CELL-${String(position + 1).padStart(3, '0')}`,
      vendor: VENDORS[random.weighted(VENDOR_WEIGHTS)],
      band: band.name,
      peakThroughput: band.throughput * random.uniform(0.8, 1.2),
      rsrp: random.normal(-89, 7),
      sinr: random.normal(15, 3),
      loadScale: random.uniform(0.55, 1.15),
    };
  });
}

/**
 * Share of a cell's capacity in use at an hour of the week: low at night, a midday plateau and
 * an evening peak, a little quieter at weekends.
 */
export function dailyLoad(hourOfDay: number, weekend: boolean): number {
  const midday = Math.exp(-(((hourOfDay - 12.5) / 3.5) ** 2));
  const evening = Math.exp(-(((hourOfDay - 20) / 2.5) ** 2));
  const load = 0.12 + 0.45 * midday + 0.6 * evening;
  return weekend ? load * 0.85 : load;
}

/** Fault episodes per interval for a healthy cell. */
const FAULT_START = 0.028;
/** Congestion episodes per interval at full load; none below half load. */
const CONGESTION_START = 0.2;

/**
 * Moves a cell's condition on by one interval: a running fault counts down, a healthy cell may
 * start a fault (congestion only when busy). Mild faults are as likely as severe ones.
 */
export function advance(random: Random, condition: CellCondition, load: number): CellCondition {
  if (condition.remaining > 1) return { ...condition, remaining: condition.remaining - 1 };

  const congestion = CONGESTION_START * Math.max(0, (load - 0.5) / 0.5);
  const draw = random.next();
  if (draw < congestion) {
    return { state: 'congestion', severity: random.uniform(0.1, 1), remaining: episode(random, 4) };
  }
  if (draw < congestion + FAULT_START) {
    const faults = Object.keys(FAULT_WEIGHTS) as FaultState[];
    const state = faults[random.weighted(faults.map((fault) => FAULT_WEIGHTS[fault]))];
    return { state, severity: random.uniform(0.1, 1), remaining: episode(random, 8) };
  }
  return { state: 'normal', severity: 0, remaining: 0 };
}

/** Episode length in intervals: geometric with the given mean, at least one. */
function episode(random: Random, mean: number): number {
  return 1 + Math.floor(Math.log(1 - random.next()) / Math.log(1 - 1 / mean));
}
