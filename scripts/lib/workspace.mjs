// The folder the tests open in VS Code: a generated cell-KPI CSV, a small NSL-KDD slice, and
// workspace settings that keep training short.
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, repoRoot, sharedRoot } from './paths.mjs';
import { run } from './proc.mjs';

export const CELL_KPI_RECORDS = 2000;
export const CELL_KPI_SEED = 7;
export const NSL_KDD_RECORDS = 3000;

const CLI = path.join(repoRoot, 'dist', 'cli.js');

/**
 * Fills `folder` (made fresh) with `cell-kpis.csv`, `nsl-kdd-small.csv` and
 * `.vscode/settings.json`, and returns `{ folder, cellKpis, nslKdd, cellKpisSource }` where
 * `cellKpisSource` says whether the CSV came from the CLI or from the fallback here.
 */
export async function createWorkspace(folder) {
  fs.rmSync(folder, { recursive: true, force: true });
  ensureDir(folder);

  const cellKpis = path.join(folder, 'cell-kpis.csv');
  const cellKpisSource = await writeCellKpis(cellKpis);
  const nslKdd = path.join(folder, 'nsl-kdd-small.csv');
  writeNslKddSlice(nslKdd, NSL_KDD_RECORDS);

  const settings = path.join(ensureDir(path.join(folder, '.vscode')), 'settings.json');
  fs.writeFileSync(settings, JSON.stringify({ 'siameseLens.epochs': 2 }, null, 2) + '\n');
  return { folder, cellKpis, nslKdd, cellKpisSource };
}

/** Generates the cell-KPI sample with the extension's own CLI, or the fallback below. */
export async function writeCellKpis(file, records = CELL_KPI_RECORDS, seed = CELL_KPI_SEED) {
  if (fs.existsSync(CLI)) {
    const args = [CLI, 'sample', '--records', String(records), '--seed', String(seed)];
    const result = await run(process.execPath, [...args, '--out', file], { quiet: true });
    if (result.code === 0 && hasRecords(file)) return 'cli';
  }
  fs.rmSync(file, { force: true });
  writeFallbackCellKpis(file, records, seed);
  console.warn(
    `workspace: dist/cli.js sample is unavailable; wrote a fallback ${path.basename(file)}`,
  );
  return 'fallback';
}

function hasRecords(file) {
  if (!fs.existsSync(file)) return false;
  return fs.readFileSync(file, 'utf8').trim().split('\n').length > 1;
}

/** The header and the first `records` records of the shared NSL-KDD training file. */
function writeNslKddSlice(file, records) {
  const source = path.join(sharedRoot, 'data', 'nsl-kdd', 'train.csv');
  if (!fs.existsSync(source)) {
    throw new Error(`NSL-KDD not found at ${source}; set SIAMESE_LENS_SHARED to the shared folder`);
  }
  const lines = fs.readFileSync(source, 'utf8').split('\n');
  fs.writeFileSync(file, lines.slice(0, records + 1).join('\n') + '\n');
}

/**
 * Fallback used only while `dist/cli.js sample` does not exist: a small seeded cell-KPI table
 * with four states whose KPIs differ, enough for the tests to train on. It is not the CLI's
 * generator and its figures mean nothing beyond that.
 */
function writeFallbackCellKpis(file, records, seed) {
  const random = mulberry32(seed);
  const states = [
    { name: 'normal', load: 0.4, users: 60, throughput: 80, drops: 0.005, alarms: 0 },
    { name: 'congestion', load: 0.95, users: 180, throughput: 25, drops: 0.03, alarms: 1 },
    { name: 'interference', load: 0.5, users: 70, throughput: 30, drops: 0.06, alarms: 2 },
    { name: 'outage', load: 0.02, users: 2, throughput: 0.5, drops: 0.4, alarms: 6 },
  ];
  const header = [
    'timestamp',
    'cell_id',
    'rat',
    'prb_utilisation',
    'rrc_users',
    'dl_throughput_mbps',
    'drop_rate',
    'alarm_count',
    'state',
  ];
  const rows = [header.join(',')];
  const start = Date.UTC(2025, 0, 1);
  for (let index = 0; index < records; index++) {
    const state = states[Math.floor(random() * states.length)];
    const jitter = (scale) => 1 + (random() - 0.5) * scale;
    rows.push(
      [
        new Date(start + index * 15 * 60 * 1000).toISOString(),
        `cell-${String(1 + Math.floor(random() * 40)).padStart(3, '0')}`,
        random() < 0.7 ? 'LTE' : 'NR',
        Math.min(1, state.load * jitter(0.3)).toFixed(3),
        Math.round(state.users * jitter(0.5)),
        (state.throughput * jitter(0.4)).toFixed(2),
        Math.min(1, state.drops * jitter(0.6)).toFixed(4),
        Math.max(0, Math.round(state.alarms + (random() - 0.5) * 2)),
        state.name,
      ].join(','),
    );
  }
  fs.writeFileSync(file, rows.join('\n') + '\n');
}

/** A small seeded PRNG: the same seed gives the same records. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
