import { Cell, CellCondition } from './cells';
import { Random } from './random';

/** One cell's counters over one 15-minute interval. */
export interface Kpis {
  throughput: number;
  latency: number;
  jitter: number;
  packetLoss: number;
  callDrops: number;
  handoverFailures: number;
  rsrp: number;
  sinr: number;
  prbUtil: number;
  cpuLoad: number;
  alarms: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The KPIs of a cell at a given load in a given condition. A healthy cell's KPIs follow its load;
 * each fault pushes a few of them, in proportion to its severity, so mild faults stay inside the
 * healthy spread and different faults share symptoms (throughput, drops, alarms).
 */
export function measure(random: Random, cell: Cell, load: number, now: CellCondition): Kpis {
  const is = (state: CellCondition['state']) => (now.state === state ? now.severity : 0);

  const busy = clamp(load + 0.35 * is('congestion') * (1 - load) + random.normal(0, 0.04), 0, 1);
  const outage = is('power_outage');
  const flapping = is('transport_flap') * (random.chance(0.6) ? 1 : 0.15);

  const interference = is('interference');
  const interferenceLoss = interference > 0 ? 2 + 10 * interference : 0;
  const sinr = cell.sinr - 6 * busy - interferenceLoss - 3 * outage;
  const noisySinr = sinr + random.normal(0, 2.5);
  const radioQuality = clamp(0.35 + 0.65 * (noisySinr + 5) / 25, 0.05, 1.2);

  const throughput =
    cell.peakThroughput *
    (1 - 0.65 * busy) *
    radioQuality *
    (1 - 0.45 * is('backhaul_degradation') - 0.3 * flapping - 0.35 * is('hardware_fault')) *
    (1 - 0.6 * outage) *
    random.logNormal(0.18);

  const latency =
    (11 + 28 * busy ** 4 + 45 * is('backhaul_degradation') + 20 * flapping) *
    (1 + 0.6 * is('congestion')) *
    random.logNormal(0.2);
  const jitter =
    latency * 0.12 * (1 + 3 * is('backhaul_degradation') + 5 * flapping) * random.logNormal(0.35);
  const packetLoss =
    0.05 * random.logNormal(0.8) +
    0.4 * busy ** 6 +
    1.6 * is('backhaul_degradation') +
    4 * flapping +
    0.6 * is('congestion');

  const callDrops =
    (0.25 + 0.35 * Math.max(0, 3 - noisySinr) / 8) *
    (1 + 2 * is('hardware_fault') + 1.5 * outage + 0.8 * is('congestion')) *
    random.logNormal(0.45);
  const handoverFailures =
    1.2 * (1 + 2.5 * is('interference') + 1.2 * is('hardware_fault')) * random.logNormal(0.45);

  const outageLoss = outage > 0 ? 3 + 14 * outage : 0;
  const rsrp = cell.rsrp - 4 * is('hardware_fault') - outageLoss;
  const prbUtil = clamp(100 * busy * (1 - 0.7 * outage) + random.normal(0, 4), 0, 100);
  const cpuLoad = clamp(
    22 + 38 * busy + 35 * is('hardware_fault') - 10 * outage + random.normal(0, 6),
    1,
    100,
  );
  const backhaul = is('backhaul_degradation');
  const alarmRate = 0.15 + 3.5 * is('hardware_fault') + 6 * outage + 2 * flapping + 0.6 * backhaul;

  return {
    throughput,
    latency,
    jitter,
    packetLoss: clamp(packetLoss, 0, 100),
    callDrops,
    handoverFailures,
    rsrp: rsrp + random.normal(0, 2),
    sinr: noisySinr,
    prbUtil,
    cpuLoad,
    alarms: random.poisson(alarmRate),
  };
}
