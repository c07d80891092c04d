import { advance, Cell, CellCondition, dailyLoad, makeCells } from './cells';
import { Kpis, measure } from './kpis';
import { Random } from './random';

export const SAMPLE_HEADER = [
  'timestamp',
  'cell_id',
  'vendor',
  'band',
  'throughput_mbps',
  'latency_ms',
  'jitter_ms',
  'packet_loss_pct',
  'call_drop_rate',
  'ho_failure_rate',
  'rsrp_dbm',
  'sinr_db',
  'prb_util_pct',
  'cpu_load_pct',
  'alarm_count',
  'state',
];

export const SAMPLE_CELLS = 40;
const INTERVAL_MS = 15 * 60 * 1000;
const START = Date.UTC(2024, 2, 4);
/** Share of counters an element manager fails to report; they arrive as empty fields. */
const UNREPORTED = 0.004;

/**
 * Cell KPI records, one per cell per 15-minute interval, interval after interval. The same seed
 * gives the same records.
 */
export class TelecomSample {
  private readonly random: Random;
  private readonly cells: Cell[];
  private readonly conditions: CellCondition[];
  private interval = 0;
  private cell = 0;

  constructor(seed: number, cells = SAMPLE_CELLS) {
    this.random = new Random(seed);
    this.cells = makeCells(this.random, cells);
    this.conditions = this.cells.map(() => ({ state: 'normal', severity: 0, remaining: 0 }));
  }

  /** The next record's fields, in `SAMPLE_HEADER` order. */
  next(): string[] {
    const time = START + this.interval * INTERVAL_MS;
    const date = new Date(time);
    const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;

    const cell = this.cells[this.cell];
    const load = Math.min(0.98, dailyLoad(hour, weekend) * cell.loadScale);
    const condition = advance(this.random, this.conditions[this.cell], load);
    this.conditions[this.cell] = condition;
    const kpis = measure(this.random, cell, load, condition);

    this.cell += 1;
    if (this.cell === this.cells.length) {
      this.cell = 0;
      this.interval += 1;
    }
    return [
      date.toISOString().replace('.000Z', 'Z'),
      cell.id,
      cell.vendor,
      cell.band,
      ...this.format(kpis),
      condition.state,
    ];
  }

  private format(kpis: Kpis): string[] {
    const maybe = (text: string) => (this.random.chance(UNREPORTED) ? '' : text);
    return [
      kpis.throughput.toFixed(2),
      kpis.latency.toFixed(1),
      maybe(kpis.jitter.toFixed(2)),
      kpis.packetLoss.toFixed(3),
      kpis.callDrops.toFixed(3),
      kpis.handoverFailures.toFixed(2),
      kpis.rsrp.toFixed(1),
      kpis.sinr.toFixed(1),
      kpis.prbUtil.toFixed(1),
      maybe(kpis.cpuLoad.toFixed(1)),
      String(kpis.alarms),
    ];
  }
}
