/**
 * How long the extension host's event loop stalls while "Train Siamese Network" runs on NSL-KDD's
 * training file, split into the epochs (the live view's updates) and what follows the last epoch
 * (embedding the file, building the cluster view's data).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'perf_hooks';
import * as vscode from 'vscode';

import type { Emit } from './index';
import { closeEditors, delay, train, workspaceFile } from './host';

/** Sampling interval of the histogram, ms: each sample is this interval plus any stall. */
const RESOLUTION_MS = 10;
const EPOCHS = 5;
const NS_PER_MS = 1e6;
/** How long the idle host is watched first, for comparison with the training run. */
const IDLE_MS = 10_000;

export async function measureEventLoopDelay(emit: Emit): Promise<void> {
  const shared = process.env.SIAMESE_LENS_SHARED;
  if (!shared) throw new Error('SIAMESE_LENS_SHARED names the shared folder with NSL-KDD.');
  const file = vscode.Uri.file(path.join(shared, 'data', 'nsl-kdd', 'train.csv'));
  const bundleDir = workspaceFile('.siamese-lens', 'bench-nsl-kdd').fsPath;
  fs.rmSync(bundleDir, { recursive: true, force: true });
  await closeEditors();
  const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  idle.enable();
  await delay(IDLE_MS);
  idle.disable();

  const whole = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let phase = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let epochs: IntervalHistogram | undefined;
  whole.enable();
  phase.enable();
  const started = Date.now();
  const loopBefore = performance.eventLoopUtilization();

  await train(file, {
    label: 'attack_class',
    ignore: ['attack', 'difficulty'],
    loss: 'lossless',
    epochs: EPOCHS,
    bundleDir,
    onEpoch: (report) => {
      if (report.epoch !== report.epochs || epochs) return;
      phase.disable();
      epochs = phase;
      phase = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      phase.enable();
    },
  });
  whole.disable();
  phase.disable();
  const seconds = (Date.now() - started) / 1000;
  const loop = performance.eventLoopUtilization(loopBefore);

  const report = (histogram: IntervalHistogram, what: string): void => {
    emit(`host event-loop delay max, ${what}`, histogram.max / NS_PER_MS, 'ms');
    emit(`host event-loop delay p99, ${what}`, histogram.percentile(99) / NS_PER_MS, 'ms');
  };
  report(idle, `idle host for ${IDLE_MS / 1000} s before training (machine load)`);
  report(whole, `training NSL-KDD train.csv ${EPOCHS} epochs`);
  if (epochs) report(epochs, 'during the epochs');
  report(phase, 'after the last epoch (embedding and cluster view)');
  emit('host event-loop delay mean, whole training run', whole.mean / NS_PER_MS, 'ms');
  emit(`host event-loop sampling interval`, RESOLUTION_MS, 'ms');
  emit('training command on NSL-KDD train.csv, wall time', seconds, 's');
  emit('host event-loop busy time during the training command', loop.active / 1000, 's');
  emit('host event-loop utilisation during the training command', loop.utilization, 'share');
  emit('host load average over the last minute', os.loadavg()[0], 'runnable processes');
  await closeEditors();
}
