/**
 * Benchmarks inside a real extension host, started by `scripts/bench-host.mjs` in place of the
 * integration tests: VS Code loads this file and awaits `run()`. Figures go as JSON lines to
 * `bench.jsonl` in the folder named by `SIAMESE_LENS_RESULTS`, where the script reads them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { measureEventLoopDelay } from './eventLoop';
import { profileLongTasks } from './longTasks';
import { soak } from './soak';

/** One figure, as every benchmark of the repository prints it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  cores: number;
}

export type Emit = (name: string, value: number, unit: string) => void;

export async function run(): Promise<void> {
  const resultsDir = process.env.SIAMESE_LENS_RESULTS ?? path.resolve('test-results', 'bench-host');
  fs.mkdirSync(resultsDir, { recursive: true });
  const output = path.join(resultsDir, 'bench.jsonl');
  fs.writeFileSync(output, '');
  const emit: Emit = (name, value, unit) => {
    const figure: Figure = { name, value, unit, cores: os.cpus().length };
    fs.appendFileSync(output, JSON.stringify(figure) + '\n');
  };

  try {
    const only = process.env.SIAMESE_LENS_BENCH;
    if (!only || only === 'event-loop') await measureEventLoopDelay(emit);
    if (!only || only === 'soak') await soak(emit);
    if (only === 'profile') {
      const functions = await profileLongTasks(emit);
      fs.writeFileSync(path.join(resultsDir, 'long-task.txt'), functions.join('\n') + '\n');
    }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    fs.writeFileSync(path.join(resultsDir, 'error.txt'), message + '\n');
    throw error;
  }
}
